/**
 * Runs the real release-bot Probot server on 127.0.0.1 against a GitHub stand-in (the sandbox):
 * REST and GraphQL go to the stand-in's GHE-style `/api/v3` and `/api/graphql`, webhooks come
 * back to this server's `/api/github/webhooks`. Used by `npm run demo` and the scenario tests.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import type { Clock } from "../domain/types.js";
import { createApp } from "../index.js";

export interface GitHubStandIn {
  url: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  setWebhookTarget(url: string): void;
  clock: Clock;
  /** Capture endpoint for chat notifications. */
  notifyUrl?: string;
}

export interface RunningBot {
  url: string;
  close(): Promise<void>;
}

/** Octokit for runs against the sandbox: no waiting between writes (the sandbox has no secondary limits), no silent retries hiding errors. */
const SandboxOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

export async function startBot(opts: { github: GitHubStandIn; logLevel?: "fatal" | "error" | "warn" | "info" | "debug" }): Promise<RunningBot> {
  const { github } = opts;
  const probot = new Probot({
    appId: github.appId,
    privateKey: github.privateKey,
    secret: github.webhookSecret,
    baseUrl: `${github.url}/api/v3`,
    logLevel: opts.logLevel ?? "fatal",
    Octokit: SandboxOctokit,
  });
  const middleware = await createNodeMiddleware(createApp({ clock: github.clock, notifyUrl: github.notifyUrl }), { probot });
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
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
