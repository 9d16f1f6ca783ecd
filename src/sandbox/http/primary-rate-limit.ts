/**
 * GitHub's primary rate limits per installation (docs.github.com, "Rate limits for the REST API"
 * and "Rate limits and query limits for the GraphQL API"): 5,000 REST requests (`core`) and 5,000
 * GraphQL points (`graphql`) an hour, each counted in its own window that starts with the first
 * request and resets an hour later. Wall-clock time, as GitHub counts and as
 * `secondary-rate-limit.ts` does: a client waits for `x-ratelimit-reset` (epoch seconds) in real
 * time — Octokit's throttle computes `reset * 1000 - Date.now()` — so a reset in scenario time
 * (the world clock, often days away from now) would make it wait for ever or not at all.
 *
 * Exhausted, REST answers 403 with `x-ratelimit-remaining: 0`, `x-ratelimit-reset` and GitHub's
 * message ("API rate limit exceeded for installation ID 42."); GraphQL answers 200 with a
 * `RATE_LIMITED` error ("API rate limit already exceeded for installation ID 42.") and the same
 * headers. Requests with the app's JWT or without credentials are not counted (their headers
 * are fixed).
 */
import { ApiError } from "../world/api-error.js";

export type RateResource = "core" | "graphql";

export interface PrimaryLimits {
  /** REST requests per hour per installation; GitHub: 5,000. */
  rest: number;
  /** GraphQL points per hour per installation; GitHub: 5,000. */
  graphql: number;
  /** false: headers count down but nothing is refused (a baseline that must run whatever it costs). Default true. */
  enforce?: boolean;
}

export const GITHUB_PRIMARY_LIMITS: PrimaryLimits = { rest: 5000, graphql: 5000, enforce: true };

export interface RateWindow {
  resource: RateResource;
  limit: number;
  used: number;
  remaining: number;
  /** UTC epoch seconds. */
  reset: number;
}

const HOUR_MS = 3600_000;
export const REST_RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

export class PrimaryRateLimit {
  private readonly windows = new Map<string, { start: number; used: number }>();
  /** Requests refused because a budget was spent. */
  hits = 0;
  private readonly limits: PrimaryLimits;

  constructor(
    limits: Partial<PrimaryLimits> = {},
    private readonly now: () => number = () => Date.now(),
  ) {
    const given = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
    this.limits = { ...GITHUB_PRIMARY_LIMITS, ...given };
  }

  /** The installation's current window (a new one when the last has reset). */
  window(installationId: number, resource: RateResource): RateWindow {
    const state = this.state(installationId, resource);
    const limit = resource === "core" ? this.limits.rest : this.limits.graphql;
    return {
      resource,
      limit,
      used: state.used,
      remaining: Math.max(0, limit - state.used),
      reset: Math.floor((state.start + HOUR_MS) / 1000),
    };
  }

  /** Spends `cost` (1 per REST request, the query's points for GraphQL); false, and nothing spent, when it does not fit. */
  charge(installationId: number, resource: RateResource, cost: number): boolean {
    const window = this.window(installationId, resource);
    if (this.limits.enforce !== false && cost > window.remaining) {
      this.hits++;
      return false;
    }
    this.state(installationId, resource).used += cost;
    return true;
  }

  /** Counts one REST request; throws GitHub's 403 when the installation's budget is spent. */
  chargeRest(installationId: number): void {
    if (this.charge(installationId, "core", 1)) return;
    throw new ApiError(
      403,
      { message: `API rate limit exceeded for installation ID ${installationId}.`, documentation_url: REST_RATE_LIMIT_DOCS },
      rateLimitHeaders(this.window(installationId, "core")),
    );
  }

  private state(installationId: number, resource: RateResource): { start: number; used: number } {
    const key = `${resource}/${installationId}`;
    const now = this.now();
    let state = this.windows.get(key);
    if (!state || now >= state.start + HOUR_MS) {
      state = { start: now, used: 0 };
      this.windows.set(key, state);
    }
    return state;
  }
}

export function rateLimitHeaders(w: RateWindow): Record<string, string> {
  return {
    "x-ratelimit-limit": String(w.limit),
    "x-ratelimit-remaining": String(w.remaining),
    "x-ratelimit-used": String(w.used),
    "x-ratelimit-reset": String(w.reset),
    "x-ratelimit-resource": w.resource,
  };
}

/** The fixed headers of requests no installation budget counts (the app's JWT, no credentials). */
export function uncountedRateLimitHeaders(): Record<string, string> {
  return rateLimitHeaders({ resource: "core", limit: 60, used: 1, remaining: 59, reset: Math.floor(Date.now() / 1000) + 3600 });
}
