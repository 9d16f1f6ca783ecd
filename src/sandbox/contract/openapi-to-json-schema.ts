/**
 * OpenAPI 3.0.3 schema objects → JSON Schema (draft-07) that ajv understands.
 *
 * - `#/components/<kind>/<name>` refs point at `COMPONENTS_ID` + `<kind>/<name>`, where each
 *   component schema is registered with ajv under its own `$id`;
 * - `nullable: true` becomes a `type` array (plus `null` in `enum`) when the schema has a single
 *   `type`, otherwise `anyOf [schema, {type: "null"}]`; both halves of that `anyOf` are marked
 *   so that error formatting can hide the noise of the null branch;
 * - OpenAPI-only annotations (`example`, `description`, `x-*`, `discriminator`…) are dropped.
 *
 * The walk is schema-aware: property *names* such as `example` or `nullable` are kept.
 */
import type { OpenApiSchema } from "./load-github-openapi.js";

export const COMPONENTS_ID = "https://api.github.com/openapi/components/";

/** On the `anyOf` wrapper made from `nullable: true`. */
export const NULLABLE_WRAPPER = "x-contract-nullable";
/** On the `{type: "null"}` branch of that wrapper. */
export const NULL_BRANCH = "x-contract-null-branch";

const DROPPED = new Set(["example", "examples", "description", "discriminator", "xml", "externalDocs", "deprecated", "nullable"]);
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions"]);
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_KEYWORDS = new Set(["items", "additionalProperties", "not", "additionalItems", "propertyNames", "contains"]);

export function componentRefToId(ref: string): string {
  if (!ref.startsWith("#/components/")) throw new Error(`unsupported $ref ${ref}`);
  return COMPONENTS_ID + ref.slice("#/components/".length);
}

export function toJsonSchema(schema: OpenApiSchema): OpenApiSchema {
  const out: OpenApiSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$ref" && typeof value === "string") out.$ref = componentRefToId(value);
    else if (DROPPED.has(key) || key.startsWith("x-")) continue;
    else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObject(v) ? toJsonSchema(v) : v]));
    } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => (isObject(v) ? toJsonSchema(v) : v));
    } else if (SCHEMA_KEYWORDS.has(key) && isObject(value)) out[key] = toJsonSchema(value);
    else out[key] = value;
  }
  if (schema.nullable !== true) return out;
  if (typeof out.type === "string" && out.$ref === undefined) {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { [NULLABLE_WRAPPER]: true, anyOf: [out, { type: "null", [NULL_BRANCH]: true }] };
}

function isObject(value: unknown): value is OpenApiSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
