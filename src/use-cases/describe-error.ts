import { GitHubError } from "../github/github-port.js";

/** A failure in words a release owner can act on. */
export function describeError(error: unknown): string {
  if (error instanceof GitHubError) {
    if (error.kind === "not-found") return `GitHub answered 404 for ${error.route}: the app cannot see that repository (not installed there, or a typo in the config)`;
    if (error.kind === "rate-limited") return `GitHub rate limit hit on ${error.route}${error.retryAfterSeconds ? `; retry after ${error.retryAfterSeconds}s` : ""}`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
