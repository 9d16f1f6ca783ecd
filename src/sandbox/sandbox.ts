/**
 * The GitHub sandbox: an in-memory GitHub behind a local HTTP server (GitHub Enterprise layout:
 * REST at `${url}/api/v3`, GraphQL at `${url}/api/graphql`), held to GitHub's published contract,
 * delivering signed webhooks, with its own clock. The test bed of every test and the engine of
 * `npm run demo`. Several sandboxes can run in one process; none shares state with another.
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { exampleFor } from "./contract/response-examples.js";
import type { ContractViolation } from "./contract/violation.js";
import { validateWebhookPayload } from "./contract/webhook-contract.js";
import { SandboxClock, offsetMinutesOf } from "./world/clock.js";
import { World } from "./world/world.js";
import { readAppManifest } from "./world/app-manifest.js";
import { ApiRecorder } from "./http/api-recorder.js";
import { FaultInjector, type Fault } from "./http/fault-injector.js";
import { BotProcess, type RestartHook } from "./http/bot-process.js";
import { SandboxServer } from "./http/sandbox-server.js";
import { GITHUB_SECONDARY_LIMITS, SecondaryRateLimit, type SecondaryLimits } from "./http/secondary-rate-limit.js";
import { PrimaryRateLimit, type PrimaryLimits } from "./http/primary-rate-limit.js";
import { appRoutes } from "./http/routes/app-routes.js";
import { repoRoutes } from "./http/routes/repo-routes.js";
import { gitRoutes } from "./http/routes/git-routes.js";
import { pullRoutes } from "./http/routes/pull-routes.js";
import { issueRoutes } from "./http/routes/issue-routes.js";
import { issueEventRoutes } from "./http/routes/issue-event-routes.js";
import { ciRoutes } from "./http/routes/ci-routes.js";
import { deploymentRoutes } from "./http/routes/deployment-routes.js";
import { WebhookQueue } from "./webhooks/webhook-queue.js";
import { buildWebhook } from "./webhooks/build-webhook.js";
import { CommitHandles, seedWorld } from "./scenario/seed-world.js";
import { playStep } from "./scenario/play-step.js";
import type { Scenario, ScenarioStepInput } from "./scenario/scenario-schema.js";
import { parseStep } from "./scenario/load-scenario.js";
import { buildTranscript, type Transcript } from "./transcript/build-transcript.js";

export { loadScenario, parseScenario, ScenarioError } from "./scenario/load-scenario.js";
export type { Scenario, ScenarioStep, ScenarioStepInput } from "./scenario/scenario-schema.js";
export type { SecondaryLimits } from "./http/secondary-rate-limit.js";
export type { PrimaryLimits } from "./http/primary-rate-limit.js";
export type { Transcript } from "./transcript/build-transcript.js";
export type { ContractViolation } from "./contract/violation.js";
export type { Fault, FaultMode } from "./http/fault-injector.js";
export type { CrashRecord, CrashTrigger, RestartHook } from "./http/bot-process.js";
export type { Delivery } from "./webhooks/webhook-queue.js";
export { World } from "./world/world.js";

export interface StartSandboxOptions {
  scenario?: Scenario;
  webhookSecret?: string;
  /** Host of `html_url`s and GraphQL `url`s; default https://github.com (stable bodies and transcripts). */
  htmlUrl?: string;
  appId?: number;
  /** GitHub App manifest giving the app's permissions and events; default `app.yml` in the working directory (built-in defaults without one). */
  appManifest?: string;
  /** Enforce GitHub's secondary rate limit on content creation (80/min, 500/h per installation, wall clock); off by default. */
  secondaryRateLimits?: boolean | SecondaryLimits;
  /**
   * Primary rate limits per installation an hour (wall clock), over the scenario's `rateLimits`;
   * default GitHub's: 5,000 REST requests, 5,000 GraphQL points. `enforce: false` keeps the
   * headers counting but refuses nothing (a baseline that must run whatever it costs).
   */
  rateLimits?: Partial<PrimaryLimits>;
  /** How long settle() waits for quiet after the last request or delivery; default 30 ms. */
  settleQuietMs?: number;
}

export interface Sandbox {
  /** "http://127.0.0.1:PORT"; REST base `${url}/api/v3`, GraphQL `${url}/api/graphql`. */
  url: string;
  /** "127.0.0.1:PORT", for GHE_HOST. */
  host: string;
  /** Where chat notifications (Slack-style incoming webhooks) are captured: `${url}/notifications/chat`. */
  notifyUrl: string;
  appId: number;
  /** PEM (PKCS#1) of the app's private key. */
  privateKey: string;
  webhookSecret: string;
  /** Where deliveries go; until set they are queued. */
  setWebhookTarget(url: string): void;
  world: World;
  clock: SandboxClock;
  /** Validates and plays one step; resolves after settle() with the narrative lines. */
  play(step: ScenarioStepInput): Promise<string[]>;
  /** Plays every step of the scenario. */
  playAll(): Promise<string[]>;
  /** Resolves when no webhook is queued or in flight and no API request is being handled. */
  settle(): Promise<void>;
  /** The next matching request(s) fail with `status` (default once; `after`, `mode` as the `fault` step). */
  failNext(fault: Fault): void;
  /**
   * Registers how a `restart` step replaces the bot (the harness: close the old bot server,
   * `revive()`, start a new one against this sandbox). Returns an unregister function.
   */
  onRestart(hook: RestartHook): () => void;
  /** Registers what to do when the bot is killed (a harness running it in a process of its own sends SIGKILL); returns an unregister function. */
  onKill(hook: () => void): () => void;
  /** The bot's process as the sandbox sees it: down after a `crash`, its crashes, requests it sent while dead. */
  botProcess(): { down: boolean; crashes: readonly { cause: string; at: string }[]; restarts: number; refusedRequests: number };
  transcript(): Transcript;
  contractViolations(): ContractViolation[];
  /** Requests refused by the secondary rate limit (0 unless `secondaryRateLimits` is on). */
  secondaryLimitHits(): number;
  /** Requests refused because an installation's primary budget (REST requests, GraphQL points) was spent. */
  primaryLimitHits(): number;
  /** Every webhook delivery so far (event, action, payload, response status). */
  deliveries(): WebhookQueue["deliveries"];
  close(): Promise<void>;
}

export async function startSandbox(opts: StartSandboxOptions = {}): Promise<Sandbox> {
  const scenario = opts.scenario;
  const clock = new SandboxClock(scenario ? { start: new Date(scenario.start), offsetMinutes: offsetMinutesOf(scenario.start) } : {});
  const manifest = readAppManifest(resolve(opts.appManifest ?? "app.yml"));
  const world = new World({ clock, appId: opts.appId, permissions: manifest?.permissions, events: manifest?.events });
  const handles = scenario ? seedWorld(world, scenario) : new CommitHandles();
  const webhookSecret = opts.webhookSecret ?? randomBytes(16).toString("hex");
  const htmlUrl = (opts.htmlUrl ?? "https://github.com").replace(/\/$/, "");
  const recorder = new ApiRecorder();
  const faults = new FaultInjector();
  const bot = new BotProcess({ now: () => world.now(), liveCredentials: () => world.tokens.keys() });
  const webhooks = new WebhookQueue({ secret: webhookSecret, appId: world.app.id, botDown: () => bot.down || bot.restarting });
  bot.onKill(() => webhooks.cutInFlight());
  bot.onKill(() => server.dropHung());
  const secondaryRateLimit = opts.secondaryRateLimits
    ? new SecondaryRateLimit(opts.secondaryRateLimits === true ? GITHUB_SECONDARY_LIMITS : opts.secondaryRateLimits)
    : undefined;
  const rateLimit = new PrimaryRateLimit({ ...scenario?.rateLimits, ...opts.rateLimits });
  const server = new SandboxServer({
    world,
    routes: [...appRoutes, ...repoRoutes, ...gitRoutes, ...pullRoutes, ...issueRoutes, ...issueEventRoutes, ...ciRoutes, ...deploymentRoutes],
    recorder,
    faults,
    bot,
    htmlUrl,
    example: exampleFor,
    secondaryRateLimit,
    rateLimit,
  });
  const url = await server.listen();
  const renderContext = { world, apiUrl: `${url}/api/v3`, htmlUrl, example: exampleFor };
  world.onEvent((event) => {
    const message = buildWebhook(world, renderContext, event);
    if (!message) return;
    recorder.violate(validateWebhookPayload(message.event, message.action, message.payload));
    webhooks.enqueue(message, world.now());
  });

  const quietMs = opts.settleQuietMs ?? 30;
  const settle = async (): Promise<void> => {
    for (;;) {
      await webhooks.idle();
      while (server.inFlight > 0) await sleep(5);
      const mark = server.activity + webhooks.deliveries.length;
      await sleep(quietMs);
      const pending = webhooks.hasTarget() && webhooks.busy();
      if (!pending && server.inFlight === 0 && server.activity + webhooks.deliveries.length === mark) return;
    }
  };
  const env = { world, handles, webhooks, faults, bot, settle };
  let stepIndex = 0;

  return {
    url,
    host: url.replace(/^https?:\/\//, ""),
    notifyUrl: `${url}/notifications/chat`,
    appId: world.app.id,
    privateKey: world.app.privateKey,
    webhookSecret,
    setWebhookTarget: (target) => webhooks.setTarget(target),
    world,
    clock,
    play: async (step) => playStep(env, parseStep(step, stepIndex++)),
    playAll: async () => {
      const lines: string[] = [];
      for (const step of scenario?.steps ?? []) {
        stepIndex++;
        lines.push(...(await playStep(env, step)));
      }
      return lines;
    },
    settle,
    failNext: (fault) => faults.add(fault),
    onRestart: (hook) => bot.onRestart(hook),
    onKill: (hook) => bot.onKill(hook),
    botProcess: () => ({ down: bot.down, crashes: bot.crashes, restarts: bot.restarts, refusedRequests: bot.refused }),
    transcript: () => buildTranscript({ scenario: scenario?.name ?? "(no scenario)", world, recorder, webhooks, bot }),
    contractViolations: () => [...recorder.violations],
    secondaryLimitHits: () => secondaryRateLimit?.hits ?? 0,
    primaryLimitHits: () => rateLimit.hits,
    deliveries: () => webhooks.deliveries,
    close: () => server.close(),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
