/**
 * Reads GitHub's OpenAPI description (api.github.com, OpenAPI 3.0.3) once per process.
 *
 * Only `generated/api.github.com.json` is read: importing `@octokit/openapi` itself loads all
 * ten spec variants (about 7 s and 830 MB).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type OpenApiSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: OpenApiSchema;
  "x-multi-segment"?: boolean;
}

export interface OpenApiMediaType {
  schema?: OpenApiSchema;
  examples?: Record<string, { $ref?: string; value?: unknown }>;
}

export interface OpenApiResponse {
  $ref?: string;
  description?: string;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
}

export type OpenApiPathItem = Record<string, OpenApiOperation> & {
  parameters?: (OpenApiParameter | { $ref: string })[];
};

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, OpenApiSchema>;
    examples: Record<string, { summary?: string; value: unknown }>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, OpenApiResponse>;
    headers: Record<string, unknown>;
  };
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

let cached: OpenApiDocument | undefined;

/** Path of `@octokit/openapi/generated/api.github.com.json`, resolved without importing the package. */
export function githubOpenApiPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@octokit/openapi/package.json")), "generated", "api.github.com.json");
}

/** The parsed spec; the same (treat-as-frozen) object on every call. */
export function loadGitHubOpenApi(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(githubOpenApiPath(), "utf8")) as OpenApiDocument;
  return cached;
}

/** Follows a `#/components/<kind>/<name>` reference inside the spec. */
export function resolveComponentRef<T>(doc: OpenApiDocument, ref: string): T {
  const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
  const target = kind ? (doc.components as unknown as Record<string, Record<string, unknown>>)[kind]?.[name] : undefined;
  if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return target as T;
}

export function resolveParameter(doc: OpenApiDocument, p: OpenApiParameter | { $ref: string }): OpenApiParameter {
  return "$ref" in p ? resolveComponentRef<OpenApiParameter>(doc, p.$ref) : p;
}

export function resolveResponse(doc: OpenApiDocument, r: OpenApiResponse): OpenApiResponse {
  return r.$ref ? resolveComponentRef<OpenApiResponse>(doc, r.$ref) : r;
}
