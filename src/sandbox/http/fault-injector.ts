/**
 * Injected failures: the next matching request(s) get the given status instead of an answer,
 * with GitHub's error body for that status (or the one given) and optional headers
 * (e.g. `retry-after` for a secondary rate limit).
 */
export interface Fault {
  method: string;
  /** A route template ("/repos/{owner}/{repo}/pulls", "/graphql") or a concrete path; `/api/v3` optional. */
  route: string;
  status: number;
  times?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const DEFAULT_BODIES: Record<number, Record<string, unknown>> = {
  403: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID." },
  429: { message: "API rate limit exceeded for installation." },
  500: { message: "Server Error" },
  502: { message: "Server Error" },
  503: { message: "Service Unavailable" },
  404: { message: "Not Found" },
  422: { message: "Validation Failed", errors: [] },
};

export class FaultInjector {
  private readonly faults: (Fault & { left: number })[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, route: normalize(fault.route), method: fault.method.toUpperCase(), left: fault.times ?? 1 });
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, template: string, path: string): { status: number; body: unknown; headers: Record<string, string> } | undefined {
    const i = this.faults.findIndex((f) => f.method === method.toUpperCase() && (f.route === normalize(template) || f.route === normalize(path)));
    if (i < 0) return undefined;
    const fault = this.faults[i];
    if (--fault.left <= 0) this.faults.splice(i, 1);
    const body = fault.body ?? { ...(DEFAULT_BODIES[fault.status] ?? { message: `HTTP ${fault.status}` }), documentation_url: "https://docs.github.com/rest" };
    return { status: fault.status, body, headers: fault.headers ?? {} };
  }

  pending(): number {
    return this.faults.length;
  }
}

function normalize(route: string): string {
  let r = route.trim().replace(/^[A-Z]+\s+/, "").split("?")[0];
  if (r.startsWith("/api/v3")) r = r.slice(7) || "/";
  if (r === "/api/graphql") r = "/graphql";
  return r.replace(/\/$/, "") || "/";
}
