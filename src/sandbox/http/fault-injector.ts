/**
 * Injected failures on GitHub's side. A fault matches requests by method and route template
 * ("/repos/{owner}/{repo}/pulls", or "/graphql" for any GraphQL document, "/graphql BranchWindows" for the
 * documents of one operation name); `after: N` lets the
 * first N matching requests through, then the next `times` (default 1) fail in one of three ways:
 * - `error` (default): answered `status` with GitHub's error body for it (or the one given) and
 *   optional headers (e.g. `retry-after` for a secondary rate limit); nothing is performed;
 * - `lost-response`: the request is performed (the world changes), then answered `status`: the
 *   client thinks it failed;
 * - `hang`: never answered; the socket stays open until the client gives up or the sandbox closes;
 * - `served`: answered as usual; only `meanwhile` runs first (what else happened on GitHub just then).
 */
export type FaultMode = "error" | "lost-response" | "hang" | "served";

export interface Fault {
  method: string;
  /** A route template ("/repos/{owner}/{repo}/pulls", "/graphql") or a concrete path; `/api/v3` optional. */
  route: string;
  /** Answered status; unused by `hang`. */
  status?: number;
  times?: number;
  /** Matching requests let through before the fault applies. */
  after?: number;
  mode?: FaultMode;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * Programmatic faults only (`failNext`): runs inside GitHub when the fault hits, before the
   * request is answered (and, for `lost-response`, before it is performed): what else happened
   * on GitHub at that moment, e.g. someone else making a look-alike of what the request asks for.
   */
  meanwhile?: (request: { method: string; path: string; body: unknown }) => void;
}

/** What a request that hit a fault gets. */
export interface FaultHit {
  mode: FaultMode;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  meanwhile?: Fault["meanwhile"];
}

const DEFAULT_BODIES: Record<number, Record<string, unknown>> = {
  403: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID." },
  429: { message: "API rate limit exceeded for installation." },
  500: { message: "Server Error" },
  502: { message: "Server Error" },
  503: { message: "Service Unavailable" },
  504: { message: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists." },
  404: { message: "Not Found" },
  409: { message: "Conflict" },
  422: { message: "Validation Failed", errors: [] },
};

interface ArmedFault extends Fault {
  method: string;
  route: string;
  left: number;
  skip: number;
}

export class FaultInjector {
  private readonly faults: ArmedFault[] = [];
  /** Requests that hit a fault so far, per mode. */
  readonly hits: Record<FaultMode, number> = { error: 0, "lost-response": 0, hang: 0, served: 0 };

  add(fault: Fault): void {
    const mode = fault.mode ?? "error";
    if (mode !== "hang" && mode !== "served" && fault.status === undefined) throw new Error(`fault ${fault.method} ${fault.route}: give the status to answer`);
    this.faults.push({ ...fault, mode, route: normalizeRoute(fault.route), method: fault.method.toUpperCase(), left: fault.times ?? 1, skip: fault.after ?? 0 });
  }

  /**
   * Called once per request: counts it against every matching fault's `after`, and consumes and
   * returns the first fault that applies to it, if any.
   */
  take(method: string, template: string, path: string): FaultHit | undefined {
    const matching = this.faults.filter((f) => matchesRoute(f, method, template, path));
    let hit: ArmedFault | undefined;
    for (const fault of matching) {
      if (fault.skip > 0) fault.skip--;
      else hit ??= fault;
    }
    if (!hit) return undefined;
    if (--hit.left <= 0) this.faults.splice(this.faults.indexOf(hit), 1);
    const mode = hit.mode ?? "error";
    this.hits[mode]++;
    const status = hit.status ?? 504;
    const body = hit.body ?? { ...(DEFAULT_BODIES[status] ?? { message: `HTTP ${status}` }), documentation_url: "https://docs.github.com/rest" };
    return { mode, status, body, headers: hit.headers ?? {}, meanwhile: hit.meanwhile };
  }

  pending(): number {
    return this.faults.length;
  }
}

/** Whether a request (method, matched template, concrete path) is one a fault or crash trigger names. */
export function matchesRoute(rule: { method: string; route: string }, method: string, template: string, path: string): boolean {
  if (rule.method.toUpperCase() !== method.toUpperCase()) return false;
  const route = normalizeRoute(rule.route);
  return route === normalizeRoute(template) || route === normalizeRoute(path);
}

export function normalizeRoute(route: string): string {
  let r = route.trim().replace(/^[A-Z]+\s+/, "").split("?")[0];
  if (r.startsWith("/api/v3")) r = r.slice(7) || "/";
  if (r === "/api/graphql") r = "/graphql";
  return r.replace(/\/$/, "") || "/";
}
