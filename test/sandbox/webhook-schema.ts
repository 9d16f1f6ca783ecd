/**
 * GitHub's JSON Schemas of webhook payloads (`components.schemas.webhook-*` of the OpenAPI
 * description, e.g. `webhook-issue-comment-created`): a second opinion on sandbox deliveries in
 * tests. The sandbox itself validates every delivery against `@octokit/webhooks-schemas`
 * (`src/sandbox/contract/webhook-contract.ts`) and records departures as contract violations.
 */
import type { Ajv } from "ajv";
import { createAjv } from "../../src/sandbox/contract/create-ajv.js";
import { formatSchemaErrors } from "../../src/sandbox/contract/format-schema-errors.js";
import { loadGitHubOpenApi } from "../../src/sandbox/contract/load-github-openapi.js";
import { COMPONENTS_ID } from "../../src/sandbox/contract/openapi-to-json-schema.js";

let ajv: Ajv | undefined;

/** Messages naming each place where `value` departs from the schema (`webhook-<name>` or `<name>`). */
export function webhookSchemaErrors(name: string, value: unknown): string[] {
  ajv ??= createAjv(loadGitHubOpenApi());
  const id = `${COMPONENTS_ID}schemas/${name}`;
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate(value) ? [] : formatSchemaErrors(validate.errors, "payload");
}
