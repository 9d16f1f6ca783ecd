/**
 * The sandbox's HTTP front: GitHub Enterprise layout on 127.0.0.1 (REST under `/api/v3`,
 * GraphQL at `/api/graphql`) plus a capture endpoint for chat notifications. Every request is
 * counted by route template, checked against GitHub's contract (request and response), and
 * answered with GitHub's status codes and error bodies, within each installation's primary
 * rate limits (`primary-rate-limit.ts`). Injected faults take precedence
 * (`error`, `lost-response`, `hang`), and a killed bot's requests are dropped unanswered
 * (`bot-process.ts`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { OpenApiContract } from "../contract/openapi-contract.js";
import type { ContractViolation } from "../contract/violation.js";
import type { World } from "../world/world.js";
import { ApiError, notFound } from "../world/api-error.js";
import { executeGraphQL } from "../graphql/execute-graphql.js";
import { authenticate, requireApp, requireInstallation, type AuthContext } from "./authenticate.js";
import { resolveRepo } from "./repo-access.js";
import { RestRouter, type RestRequest, type RestResponse, type RestRoute } from "./rest-route.js";
import type { RenderContext } from "./render/render-context.js";
import type { ApiRecorder } from "./api-recorder.js";
import type { FaultHit, FaultInjector } from "./fault-injector.js";
import type { BotProcess } from "./bot-process.js";
import type { SecondaryRateLimit } from "./secondary-rate-limit.js";
import { rateLimitHeaders, uncountedRateLimitHeaders, type PrimaryRateLimit } from "./primary-rate-limit.js";

export interface SandboxServerOptions {
  world: World;
  routes: RestRoute[];
  recorder: ApiRecorder;
  faults: FaultInjector;
  /** The bot's process: while it is dead, its requests are dropped. */
  bot: BotProcess;
  htmlUrl: string;
  example(name: string): unknown;
  /** When set, content creation beyond GitHub's secondary limits answers 403 + retry-after. */
  secondaryRateLimit?: SecondaryRateLimit;
  /** GitHub's primary limits per installation: REST requests and GraphQL points an hour. */
  rateLimit: PrimaryRateLimit;
}

/** Non-GET routes that are not writes to GitHub data (kept out of the write log). */
const NOT_WRITES = new Set(["POST /app/installations/{installation_id}/access_tokens"]);

/** Not answered at all: the socket is destroyed (a dead bot's request) or left open (a hang). */
type NoAnswer = "destroy" | "hang";
type Outcome = RestResponse | NoAnswer;

export class SandboxServer {
  private server: Server | undefined;
  private readonly router: RestRouter;
  private readonly contract = OpenApiContract.shared();
  url = "";
  /** Requests being handled right now. */
  inFlight = 0;
  /** Bumped at every request start and end (settle() watches it). */
  activity = 0;
  /** Requests a `hang` fault holds open; destroyed on close(). */
  private readonly hung = new Set<ServerResponse>();

  constructor(private readonly opts: SandboxServerOptions) {
    this.router = new RestRouter(opts.routes);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.dropHung();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Destroys the sockets `hang` faults hold open (on close, and when the bot dies: its connections go with it). */
  dropHung(): void {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  private renderContext(): RenderContext {
    return { world: this.opts.world, apiUrl: `${this.url}/api/v3`, htmlUrl: this.opts.htmlUrl, example: this.opts.example };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.activity++;
    const credential = this.botCredential(req);
    try {
      const url = new URL(req.url ?? "/", this.url);
      const text = await readBody(req);
      const method = (req.method ?? "GET").toUpperCase();
      let out: Outcome;
      if (url.pathname === "/api/graphql" && method === "POST") out = await this.graphql(req, text, credential);
      else if (url.pathname === "/api/v3" || url.pathname.startsWith("/api/v3/")) out = await this.rest(req, url, method, text, credential);
      else if (url.pathname.startsWith("/notifications/") && method === "POST") out = this.notification(url, text);
      else out = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
      // A bot killed while its request was served never reads the answer.
      if (out !== "hang" && credential !== undefined && this.opts.bot.diedSince(credential || undefined)) out = "destroy";
      if (out === "destroy") res.destroy();
      else if (out === "hang") {
        this.hung.add(res);
        res.on("close", () => this.hung.delete(res));
      } else send(res, out);
    } catch (error) {
      send(res, { status: 500, body: { message: error instanceof Error ? error.message : String(error) } });
    } finally {
      this.inFlight--;
      this.activity++;
    }
  }

  /**
   * The credential of a request the bot sent: its JWT or installation token ("" for a chat
   * notification, which carries none); undefined for anyone else's request.
   */
  private botCredential(req: IncomingMessage): string | undefined {
    if ((req.url ?? "").startsWith("/notifications/")) return "";
    try {
      if (authenticate(this.opts.world, req.headers.authorization).kind === "none") return undefined;
    } catch {
      return undefined;
    }
    return /^(?:bearer|token)\s+(.+)$/i.exec(req.headers.authorization!.trim())![1].trim();
  }

  private async rest(req: IncomingMessage, url: URL, method: string, text: string, credential: string | undefined): Promise<Outcome> {
    const { world, recorder, faults } = this.opts;
    const rawPath = url.pathname.slice("/api/v3".length) || "/";
    const matched = this.router.match(method, rawPath);
    const documented = matched ? null : this.contract.match(method, rawPath);
    const template = matched?.route.route ?? documented?.route ?? rawPath;
    const routeKey = `${method} ${template}`;
    if (credential !== undefined && this.opts.bot.refuses({ method, template, path: rawPath, credential })) return "destroy";
    recorder.count(routeKey);

    let body: unknown;
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        return { status: 400, body: { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/rest" } };
      }
    }
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = all.length > 1 ? all : all[0];
    }
    recorder.violate(this.contract.validateRequest({ method, path: rawPath, query, body, contentType: req.headers["content-type"] }));

    const fault = faults.take(method, template, rawPath);
    fault?.meanwhile?.({ method, path: rawPath, body });
    if (fault && fault.mode !== "lost-response" && fault.mode !== "served") return answerFault(fault);

    if (!matched) {
      if (documented) {
        recorder.violate([{ kind: "response", method, route: routeKey, message: "the GitHub sandbox does not implement this documented route (answered 404)" }]);
      }
      return { status: 404, body: notFound().body };
    }

    let out: RestResponse;
    let auth: AuthContext = { kind: "none" };
    try {
      auth = authenticate(world, req.headers.authorization);
      if (auth.kind === "installation") this.opts.rateLimit.chargeRest(auth.token.installationId);
      const { route, params } = matched;
      const request: RestRequest = {
        method,
        route: template,
        params,
        query: url.searchParams,
        body,
        headers: req.headers,
        auth,
        world,
        render: this.renderContext(),
        url: new URL(url.toString()),
        repo: undefined as never,
      };
      if (route.access === "app") requireApp(auth);
      else if (route.access === "installation") requireInstallation(auth);
      else request.repo = resolveRepo(world, auth, `${params.owner}/${params.repo}`, route.access, route.permission);
      this.opts.secondaryRateLimit?.check(routeKey, auth.kind === "installation" ? auth.token.installationId : undefined);
      out = await route.handler(request);
    } catch (error) {
      out = errorResponse(error, routeKey, recorder);
    }
    if (out.raw === undefined) {
      recorder.violate(this.contract.validateResponse({ method, route: template, status: out.status, body: out.body }));
    }
    if (method !== "GET" && method !== "HEAD" && out.status < 300 && !NOT_WRITES.has(routeKey)) {
      const repo = matched.params.owner && matched.params.repo ? world.findRepo(`${matched.params.owner}/${matched.params.repo}`)?.fullName ?? null : null;
      recorder.write({ at: world.now(), repo, route: routeKey });
    }
    out.headers = { ...this.restRateHeaders(auth), ...(out.headers ?? {}) };
    return fault && fault.mode !== "served" ? answerFault(fault) : out;
  }

  private async graphql(req: IncomingMessage, text: string, credential: string | undefined): Promise<Outcome> {
    const { world, recorder, faults } = this.opts;
    // A fault or a crash trigger may name the document's operation: route "/graphql BranchWindows" hits only `query BranchWindows …`.
    const named = `/graphql ${operationNameOf(text)}`;
    if (credential !== undefined && this.opts.bot.refuses({ method: "POST", template: "/graphql", path: named, credential })) return "destroy";
    recorder.count("POST /graphql");
    const fault = faults.take("POST", "/graphql", named);
    fault?.meanwhile?.({ method: "POST", path: named, body: undefined });
    if (fault && fault.mode !== "lost-response" && fault.mode !== "served") return answerFault(fault);
    let auth: AuthContext;
    try {
      auth = authenticate(world, req.headers.authorization);
    } catch (error) {
      return errorResponse(error, "POST /graphql", recorder);
    }
    if (auth.kind !== "installation") {
      return { status: 401, body: { message: "This endpoint requires you to be authenticated.", documentation_url: "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql" } };
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    try {
      body = text.trim() ? JSON.parse(text) : undefined;
    } catch {
      return { status: 400, body: { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/graphql" } };
    }
    const outcome = await executeGraphQL({ world, token: auth.token, htmlUrl: this.opts.htmlUrl, body, rateLimit: this.opts.rateLimit });
    recorder.violate(outcome.violations);
    recorder.spendPoints(outcome.operationName, outcome.points);
    for (const field of outcome.mutations) recorder.write({ at: world.now(), repo: mutationRepo(body), route: `graphql ${field}` });
    if (fault && fault.mode !== "served") return answerFault(fault);
    return { status: outcome.status, body: outcome.body, headers: rateLimitHeaders(outcome.window) };
  }

  private restRateHeaders(auth: AuthContext): Record<string, string> {
    return auth.kind === "installation" ? rateLimitHeaders(this.opts.rateLimit.window(auth.token.installationId, "core")) : uncountedRateLimitHeaders();
  }

  private notification(url: URL, text: string): Outcome {
    if (this.opts.bot.refuses({ method: "POST", template: url.pathname, path: url.pathname })) return "destroy";
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the raw text
    }
    const world = this.opts.world;
    world.notifications.push({ url: url.toString(), body, at: world.now() });
    world.emit({ kind: "notification", url: url.toString(), sender: world.app.botLogin });
    return { status: 200, raw: "ok", headers: { "content-type": "text/plain" } };
  }
}

function answerFault(fault: FaultHit): Outcome {
  return fault.mode === "hang" ? "hang" : { status: fault.status, body: fault.body, headers: fault.headers };
}

function errorResponse(error: unknown, routeKey: string, recorder: ApiRecorder): RestResponse {
  if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers };
  const message = error instanceof Error ? error.message : String(error);
  const violation: ContractViolation = { kind: "response", route: routeKey, message: `sandbox error (answered 500): ${message}` };
  recorder.violate([violation]);
  return { status: 500, body: { message: "Server Error", documentation_url: "https://docs.github.com/rest" } };
}

function mutationRepo(body: { variables?: unknown } | undefined): string | null {
  const text = JSON.stringify(body ?? {});
  return /"repositoryNameWithOwner"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, out: RestResponse): void {
  const headers: Record<string, string> = {
    "x-github-request-id": randomUUID().toUpperCase().slice(0, 23),
    "x-github-media-type": "github.v3; format=json",
    "x-github-api-version-selected": "2022-11-28",
    ...(out.headers ?? {}),
  };
  if (out.status === 204 || (out.body === undefined && out.raw === undefined)) {
    res.writeHead(out.status, headers).end();
    return;
  }
  const payload = out.raw !== undefined ? out.raw : JSON.stringify(out.body);
  headers["content-type"] ??= "application/json; charset=utf-8";
  res.writeHead(out.status, headers).end(payload);
}

/** The operation name of a GraphQL request body (`operationName`, else the document's first `query Name`/`mutation Name`), or "". */
function operationNameOf(text: string): string {
  try {
    const body = JSON.parse(text) as { query?: unknown; operationName?: unknown };
    if (typeof body.operationName === "string") return body.operationName;
    const match = typeof body.query === "string" ? /^\s*(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(body.query) : null;
    return match?.[1] ?? "";
  } catch {
    return "";
  }
}
