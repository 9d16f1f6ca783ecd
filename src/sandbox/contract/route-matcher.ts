/**
 * Matches concrete REST paths to the spec's path templates.
 *
 * Parameters marked `x-multi-segment` in the spec (`ref`, `path`, `basehead`, `branch`, `sha`…)
 * may span slashes (`git/refs/heads/release/x`); all others match one segment. When several
 * templates fit, the one with the most fully literal segments wins (`/commits/{ref}/status` over
 * `/commits/{ref}`, `/pulls/comments` over `/pulls/{pull_number}`), then the one with fewer
 * parameters (`/compare/{basehead}` over the legacy `/compare/{base}...{head}`).
 */
import { HTTP_METHODS, resolveParameter, type OpenApiDocument } from "./load-github-openapi.js";

export interface RouteMatch {
  route: string;
  operationId: string;
  params: Record<string, string>;
}

interface CompiledRoute {
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  methods: Map<string, string>; // method → operationId
}

export class RouteMatcher {
  private readonly routes: CompiledRoute[];

  constructor(doc: OpenApiDocument) {
    this.routes = Object.entries(doc.paths).map(([template, item]) => {
      const methods = new Map<string, string>();
      const multiSegment = new Set<string>();
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        methods.set(method, op.operationId);
        for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
          const param = resolveParameter(doc, p);
          if (param.in === "path" && param["x-multi-segment"]) multiSegment.add(param.name);
        }
      }
      return compile(template, multiSegment, methods);
    });
  }

  /** The best template documented for `method`, or null. */
  match(method: string, path: string): RouteMatch | null {
    const m = method.toLowerCase();
    return this.best(normalizePath(path), (r) => r.methods.has(m), m);
  }

  /** Templates that fit the path under any method, with their documented methods (for messages). */
  methodsFor(path: string): { route: string; methods: string[] } | null {
    const found = this.best(normalizePath(path), () => true, undefined);
    if (!found) return null;
    const route = this.routes.find((r) => r.template === found.route)!;
    return { route: found.route, methods: [...route.methods.keys()].map((x) => x.toUpperCase()) };
  }

  private best(path: string, accept: (r: CompiledRoute) => boolean, method: string | undefined): RouteMatch | null {
    let best: { route: CompiledRoute; values: string[] } | undefined;
    for (const route of this.routes) {
      if (!accept(route)) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      if (!best || better(route, best.route)) best = { route, values: m.slice(1) };
    }
    if (!best) return null;
    const params: Record<string, string> = {};
    best.route.paramNames.forEach((name, i) => (params[name] = safeDecode(best.values[i])));
    const operationId = best.route.methods.get(method ?? "") ?? [...best.route.methods.values()][0] ?? "";
    return { route: best.route.template, operationId, params };
  }
}

/** Drops a `/api/v3` prefix (GHES-style base URL), the query string and a trailing slash. */
export function normalizePath(path: string): string {
  let p = path.split("?")[0];
  if (p.startsWith("/api/v3/") || p === "/api/v3") p = p.slice("/api/v3".length) || "/";
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

function better(a: CompiledRoute, b: CompiledRoute): boolean {
  if (a.literalSegments !== b.literalSegments) return a.literalSegments > b.literalSegments;
  if (a.paramNames.length !== b.paramNames.length) return a.paramNames.length < b.paramNames.length;
  return a.template.length > b.template.length;
}

function compile(template: string, multiSegment: Set<string>, methods: Map<string, string>): CompiledRoute {
  const paramNames: string[] = [];
  let literalSegments = 0;
  const source = template
    .split("/")
    .map((segment) => {
      if (!segment.includes("{")) {
        literalSegments++;
        return escapeRegex(segment);
      }
      return segment
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (!name) return escapeRegex(part);
          paramNames.push(name);
          return multiSegment.has(name) ? "(.+?)" : "([^/]+?)";
        })
        .join("");
    })
    .join("/");
  return { template, regex: new RegExp(`^${source}$`), paramNames, literalSegments, methods };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
