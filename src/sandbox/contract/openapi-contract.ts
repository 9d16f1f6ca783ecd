/**
 * Validates REST traffic against GitHub's OpenAPI description: the request the bot sends
 * (route, path and query parameters, JSON body) and the response the sandbox returns
 * (documented status, body schema). Validators are compiled lazily per operation and status,
 * then cached: the first use of an operation costs 100–500 ms, later ones well under 1 ms.
 */
import type { Ajv, ValidateFunction } from "ajv";
import { createAjv } from "./create-ajv.js";
import { formatSchemaErrors } from "./format-schema-errors.js";
import { REQUEST_BODY_GAPS, RESPONSE_BODY_GAPS } from "./known-spec-gaps.js";
import {
  loadGitHubOpenApi,
  resolveParameter,
  resolveResponse,
  type OpenApiDocument,
  type OpenApiMediaType,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiSchema,
} from "./load-github-openapi.js";
import { componentRefToId, COMPONENTS_ID, toJsonSchema } from "./openapi-to-json-schema.js";
import { RouteMatcher, type RouteMatch } from "./route-matcher.js";
import type { ContractViolation } from "./violation.js";

export interface RestRequest {
  method: string;
  /** Without the `/api/v3` prefix and without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  contentType?: string;
}

export interface RestResponse {
  method: string;
  /** A spec template ("/repos/{owner}/{repo}/pulls/{pull_number}"); a concrete path is matched too. */
  route: string;
  status: number;
  body: unknown;
}

/** Errors GitHub may return from any route, documented or not. */
const GENERIC_ERROR_STATUSES = new Set([401, 403, 404, 422, 500, 503]);
const NO_BODY_STATUSES = new Set([204, 304]);

let shared: OpenApiContract | undefined;

export class OpenApiContract {
  private readonly doc: OpenApiDocument;
  private readonly matcher: RouteMatcher;
  private ajvInstance: Ajv | undefined;
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(doc: OpenApiDocument = loadGitHubOpenApi()) {
    this.doc = doc;
    this.matcher = new RouteMatcher(doc);
  }

  /** One instance per process: the spec is loaded and parsed once (~200 ms). */
  static shared(): OpenApiContract {
    shared ??= new OpenApiContract();
    return shared;
  }

  match(method: string, path: string): RouteMatch | null {
    return this.matcher.match(method, path);
  }

  validateRequest(request: RestRequest): ContractViolation[] {
    const method = request.method.toUpperCase();
    const found = this.matcher.match(method, request.path);
    if (!found) return [this.unknownRoute(method, request.path)];
    const route = `${method} ${found.route}`;
    const op = this.operation(method, found.route)!;
    const violation = (message: string): ContractViolation => ({ kind: "request", method, route, message });
    const params = this.parameters(found.route, op);
    const out: ContractViolation[] = [];

    // Path and query parameters, coerced from strings by their declared type.
    const given: { path: Record<string, unknown>; query: Record<string, unknown> } = { path: {}, query: {} };
    for (const p of params.filter((x) => x.in === "path")) given.path[p.name] = coerce(this.doc, p, found.params[p.name]);
    const declaredQuery = params.filter((x) => x.in === "query");
    for (const [name, value] of Object.entries(request.query ?? {})) {
      const p = declaredQuery.find((x) => x.name === name);
      if (!p) {
        const known = declaredQuery.map((x) => x.name);
        out.push(violation(`unknown query parameter "${name}"` + (known.length ? ` (documented: ${known.join(", ")})` : " (this operation takes none)")));
        continue;
      }
      given.query[name] = coerce(this.doc, p, value);
    }
    const paramsValidator = this.validator(`${route} params`, () => paramsSchema(params));
    if (paramsValidator && !paramsValidator(given)) {
      for (const m of formatSchemaErrors(paramsValidator.errors, "")) out.push(violation(m.replace(/^\/(path|query)\//, "$1 parameter ")));
    }

    // JSON body.
    const media = jsonMedia(op.requestBody?.content);
    const bodyAbsent = isAbsent(request.body);
    if (request.contentType && !/json/i.test(request.contentType) && op.requestBody?.content?.[request.contentType.split(";")[0].trim()]) return out;
    if (!op.requestBody) {
      if (!bodyAbsent && !isEmptyObject(request.body)) out.push(violation(`this operation takes no request body, got ${preview(request.body)}`));
      return out;
    }
    if (bodyAbsent) {
      if (op.requestBody.required) out.push(violation("body: missing (the request body is required)"));
      return out;
    }
    if (!media?.schema) return out;
    const bodyValidator = this.validator(`${route} body`, () => {
      const schema = toJsonSchema(media.schema!);
      return REQUEST_BODY_GAPS[route]?.patch(schema) ?? schema;
    });
    if (bodyValidator && !bodyValidator(request.body)) {
      for (const m of formatSchemaErrors(bodyValidator.errors, "body")) out.push(violation(m));
    }
    return out;
  }

  validateResponse(response: RestResponse): ContractViolation[] {
    const method = response.method.toUpperCase();
    let template = response.route;
    if (!this.operation(method, template)) {
      const found = this.matcher.match(method, template);
      if (!found) return [{ ...this.unknownRoute(method, template), kind: "response" }];
      template = found.route;
    }
    const route = `${method} ${template}`;
    const op = this.operation(method, template)!;
    const violation = (message: string): ContractViolation => ({ kind: "response", method, route, message });
    const statusKey = [String(response.status), `${String(response.status)[0]}XX`, "default"].find((k) => op.responses[k]);

    if (!statusKey) {
      if (GENERIC_ERROR_STATUSES.has(response.status)) return this.genericError(response, violation);
      return [violation(`status ${response.status} is not documented for this operation (documented: ${Object.keys(op.responses).join(", ")})`)];
    }
    const documented = resolveResponse(this.doc, op.responses[statusKey]);
    if (NO_BODY_STATUSES.has(response.status) || !documented.content) {
      return isAbsent(response.body) ? [] : [violation(`status ${response.status} must have no body, got ${preview(response.body)}`)];
    }
    const media = jsonMedia(documented.content);
    if (!media) return []; // only non-JSON media (diff, patch, html, raw): nothing to check structurally
    if (!media.schema) return [];
    if (isAbsent(response.body)) return [violation(`status ${response.status} must have a JSON body, got none`)];
    const validate = this.validator(`${route} ${statusKey}`, () => {
      const schema = toJsonSchema(media.schema!);
      return RESPONSE_BODY_GAPS[`${route} ${statusKey}`]?.patch(schema, this.doc.components.schemas, toJsonSchema) ?? schema;
    });
    if (!validate || validate(response.body)) return [];
    return formatSchemaErrors(validate.errors, "body").map(violation);
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private get ajv(): Ajv {
    this.ajvInstance ??= createAjv(this.doc);
    return this.ajvInstance;
  }

  private operation(method: string, template: string): OpenApiOperation | undefined {
    return this.doc.paths[template]?.[method.toLowerCase()];
  }

  private parameters(template: string, op: OpenApiOperation): OpenApiParameter[] {
    const item = this.doc.paths[template];
    return [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolveParameter(this.doc, p));
  }

  private validator(key: string, schema: () => OpenApiSchema | null): ValidateFunction | null {
    let v = this.validators.get(key);
    if (v === undefined) {
      const s = schema();
      v = s ? this.ajv.compile(s) : null;
      this.validators.set(key, v);
    }
    return v;
  }

  private genericError(response: RestResponse, violation: (m: string) => ContractViolation): ContractViolation[] {
    const name = response.status === 422 ? "validation-error" : "basic-error";
    const validate = this.validator(`generic ${name}`, () => ({ $ref: `${COMPONENTS_ID}schemas/${name}` }));
    if (isAbsent(response.body) || typeof response.body !== "object") {
      return [violation(`status ${response.status} needs a ${name} JSON body ({ message, documentation_url }), got ${preview(response.body)}`)];
    }
    if (validate!(response.body)) return [];
    return formatSchemaErrors(validate!.errors, "body").map((m) => violation(`${m} (status ${response.status}: ${name})`));
  }

  private unknownRoute(method: string, path: string): ContractViolation {
    const other = this.matcher.methodsFor(path);
    if (other) {
      return { kind: "request", method, route: `${method} ${other.route}`, message: `${method} is not documented for ${other.route} (documented: ${other.methods.join(", ")})` };
    }
    return { kind: "request", method, route: `${method} ${path}`, message: `no documented GitHub REST route matches ${method} ${path}` };
  }
}

function paramsSchema(params: OpenApiParameter[]): OpenApiSchema {
  const group = (where: "path" | "query"): OpenApiSchema => {
    const list = params.filter((p) => p.in === where);
    return {
      type: "object",
      properties: Object.fromEntries(list.map((p) => [p.name, p.schema ? toJsonSchema(p.schema) : {}])),
      required: list.filter((p) => p.required).map((p) => p.name),
    };
  };
  return { type: "object", properties: { path: group("path"), query: group("query") } };
}

/** Query and path values arrive as strings; turn them into what the declared schema expects. */
function coerce(doc: OpenApiDocument, p: OpenApiParameter, value: string | string[] | undefined): unknown {
  if (value === undefined) return undefined;
  const schema = p.schema ? resolveSchema(doc, p.schema) : {};
  if (schema.type === "array") {
    const items = schema.items ? resolveSchema(doc, schema.items as OpenApiSchema) : {};
    const list = Array.isArray(value) ? value : value.split(",");
    return list.map((v) => coerceScalar(items.type, v));
  }
  if (Array.isArray(value)) return value; // repeated parameter where one value is expected: reported as a type error
  return coerceScalar(schema.type, value);
}

function coerceScalar(type: unknown, value: string): unknown {
  if ((type === "integer" || type === "number") && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function resolveSchema(doc: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema {
  let s = schema;
  for (let i = 0; i < 5 && typeof s.$ref === "string"; i++) {
    const name = componentRefToId(s.$ref).slice(`${COMPONENTS_ID}schemas/`.length);
    s = doc.components.schemas[name] ?? {};
  }
  return s;
}

function jsonMedia(content: Record<string, OpenApiMediaType> | undefined): OpenApiMediaType | undefined {
  if (!content) return undefined;
  const key = Object.keys(content).find((k) => k === "application/json") ?? Object.keys(content).find((k) => /json/i.test(k));
  return key ? content[key] : undefined;
}

function isAbsent(body: unknown): boolean {
  return body === undefined || body === null || body === "";
}

function isEmptyObject(body: unknown): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && Object.keys(body).length === 0;
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
