/**
 * The ONE place where the webhook contract departs from `@octokit/webhooks-schemas` (7.x), a
 * community schema written from payload examples and no longer kept up to date with GitHub
 * (octokit/webhooks#901, #1003). Each entry patches one definition (on a deep copy) where GitHub
 * is known to send something the schema predates, and says why. Nothing here relaxes validation
 * in general: no property becomes optional, no type wider, no object open.
 */
export interface WebhookSchemaGap {
  why: string;
  /** Returns the definition to validate with; receives a deep copy. */
  patch: (definition: Record<string, unknown>) => Record<string, unknown>;
}

/** A JSON Schema object, walked by known paths. */
type Schema = Record<string, any>;

/** Keyed by definition name, e.g. "app", "issue_comment$created". */
export const WEBHOOK_SCHEMA_GAPS: Readonly<Record<string, WebhookSchemaGap>> = {
  app: {
    why:
      "Since 2024-08-23 GitHub includes an app's `client_id` wherever it renders an app (GitHub changelog " +
      '"Client IDs are now included in App API responses"; GitHub\'s OpenAPI `integration`, which webhook ' +
      "`performed_via_github_app` and check runs' `app` reference, has it). The schema's closed `app` predates it " +
      "(octokit/webhooks#1003). Added as an optional string; nothing else changes.",
    patch: (definition) => {
      const app = definition as Schema;
      return { ...app, properties: { ...app.properties, client_id: { type: "string" } } };
    },
  },
  status$event: {
    why:
      "A commit's signature `verification` carries `verified_at` (when GitHub verified it; null if never) in REST " +
      "commits and in GitHub's own OpenAPI `webhook-status`, which requires it. The schema's closed `verification` " +
      "predates it. Added as an optional string or null; nothing else changes.",
    patch: (definition) => {
      const status = definition as Schema;
      const verification = status.properties.commit.properties.commit.properties.verification;
      verification.properties = { ...verification.properties, verified_at: { type: ["string", "null"] } };
      return status;
    },
  },
};
