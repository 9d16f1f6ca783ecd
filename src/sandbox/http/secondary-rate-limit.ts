/**
 * GitHub's secondary rate limit on content creation (opt-in): more than 80 content-creating
 * requests a minute or 500 an hour per installation (wall-clock time, as GitHub counts) answer
 * 403 with `retry-after`, as GitHub does. Lets tests prove that a large fan-out is paced.
 */
import { ApiError } from "../world/api-error.js";

/** Routes that create content (comments, issues, PRs, reviews, labels on issues, releases…). */
export const CONTENT_CREATING: ReadonlySet<string> = new Set([
  "POST /repos/{owner}/{repo}/issues",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "POST /repos/{owner}/{repo}/pulls",
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
  "POST /repos/{owner}/{repo}/deployments",
  "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
  "POST /repos/{owner}/{repo}/check-runs",
]);

export interface SecondaryLimits {
  perMinute: number;
  perHour: number;
}

export const GITHUB_SECONDARY_LIMITS: SecondaryLimits = { perMinute: 80, perHour: 500 };

export class SecondaryRateLimit {
  private readonly stamps = new Map<number, number[]>();
  /** How many requests were refused: a client that paces itself as GitHub asks keeps this at 0. */
  hits = 0;

  constructor(private readonly limits: SecondaryLimits = GITHUB_SECONDARY_LIMITS) {}

  /** Throws GitHub's 403 when this request would exceed the limit; records it otherwise. */
  check(routeKey: string, installationId: number | undefined, now = Date.now()): void {
    if (installationId === undefined || !CONTENT_CREATING.has(routeKey)) return;
    const stamps = (this.stamps.get(installationId) ?? []).filter((t) => now - t < 3600_000);
    const lastMinute = stamps.filter((t) => now - t < 60_000);
    if (lastMinute.length >= this.limits.perMinute || stamps.length >= this.limits.perHour) {
      this.hits++;
      const oldest = lastMinute.length >= this.limits.perMinute ? lastMinute[0] + 60_000 : stamps[0] + 3600_000;
      throw new ApiError(
        403,
        { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID." },
        { "retry-after": String(Math.max(1, Math.ceil((oldest - now) / 1000))) },
      );
    }
    stamps.push(now);
    this.stamps.set(installationId, stamps);
  }
}
