/**
 * Runs the real release-bot Probot server on 127.0.0.1 against a GitHub stand-in (the sandbox):
 * REST and GraphQL go to the stand-in's GHE-style `/api/v3` and `/api/graphql`, webhooks come
 * back to this server's `/api/github/webhooks`. Used by `npm run demo` and the scenario tests.
 * `startRestartableBot` also answers the stand-in's `restart` (after a `crash` step): the old bot
 * server is closed and a fresh bot started against the same stand-in, so nothing survives in memory.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit, type Logger } from "probot";
import type { Clock } from "../domain/types.js";
import { createReleaseBotOctokit, ReleaseBotOctokit } from "../github/release-bot-octokit.js";
import { SANDBOX_REQUEST_POLICY } from "../github/request-policy.js";
import { createApp, type AppOptions } from "../index.js";
import { ClockTickSource, type TickClock } from "../scheduler/clock-tick-source.js";
import { InProcessCoordinator, type RunCoordinator } from "../scheduler/run-coordinator.js";
import type { Lock } from "../use-cases/keyed-lock.js";

export interface GitHubStandIn {
  url: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  setWebhookTarget(url: string): void;
  clock: Clock & TickClock;
  /** Capture endpoint for chat notifications. */
  notifyUrl?: string;
  /** Registers how to replace a killed bot (the sandbox's `restart` step); returns an unregister function. */
  onRestart?(hook: (ctx: { revive(): void }) => Promise<void>): () => void;
}

export interface RunningBot {
  url: string;
  /** Resolves when the scheduled work the stand-in's clock moves triggered is finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
  /** Stops it as a killed process stops: its open connections are dropped, not waited for. */
  kill(): Promise<void>;
}

/** Octokit for runs against the sandbox: production's timeout and read-retry policy with short delays, no waiting between writes (the sandbox has no secondary limits). */
const SandboxOctokit = createReleaseBotOctokit({ policy: SANDBOX_REQUEST_POLICY, throttle: false });

export interface StartBotOptions {
  github: GitHubStandIn;
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug";
  /** A pino logger to use instead of Probot's (stdout) one, e.g. to capture the scheduler's lines; `logLevel` is then ignored. */
  log?: Logger;
  /** Several bots (replicas) share one coordinator to run each scheduled release once. */
  coordinator?: RunCoordinator;
  /** Several bots (replicas) share one lock store (a RedisLock each on one Redis) so they never work on one environment at once; default one KeyedLock per bot. */
  lock?: Lock;
  /** "production": the Octokit `npm start` uses (throttled writes, rate-limit retries), for pacing benchmarks. */
  octokit?: "sandbox" | "production";
  /** Operator settings of the app, as `npm start` reads them from the environment. */
  app?: Pick<AppOptions, "opsRepos" | "deliveries">;
}

export async function startBot(opts: StartBotOptions): Promise<RunningBot> {
  const { github } = opts;
  const probot = new Probot({
    appId: github.appId,
    privateKey: github.privateKey,
    secret: github.webhookSecret,
    baseUrl: `${github.url}/api/v3`,
    logLevel: opts.logLevel ?? "fatal",
    log: opts.log,
    Octokit: opts.octokit === "production" ? ReleaseBotOctokit : SandboxOctokit,
  });
  const ticks = new ClockTickSource({ clock: github.clock, log: probot.log });
  const coordinator = opts.coordinator ?? new InProcessCoordinator({ now: () => github.clock.now().getTime() });
  const app = createApp({ clock: github.clock, notifyUrl: github.notifyUrl, scheduler: { ticks, coordinator }, lock: opts.lock, metadataKey: github.webhookSecret, ...opts.app });
  const middleware = await createNodeMiddleware(app, { probot });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  github.setWebhookTarget(`${url}/api/github/webhooks`);
  return {
    url,
    idle: () => ticks.idle(),
    close: async () => {
      await ticks.stop();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
    kill: async () => {
      // A killed process's connections drop at once; what it was doing is gone.
      server.closeAllConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await ticks.stop();
      await closed;
    },
  };
}

/** A bot whose process the stand-in may kill and restart: each `restart` closes it and starts a fresh one (same options; a given `coordinator`, standing for Redis, is shared). */
export interface RestartableBot extends RunningBot {
  /** 1 for the first bot process, +1 per restart. */
  readonly generation: number;
}

export async function startRestartableBot(opts: StartBotOptions): Promise<RestartableBot> {
  let current = await startBot(opts);
  let generation = 1;
  const unregister = opts.github.onRestart?.(async ({ revive }) => {
    await current.kill();
    revive();
    current = await startBot(opts);
    generation++;
  });
  return {
    get url() {
      return current.url;
    },
    get generation() {
      return generation;
    },
    idle: () => current.idle(),
    close: async () => {
      unregister?.();
      await current.close();
    },
    kill: () => current.kill(),
  };
}
