/**
 * GitHub's secondary limit on content creation, kept by the bot itself: at most 80 content-creating
 * requests a minute and 500 an hour per installation (comments, issues, PRs, labels, reactions,
 * deployments, statuses, check runs…), counted over sliding windows across all the work this process
 * has in flight for that installation. Every installation Octokit the app makes goes through it
 * (`applyContentBudget`, wired in src/index.ts for webhook contexts and in
 * src/use-cases/installation-directory.ts for the scheduler's installations).
 *
 * Priorities: work runs as "interactive" (a `/release` answer, a release PR write, deploy feedback on
 * the PR) unless it runs inside `asFanOut` (telling released issues). A fan-out may use the budget only
 * up to `limits - reserve`, so interactive work always finds the reserve free and never waits behind a
 * fan-out. A fan-out that would wait (or run) past `maxFanOutRunMs` is deferred instead: it throws a
 * transient `rate-limited` GitHubError (`isContentBudgetDeferral`), so the lock it holds is released in
 * time and the reconciler resumes it later (the fan-out is resumable by its markers).
 *
 * The budget is per process: with replicas, each keeps its own (see the README's operations section).
 * Time comes from `clock` (real time by default), so tests can run simulated hours at once.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { GitHubError } from "./github-port.js";

export interface BudgetClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_BUDGET_CLOCK: BudgetClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export interface ContentLimits {
  perMinute: number;
  perHour: number;
}

/** GitHub's documented secondary limits on content creation. */
export const GITHUB_CONTENT_LIMITS: ContentLimits = { perMinute: 80, perHour: 500 };
/** Kept for interactive work: a fan-out gets at most 60 a minute and 400 an hour. */
export const DEFAULT_INTERACTIVE_RESERVE: ContentLimits = { perMinute: 20, perHour: 100 };
/** Under the lock's hold bound (keyed-lock.ts, 5 min): a fan-out run never holds its lock past it. */
export const DEFAULT_MAX_FAN_OUT_RUN_MS = 3 * 60_000;
/** Added to each window: GitHub stamps a request when it arrives, a little after the bot counted it. */
const MARGIN_MS = 2_000;
const MINUTE_MS = 60_000 + MARGIN_MS;
const HOUR_MS = 3_600_000 + MARGIN_MS;

export type Priority = "interactive" | "fan-out";

interface FanOutRun {
  /** When the run's first content-creating request asked the budget (budget clock). */
  startedAt?: number;
}

const fanOutRuns = new AsyncLocalStorage<FanOutRun>();

/** Runs `work` as a fan-out: its content-creating requests use the fan-out share and are deferred past the run bound. */
export function asFanOut<T>(work: () => Promise<T>): Promise<T> {
  return fanOutRuns.run({}, work);
}

const CONTENT_CREATING: [method: string, path: RegExp][] = [
  ["POST", /^\/repos\/[^/]+\/[^/]+\/issues$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/issues\/[^/]+\/(comments|labels|reactions)$/],
  ["PUT", /^\/repos\/[^/]+\/[^/]+\/issues\/[^/]+\/labels$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/(issues|pulls)\/comments\/[^/]+\/reactions$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/pulls$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/pulls\/[^/]+\/(comments|reviews)$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/labels$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/deployments(\/[^/]+\/statuses)?$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/statuses\/[^/]+$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/check-runs$/],
  ["POST", /^\/repos\/[^/]+\/[^/]+\/releases$/],
];

/** Whether a request (Octokit's endpoint options: a route template or an expanded URL) creates content. */
export function isContentCreating(options: { method?: string; url?: string }): boolean {
  const method = (options.method ?? "GET").toUpperCase();
  const path = (options.url ?? "").replace(/^https?:\/\/[^/]+/, "").replace(/^\/api\/v3/, "").split("?")[0];
  return CONTENT_CREATING.some(([m, pattern]) => m === method && pattern.test(path));
}

/** The budget deferred a fan-out (transient: it is resumed later). */
export function isContentBudgetDeferral(error: unknown): boolean {
  return error instanceof GitHubError && error.kind === "rate-limited" && error.message.includes(DEFERRAL_PREFIX);
}

const DEFERRAL_PREFIX = "release-bot's content budget";

export class ContentBudget {
  readonly limits: ContentLimits;
  readonly reserve: ContentLimits;
  readonly maxFanOutRunMs: number;
  private readonly clock: BudgetClock;
  /** Grant instants per installation, oldest first, pruned to the last hour. */
  private readonly grants = new Map<number, number[]>();
  private readonly applied = new WeakSet<object>();
  /** Content-creating requests granted so far, by priority (for logs and tests). */
  readonly granted = { interactive: 0, "fan-out": 0 };
  /** Fan-out runs deferred so far. */
  deferrals = 0;

  constructor(opts: { limits?: ContentLimits; reserve?: ContentLimits; clock?: BudgetClock; maxFanOutRunMs?: number } = {}) {
    this.limits = opts.limits ?? GITHUB_CONTENT_LIMITS;
    this.reserve = opts.reserve ?? DEFAULT_INTERACTIVE_RESERVE;
    this.clock = opts.clock ?? REAL_BUDGET_CLOCK;
    this.maxFanOutRunMs = opts.maxFanOutRunMs ?? DEFAULT_MAX_FAN_OUT_RUN_MS;
    if (this.reserve.perMinute >= this.limits.perMinute || this.reserve.perHour >= this.limits.perHour) throw new Error("ContentBudget: the reserve must be smaller than the limits");
  }

  /** How long a request of `priority` must wait before it fits this installation's windows (0: now). */
  waitMs(installationId: number, priority: Priority): number {
    const now = this.clock.now();
    const stamps = this.prune(installationId, now);
    const cap = priority === "interactive" ? this.limits : { perMinute: this.limits.perMinute - this.reserve.perMinute, perHour: this.limits.perHour - this.reserve.perHour };
    let wait = 0;
    // With `cap` or more grants in a window, the one `cap` places from the newest must leave it first.
    const inMinute = stamps.length - firstAfter(stamps, now - MINUTE_MS);
    if (inMinute >= cap.perMinute) wait = Math.max(wait, stamps[stamps.length - cap.perMinute] + MINUTE_MS - now);
    if (stamps.length >= cap.perHour) wait = Math.max(wait, stamps[stamps.length - cap.perHour] + HOUR_MS - now);
    return Math.max(0, wait);
  }

  /** Waits until a request fits, then counts it. A fan-out that would wait past its run bound is deferred instead. */
  async acquire(opts: { installationId: number; priority: Priority; run?: FanOutRun; route: string }): Promise<void> {
    const { installationId, priority, run } = opts;
    if (run && run.startedAt === undefined) run.startedAt = this.clock.now();
    for (;;) {
      const wait = this.waitMs(installationId, priority);
      if (run && this.clock.now() + wait > run.startedAt! + this.maxFanOutRunMs) {
        this.deferrals++;
        const seconds = Math.max(1, Math.ceil(wait / 1000));
        throw new GitHubError({
          kind: "rate-limited",
          route: opts.route,
          message: `${DEFERRAL_PREFIX}: installation ${installationId}'s fan-out paused (its share of ${this.limits.perMinute} a minute / ${this.limits.perHour} an hour is used for the next ${seconds} s, or the run reached its ${Math.round(this.maxFanOutRunMs / 1000)} s bound); it resumes later`,
          retryAfterSeconds: seconds,
        });
      }
      if (wait === 0) {
        const stamps = this.grants.get(installationId) ?? [];
        stamps.push(this.clock.now());
        this.grants.set(installationId, stamps);
        this.granted[priority]++;
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  /** Makes every content-creating request of `octokit` (one installation's) ask this budget first; once per Octokit. */
  apply(octokit: BudgetedOctokit, installationId: number): void {
    if (this.applied.has(octokit)) return;
    this.applied.add(octokit);
    octokit.hook.wrap("request", async (request, options) => {
      if (isContentCreating(options)) {
        const run = fanOutRuns.getStore();
        await this.acquire({ installationId, priority: run ? "fan-out" : "interactive", run, route: `${String(options.method)} ${String(options.url)}` });
      }
      return request(options);
    });
  }

  private prune(installationId: number, now: number): number[] {
    const stamps = this.grants.get(installationId) ?? [];
    const keep = stamps.slice(firstAfter(stamps, now - HOUR_MS));
    if (keep.length === 0) this.grants.delete(installationId);
    else this.grants.set(installationId, keep);
    return keep;
  }
}

export interface BudgetedOctokit {
  hook: { wrap(name: "request", wrapper: (request: (options: any) => any, options: any) => Promise<any>): void };
}

/** Index of the first stamp later than `instant` (stamps ascending). */
function firstAfter(stamps: number[], instant: number): number {
  let lo = 0;
  let hi = stamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stamps[mid] > instant) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
