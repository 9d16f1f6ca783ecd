/**
 * Runs the real release-bot Probot server on 127.0.0.1 against a GitHub stand-in (the sandbox):
 * REST and GraphQL go to the stand-in's GHE-style `/api/v3` and `/api/graphql`, webhooks come
 * back to this server's `/api/github/webhooks`. Used by `npm run demo` and the scenario tests.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit, type Logger } from "probot";
import type { Clock } from "../domain/types.js";
import { ReleaseBotOctokit } from "../github/release-bot-octokit.js";
import { createApp } from "../index.js";
import { ClockTickSource, type TickClock } from "../scheduler/clock-tick-source.js";
import { InProcessCoordinator, type RunCoordinator } from "../scheduler/run-coordinator.js";

export interface GitHubStandIn {
  url: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  setWebhookTarget(url: string): void;
  clock: Clock & TickClock;
  /** Capture endpoint for chat notifications. */
  notifyUrl?: string;
}

export interface RunningBot {
  url: string;
  /** Resolves when the scheduled work the stand-in's clock moves triggered is finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Octokit for runs against the sandbox: no waiting between writes (the sandbox has no secondary limits), no silent retries hiding errors. */
const SandboxOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

export async function startBot(opts: {
  github: GitHubStandIn;
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug";
  /** A pino logger to use instead of Probot's (stdout) one, e.g. to capture the scheduler's lines; `logLevel` is then ignored. */
  log?: Logger;
  /** Several bots (replicas) share one coordinator to run each scheduled release once. */
  coordinator?: RunCoordinator;
  /** "production": the Octokit `npm start` uses (throttled writes, rate-limit retries), for pacing benchmarks. */
  octokit?: "sandbox" | "production";
}): Promise<RunningBot> {
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
  const app = createApp({ clock: github.clock, notifyUrl: github.notifyUrl, scheduler: { ticks, coordinator }, metadataKey: github.webhookSecret });
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
  };
}
