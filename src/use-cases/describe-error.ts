import { GitHubError } from "../github/github-port.js";

/** A failure in words a release owner can act on. */
export function describeError(error: unknown): string {
  if (error instanceof GitHubError) {
    if (error.kind === "not-found") return `GitHub answered 404 for ${error.route}: the app cannot see that repository (not installed there, or a typo in the config)`;
    if (error.kind === "rate-limited") return `GitHub rate limit hit on ${error.route}${error.retryAfterSeconds ? `; retry after ${error.retryAfterSeconds}s` : ""}`;
    if (error.kind === "server") return `GitHub answered ${error.status ?? "a server error"} on ${error.route} (GitHub had a problem; retrying later usually works)`;
    if (error.kind === "forbidden") return `GitHub answered 403 on ${error.route}: the app lacks a permission there (${error.message})`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
