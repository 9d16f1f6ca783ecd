/**
 * Probot's Octokit with release-bot's rate-limit policy: on a primary or secondary rate limit,
 * wait as long as GitHub's `retry-after` / reset says and retry, up to `MAX_RATE_LIMIT_RETRIES`
 * times; then the request fails with a `rate-limited` GitHubError that names the route.
 * (Probot's own default retries forever on primary limits and logs only.)
 */
import { ProbotOctokit } from "probot";

export const MAX_RATE_LIMIT_RETRIES = 3;

type LimitHandler = (retryAfter: number, options: { method: string; url: string }, octokit: { log: { warn(msg: string): void } }, retryCount: number) => boolean;

const retryWithin: LimitHandler = (retryAfter, options, octokit, retryCount) => {
  const retry = retryCount < MAX_RATE_LIMIT_RETRIES;
  octokit.log.warn(`GitHub rate limit on ${options.method} ${options.url}: ${retry ? `retrying in ${retryAfter}s (attempt ${retryCount + 1} of ${MAX_RATE_LIMIT_RETRIES})` : "giving up"}`);
  return retry;
};

export const ReleaseBotOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object), onRateLimit: retryWithin, onSecondaryRateLimit: retryWithin },
}));
