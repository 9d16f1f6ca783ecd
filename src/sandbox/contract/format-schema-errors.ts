/**
 * Turns ajv errors (compiled with `verbose: true`) into short readable lines:
 * `<where> <what was expected> (got <snippet of what came>)`.
 */
import type { ErrorObject } from "ajv";
import { NULL_BRANCH, NULLABLE_WRAPPER } from "./openapi-to-json-schema.js";

export const MAX_MESSAGES = 10;

export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined, root: string): string[] {
  const lines: string[] = [];
  for (const error of errors ?? []) {
    const parent = error.parentSchema as Record<string, unknown> | undefined;
    if (parent?.[NULL_BRANCH] || parent?.[NULLABLE_WRAPPER]) continue; // the `null` half of a nullable
    if (error.keyword === "if") continue; // its `then` error says what is missing
    const line = formatOne(error, root);
    if (!lines.includes(line)) lines.push(line);
  }
  if (lines.length > MAX_MESSAGES) {
    const rest = lines.length - MAX_MESSAGES;
    return [...lines.slice(0, MAX_MESSAGES), `…and ${rest} more`];
  }
  return lines;
}

function formatOne(error: ErrorObject, root: string): string {
  const where = root + error.instancePath.replace(/~1/g, "/").replace(/~0/g, "~");
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${where}: missing required property "${String(p.missingProperty)}"`;
    case "additionalProperties":
      return `${where}: unexpected property "${String(p.additionalProperty)}" (the schema allows no other properties)`;
    case "enum":
      return `${where}: must be one of ${JSON.stringify(p.allowedValues)}, got ${snippet(error.data)}`;
    case "type":
      return `${where}: must be ${String(p.type).replace(/,/g, " or ")}, got ${describe(error.data)}`;
    default:
      return `${where}: ${error.message ?? error.keyword}, got ${snippet(error.data)}`;
  }
}

function describe(value: unknown): string {
  const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  return type === "null" ? "null" : `${type} ${snippet(value)}`;
}

export function snippet(value: unknown, max = 80): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
