/**
 * Probot's Octokit with release-bot's request policy (request-policy.ts: a timeout per attempt, a
 * bounded retry of transient failures for requests safe to re-send, never a blind re-send of a
 * create) and rate-limit policy: on a primary or secondary rate limit, wait as long as GitHub's
 * `retry-after` / reset says and retry, up to `MAX_RATE_LIMIT_RETRIES` times; then the request
 * fails with a `rate-limited` GitHubError that names the route. (Probot's own default retries
 * forever on primary limits and logs only, and its retry plugin re-sends POSTs: it is off.)
 */
import { ProbotOctokit } from "probot";
import { requestPolicyFromEnv, requestPolicyPlugin, timedFetch, type RequestPolicy } from "./request-policy.js";

export const MAX_RATE_LIMIT_RETRIES = 3;

type LimitHandler = (retryAfter: number, options: { method: string; url: string }, octokit: { log: { warn(msg: string): void } }, retryCount: number) => boolean;

const retryWithin: LimitHandler = (retryAfter, options, octokit, retryCount) => {
  const retry = retryCount < MAX_RATE_LIMIT_RETRIES;
  octokit.log.warn(`GitHub rate limit on ${options.method} ${options.url}: ${retry ? `retrying in ${retryAfter}s (attempt ${retryCount + 1} of ${MAX_RATE_LIMIT_RETRIES})` : "giving up"}`);
  return retry;
};

/**
 * The Octokit class of every release-bot process. `throttle: false` (the sandbox, which has no
 * secondary limits) sends writes without pacing; the request policy applies either way.
 */
export function createReleaseBotOctokit(opts: { policy: RequestPolicy; throttle?: boolean }) {
  return ProbotOctokit.plugin(requestPolicyPlugin(opts.policy)).defaults((options: Record<string, unknown>) => {
    const request = (options.request ?? {}) as { fetch?: typeof globalThis.fetch };
    return {
      ...options,
      retry: { enabled: false },
      throttle:
        opts.throttle === false
          ? { ...(options.throttle as object), enabled: false }
          : { ...(options.throttle as object), onRateLimit: retryWithin, onSecondaryRateLimit: retryWithin },
      request: { ...request, fetch: timedFetch({ timeoutMs: opts.policy.timeoutMs, fetch: request.fetch }) },
    };
  });
}

/** Production: 30 s per attempt and two retries of reads unless RELEASE_BOT_GITHUB_TIMEOUT_MS / RELEASE_BOT_GITHUB_READ_RETRIES say otherwise. */
export const ReleaseBotOctokit = createReleaseBotOctokit({ policy: requestPolicyFromEnv(process.env) });
