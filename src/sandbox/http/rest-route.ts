/**
 * The REST route table's types and matcher. Templates are spelled exactly as in GitHub's
 * OpenAPI description, so request counts and write logs use GitHub's own route names.
 * `{ref}`, `{path}` and `{basehead}` may span slashes; other parameters are one segment.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { World } from "../world/world.js";
import type { Repository } from "../world/repository.js";
import type { AuthContext } from "./authenticate.js";
import type { RenderContext } from "./render/render-context.js";

export interface RestRequest {
  method: string;
  /** OpenAPI template, e.g. "/repos/{owner}/{repo}/pulls". */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
  headers: IncomingHttpHeaders;
  auth: AuthContext;
  world: World;
  render: RenderContext;
  /** The absolute request URL (for pagination links). */
  url: URL;
  /** The repository named by {owner}/{repo}, access-checked (set for repo routes). */
  repo: Repository;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (e.g. raw file content); skips response validation. */
  raw?: string;
}

export type Access = "app" | "installation" | "read" | "write";

export interface RestRoute {
  method: string;
  route: string;
  /** app: JWT; installation: any token; read/write: a token that can read/write {owner}/{repo}. */
  access: Access;
  /** Installation permission needed, e.g. ["issues", "write"]. */
  permission?: [string, "read" | "write"];
  handler: (req: RestRequest) => RestResponse | Promise<RestResponse>;
}

const MULTI_SEGMENT = new Set(["ref", "path", "basehead"]);

interface Compiled {
  route: RestRoute;
  regex: RegExp;
  names: string[];
  literals: number;
}

export class RestRouter {
  private readonly compiled: Compiled[];

  constructor(routes: RestRoute[]) {
    this.compiled = routes.map((route) => compile(route));
  }

  /** `path` is raw (still percent-encoded), without `/api/v3`. */
  match(method: string, path: string): { route: RestRoute; params: Record<string, string> } | null {
    let best: { c: Compiled; m: RegExpExecArray } | undefined;
    for (const c of this.compiled) {
      if (c.route.method !== method.toUpperCase()) continue;
      const m = c.regex.exec(path);
      if (m && (!best || c.literals > best.c.literals)) best = { c, m };
    }
    if (!best) return null;
    const params: Record<string, string> = {};
    best.c.names.forEach((name, i) => (params[name] = decode(best!.m[i + 1])));
    return { route: best.c.route, params };
  }
}

function compile(route: RestRoute): Compiled {
  const names: string[] = [];
  let literals = 0;
  const source = route.route
    .split("/")
    .map((segment) => {
      const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (!name) {
        literals++;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }
      names.push(name);
      return MULTI_SEGMENT.has(name) ? "(.+?)" : "([^/]+)";
    })
    .join("/");
  return { route, regex: new RegExp(`^${source}/?$`), names, literals };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** One page of `items` plus GitHub's `Link` header (per_page default 30, max 100). */
export function paginate<T>(req: RestRequest, items: T[], opts: { defaultPerPage?: number; maxPerPage?: number } = {}): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(1, Number(req.query.get("per_page")) || opts.defaultPerPage || 30), opts.maxPerPage ?? 100);
  const page = Math.max(1, Number(req.query.get("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const u = new URL(req.url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(n));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"));
  if (page < last) links.push(link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(", ") } : {} };
}

export function ok(body: unknown, headers?: Record<string, string>): RestResponse {
  return { status: 200, body, headers };
}

export function created(body: unknown, headers?: Record<string, string>): RestResponse {
  return { status: 201, body, headers };
}

export function noContent(): RestResponse {
  return { status: 204 };
}
