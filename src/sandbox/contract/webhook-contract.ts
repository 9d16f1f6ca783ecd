/**
 * Validates the webhook payloads the sandbox delivers against GitHub's published webhook schemas
 * (`@octokit/webhooks-schemas` 7, JSON Schema draft-07: one definition per event and action, such
 * as `issue_comment$created`, `push$event`). Every definition is registered under its own `$id`
 * (cheap); a validator is compiled the first time its event and action is delivered, then cached
 * (the first `pull_request` costs about 300 ms, later ones well under 1 ms).
 *
 * Departures from the official schema live in `known-webhook-schema-gaps.ts`, nowhere else.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { newAjv } from "./create-ajv.js";
import { formatSchemaErrors } from "./format-schema-errors.js";
import { WEBHOOK_SCHEMA_GAPS } from "./known-webhook-schema-gaps.js";
import type { ContractViolation } from "./violation.js";

type JsonSchema = Record<string, unknown>;

interface WebhooksSchemaFile {
  definitions: Record<string, JsonSchema>;
}

export const WEBHOOK_SCHEMA_ID = "https://sandbox.invalid/octokit/webhooks-schemas/";

let ajv: Ajv | undefined;
let definitionNames: Set<string> | undefined;
const validators = new Map<string, ValidateFunction>();

/** "issue_comment.created", "push": how a violation names the payload's schema. */
export function webhookRoute(event: string, action?: string): string {
  return `webhook ${action ? `${event}.${action}` : event}`;
}

/**
 * Every place where `payload` departs from the schema of `event` (and `action`); one violation
 * naming the delivery when GitHub documents no such event or action.
 */
export function validateWebhookPayload(event: string, action: string | undefined, payload: unknown): ContractViolation[] {
  const route = webhookRoute(event, action);
  const violation = (message: string): ContractViolation => ({ kind: "webhook", route, message });
  const name = definitionName(event, action);
  if (!name) return [violation(`GitHub documents no webhook ${action ? `"${event}" with action "${action}"` : `"${event}" without an action`}`)];
  const validate = validatorFor(name);
  if (validate(payload)) return [];
  return formatSchemaErrors(withoutBranchNoise(validate.errors), "payload").map(violation);
}

/** The schema's definition for an event and action: `<event>$<action>`, `<event>$event` for events without actions. */
function definitionName(event: string, action: string | undefined): string | undefined {
  const names = (definitionNames ??= new Set(Object.keys(loadSchemaFile().definitions)));
  const name = action ? `${event}$${action}` : `${event}$event`;
  return names.has(name) ? name : undefined;
}

function validatorFor(name: string): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    validate = instance().getSchema(idOf(name));
    if (!validate) throw new Error(`webhook schema ${name} is not registered`);
    validators.set(name, validate);
  }
  return validate;
}

function instance(): Ajv {
  if (ajv) return ajv;
  ajv = newAjv();
  for (const [name, schema] of Object.entries(loadSchemaFile().definitions)) {
    const patched = WEBHOOK_SCHEMA_GAPS[name]?.patch(structuredClone(schema)) ?? schema;
    ajv.addSchema({ ...(absoluteRefs(patched) as JsonSchema), $id: idOf(name) });
  }
  return ajv;
}

let schemaFile: WebhooksSchemaFile | undefined;

function loadSchemaFile(): WebhooksSchemaFile {
  if (schemaFile) return schemaFile;
  const path = createRequire(import.meta.url).resolve("@octokit/webhooks-schemas/schema.json");
  schemaFile = JSON.parse(readFileSync(path, "utf8")) as WebhooksSchemaFile;
  for (const name of Object.keys(WEBHOOK_SCHEMA_GAPS)) {
    if (!schemaFile.definitions[name]) throw new Error(`known-webhook-schema-gaps: no definition ${name} in @octokit/webhooks-schemas`);
  }
  return schemaFile;
}

function idOf(name: string): string {
  return WEBHOOK_SCHEMA_ID + encodeURIComponent(name);
}

/** `#/definitions/<name>` → the `$id` that definition is registered under. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "$ref" && typeof v === "string") {
      if (!v.startsWith("#/definitions/")) throw new Error(`unsupported $ref ${v}`);
      out[key] = idOf(v.slice("#/definitions/".length));
    } else out[key] = absoluteRefs(v);
  }
  return out;
}

/**
 * The schema writes nullable fields as `oneOf: [X, {type: "null"}]`: a wrong X yields X's own
 * errors, "must be null" from the other branch and "must match exactly one schema". Keep X's.
 */
function withoutBranchNoise(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  const nullBranch = (e: ErrorObject) =>
    e.keyword === "type" && (e.params as { type?: unknown }).type === "null" && /\/(oneOf|anyOf)\/\d+\/type$/.test(e.schemaPath);
  const kept = (errors ?? []).filter((e) => !nullBranch(e));
  const within = (outer: ErrorObject, e: ErrorObject) =>
    e !== outer && (e.instancePath === outer.instancePath || e.instancePath.startsWith(`${outer.instancePath}/`));
  return kept.filter((e) => (e.keyword !== "oneOf" && e.keyword !== "anyOf") || !kept.some((other) => within(e, other)));
}
