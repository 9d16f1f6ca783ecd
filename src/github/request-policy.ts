/**
 * How release-bot talks to GitHub, for every request of every Octokit it makes:
 * - a client timeout per HTTP attempt (headers and body), default 30 s;
 * - a bounded retry of transient failures (5xx, network error, timeout) for requests that are
 *   safe to send twice: reads (GET, HEAD, GraphQL queries), PUT and PATCH (same body, same
 *   result), and the installation-token exchange. A POST that creates something (a comment, a
 *   deployment, a PR) or a GraphQL mutation is never re-sent here: its answer may have been lost
 *   after GitHub made it, and a second one would be a duplicate. DELETE is not re-sent either (a
 *   retry after a lost answer says 404).
 * - a timed-out or unreachable request comes out as a `GitHubError` of kind "network" that says
 *   what happened ("timed out after 30 s"), never as "GitHub answered 500".
 * Rate limits are not handled here: the throttling plugin waits out `retry-after` (release-bot-octokit.ts).
 */
import { GitHubError } from "./github-port.js";

export interface RequestPolicy {
  /** Per HTTP attempt, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** Wait before each retry of a transient failure; its length is the number of retries. */
  retryDelaysMs: number[];
}

export const PRODUCTION_REQUEST_POLICY: RequestPolicy = { timeoutMs: 30_000, retryDelaysMs: [1_000, 3_000] };

/** The same policy with short waits, for the sandbox harness and the demo. */
export const SANDBOX_REQUEST_POLICY: RequestPolicy = { timeoutMs: 2_500, retryDelaysMs: [20, 50] };

/** PRODUCTION_REQUEST_POLICY, with `RELEASE_BOT_GITHUB_TIMEOUT_MS` and `RELEASE_BOT_GITHUB_READ_RETRIES` when set. */
export function requestPolicyFromEnv(env: Record<string, string | undefined>): RequestPolicy {
  const timeout = Number(env.RELEASE_BOT_GITHUB_TIMEOUT_MS);
  const retries = Number(env.RELEASE_BOT_GITHUB_READ_RETRIES);
  const base = PRODUCTION_REQUEST_POLICY;
  return {
    timeoutMs: env.RELEASE_BOT_GITHUB_TIMEOUT_MS && timeout > 0 ? timeout : base.timeoutMs,
    retryDelaysMs:
      env.RELEASE_BOT_GITHUB_READ_RETRIES && Number.isInteger(retries) && retries >= 0
        ? Array.from({ length: retries }, (_, i) => base.retryDelaysMs[Math.min(i, base.retryDelaysMs.length - 1)])
        : base.retryDelaysMs,
  };
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/** The abort reason of a request that got no (complete) answer in time. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${seconds(timeoutMs)}`);
    this.name = "RequestTimeoutError";
  }
}

type Fetch = typeof globalThis.fetch;
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` with a deadline over the whole exchange: the answer is read in full before it is
 * handed on, so a body that stalls times out too. `inner` is looked up per call (nock patches
 * the global one after modules load).
 */
export function timedFetch(opts: { timeoutMs: number; fetch?: Fetch }): Fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new RequestTimeoutError(opts.timeoutMs)), opts.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      const response = await (opts.fetch ?? globalThis.fetch)(input, { ...init, signal });
      const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
      const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(copy, "url", { value: response.url });
      return copy;
    } catch (error) {
      throw controller.signal.aborted && controller.signal.reason instanceof RequestTimeoutError ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  };
}

interface RequestOptions {
  method?: string;
  url?: string;
  query?: unknown;
}

/** A request that can be sent again without making anything twice. */
export function isSafeToRetry(options: RequestOptions): boolean {
  const method = (options.method ?? "GET").toUpperCase();
  if (method === "GET" || method === "HEAD" || method === "PUT" || method === "PATCH") return true;
  if (method !== "POST") return false;
  const url = options.url ?? "";
  if (/\/graphql$/.test(url)) return typeof options.query === "string" && !/^\s*(#[^\n]*\n\s*)*mutation\b/.test(options.query);
  return /\/app\/installations\/[^/]+\/access_tokens$/.test(url);
}

type Failure = { kind: "timeout"; timeoutMs: number } | { kind: "network"; detail: string } | { kind: "server" } | { kind: "other" };

/** What went wrong with one attempt; @octokit/request wraps fetch failures in a status-500 error without a response. */
export function classifyFailure(error: unknown): Failure {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  const timeout = chain.find((e): e is RequestTimeoutError => e instanceof RequestTimeoutError);
  if (timeout) return { kind: "timeout", timeoutMs: timeout.timeoutMs };
  const failure = error as { status?: number; response?: unknown; name?: string; message?: string };
  if (failure instanceof GitHubError) return failure.kind === "server" || failure.kind === "network" ? { kind: failure.kind === "server" ? "server" : "network", detail: failure.message } : { kind: "other" };
  if (failure?.name === "AbortError") return { kind: "other" };
  if (failure?.name === "HttpError" && failure.status === 500 && failure.response === undefined) {
    const cause = chain.at(-1) as { message?: string; code?: string } | undefined;
    return { kind: "network", detail: [cause?.code, cause?.message ?? failure?.message].filter(Boolean).join(": ") || "no answer" };
  }
  return typeof failure?.status === "number" && failure.status >= 500 && failure.response !== undefined ? { kind: "server" } : { kind: "other" };
}

const routeOf = (options: RequestOptions): string => `${(options.method ?? "GET").toUpperCase()} ${(options.url ?? "").replace(/^https?:\/\/[^/]+(\/api\/v3)?/, "").replace(/^\/api\/graphql$/, "/graphql")}`;

interface PluginHost {
  hook: { wrap(name: "request", wrapper: (request: (options: any) => any, options: any) => Promise<any>): void };
  log: { warn(message: string): void };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The Octokit plugin: retries what is safe, then turns a timeout or network failure into a `GitHubError` that says so. */
export function requestPolicyPlugin(policy: RequestPolicy) {
  return (octokit: PluginHost): void => {
    octokit.hook.wrap("request", async (request, options: RequestOptions) => {
      const retriable = isSafeToRetry(options);
      for (let attempt = 1; ; attempt++) {
        try {
          return await request(options);
        } catch (error) {
          const failure = classifyFailure(error);
          const transient = failure.kind === "timeout" || failure.kind === "network" || failure.kind === "server";
          if (transient && retriable && attempt <= policy.retryDelaysMs.length) {
            const wait = policy.retryDelaysMs[attempt - 1];
            octokit.log.warn(`${routeOf(options)} failed (${describeFailure(failure, error)}); retrying in ${seconds(wait)} (retry ${attempt} of ${policy.retryDelaysMs.length})`);
            await sleep(wait);
            continue;
          }
          throw toPolicyError({ failure, error, route: routeOf(options), attempts: attempt, retriable });
        }
      }
    });
  };
}

function describeFailure(failure: Failure, error: unknown): string {
  if (failure.kind === "timeout") return `timed out after ${seconds(failure.timeoutMs)}`;
  if (failure.kind === "network") return `network error: ${failure.detail}`;
  return `GitHub answered ${(error as { status?: number }).status ?? "an error"}`;
}

function toPolicyError(opts: { failure: Failure; error: unknown; route: string; attempts: number; retriable: boolean }): unknown {
  const { failure, error, route, attempts } = opts;
  if (failure.kind !== "timeout" && failure.kind !== "network") return error;
  if (error instanceof GitHubError) return error;
  const tries = attempts > 1 ? ` (${attempts} attempts)` : opts.retriable ? "" : " (a write, not re-sent: GitHub may have made it)";
  const message =
    failure.kind === "timeout" ? `GitHub did not answer: timed out after ${seconds(failure.timeoutMs)}${tries}` : `could not reach GitHub: ${failure.detail}${tries}`;
  return new GitHubError({ kind: "network", route, message, cause: error });
}
