/**
 * Runs the real release-bot Probot server on 127.0.0.1 against a GitHub stand-in (the sandbox):
 * REST and GraphQL go to the stand-in's GHE-style `/api/v3` and `/api/graphql`, webhooks come
 * back to this server's `/api/github/webhooks`. Used by `npm run demo` and the scenario tests.
 * `startRestartableBot` also answers the stand-in's `restart` (after a `crash` step): the old bot
 * server is closed and a fresh bot started against the same stand-in, so nothing survives in memory.
 * With `outOfProcess`, each bot runs in a process of its own (start-bot-process.ts): a `crash`
 * is a real SIGKILL and a `restart` a fresh fork.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createNodeMiddleware, Probot, ProbotOctokit, type Logger } from "probot";
import type { Clock } from "../domain/types.js";
import { createReleaseBotOctokit, ReleaseBotOctokit } from "../github/release-bot-octokit.js";
import { PRODUCTION_REQUEST_POLICY, SANDBOX_REQUEST_POLICY } from "../github/request-policy.js";
import { createApp, type AppOptions } from "../index.js";
import { ClockTickSource, type TickClock } from "../scheduler/clock-tick-source.js";
import { InProcessCoordinator, type RunCoordinator } from "../scheduler/run-coordinator.js";
import type { Lock } from "../use-cases/keyed-lock.js";
import { forkBotProcess, startBotProcess, type BotChild, type ForkedBotProcess } from "./start-bot-process.js";

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
  /** Registers what to do when the stand-in kills the bot (a `crash`); returns an unregister function. */
  onKill?(hook: () => void): () => void;
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
/** The same with production's 30 s per attempt: the bench's large worlds, whose biggest queries the sandbox answers in seconds. */
const PatientSandboxOctokit = createReleaseBotOctokit({ policy: { ...SANDBOX_REQUEST_POLICY, timeoutMs: PRODUCTION_REQUEST_POLICY.timeoutMs }, throttle: false });

export interface StartBotOptions {
  github: GitHubStandIn;
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug";
  /** A pino logger to use instead of Probot's (stdout) one, e.g. to capture the scheduler's lines; `logLevel` is then ignored. */
  log?: Logger;
  /** Several bots (replicas) share one coordinator to run each scheduled release once. */
  coordinator?: RunCoordinator;
  /** Several bots (replicas) share one lock store (a RedisLock each on one Redis) so they never work on one environment at once; default one KeyedLock per bot. */
  lock?: Lock;
  /**
   * "production": the Octokit `npm start` uses (throttled writes, rate-limit retries), for pacing benchmarks;
   * "patient": the sandbox's, with production's 30 s timeout per attempt (large benchmark worlds).
   */
  octokit?: "sandbox" | "patient" | "production";
  /** Operator settings of the app, as `npm start` reads them from the environment. */
  app?: Pick<AppOptions, "opsRepos" | "deliveries" | "contentBudget" | "configCache">;
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
    Octokit: opts.octokit === "production" ? ReleaseBotOctokit : opts.octokit === "patient" ? PatientSandboxOctokit : SandboxOctokit,
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
  /** Out of process: every child process so far, the current one last (empty in-process). */
  readonly processes: readonly BotChild[];
}

export interface RestartableBotOptions extends StartBotOptions {
  /**
   * Run each bot in a process of its own (bot-child.ts): a `crash` sends it SIGKILL at the trigger,
   * a `restart` forks a fresh one. Objects cannot cross into it: `log`, `coordinator`, `lock` and
   * `app.deliveries` are refused (use `logLine`). Default: in this process.
   */
  outOfProcess?: boolean;
  /**
   * Out of process: keep the next process forked ahead, its code loaded but nothing started (no
   * clock, no credentials, no server), so that a `restart` costs only the bot's start, not Node's
   * and tsx's loading. For scenarios with restarts.
   */
  spare?: boolean;
  /** Receives each pino line (JSON) the bot's logger writes, in either mode (in-process: unless `log` is given), at `logLevel`. */
  logLine?: (line: string) => void;
}

export async function startRestartableBot(opts: RestartableBotOptions): Promise<RestartableBot> {
  const processes: BotChild[] = [];
  let spare: ForkedBotProcess | undefined;
  let start: () => Promise<RunningBot>;
  /** In-process: a killed bot's log lines are gone with it (its leftover work may still run here). */
  let silenceCurrent = () => undefined as void;
  if (opts.outOfProcess) {
    const crossing = (["log", "coordinator", "lock"] as const).filter((key) => opts[key] !== undefined);
    if (opts.app?.deliveries) crossing.push("app.deliveries" as never);
    if (crossing.length > 0) throw new Error(`startRestartableBot: ${crossing.join(", ")} cannot cross into the bot's own process (outOfProcess)`);
    start = async () => {
      const forked = spare;
      spare = undefined;
      const child = await startBotProcess({ github: opts.github, logLevel: opts.logLevel, logLine: opts.logLine, octokit: opts.octokit, app: { opsRepos: opts.app?.opsRepos }, forked });
      processes.push(child);
      if (opts.spare) spare = forkBotProcess();
      return child;
    };
  } else {
    start = () => {
      const { logLine } = opts;
      if (opts.log || !logLine) return startBot(opts);
      let dead = false;
      silenceCurrent = () => {
        dead = true;
      };
      return startBot({ ...opts, log: pino({ level: opts.logLevel ?? "fatal" }, { write: (line: string) => void (dead || logLine(line)) }) });
    };
  }
  let current = await start();
  let generation = 1;
  // Out of process, the kill is real: SIGKILL at the trigger, before the trigger is served.
  const unregisterKill = opts.github.onKill?.(() => (opts.outOfProcess ? void current.kill() : silenceCurrent()));
  const unregister = opts.github.onRestart?.(async ({ revive }) => {
    if (opts.outOfProcess) await current.close(); // a no-op once it was killed; a graceful stop otherwise
    else await current.kill();
    revive();
    current = await start();
    generation++;
  });
  return {
    get url() {
      return current.url;
    },
    get generation() {
      return generation;
    },
    processes,
    idle: () => current.idle(),
    close: async () => {
      unregister?.();
      unregisterKill?.();
      spare?.killGroup();
      await current.close();
      await spare?.exited;
    },
    kill: () => current.kill(),
  };
}
