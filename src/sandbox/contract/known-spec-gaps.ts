/**
 * The ONE place where this contract departs from GitHub's published OpenAPI description
 * (`@octokit/openapi` 23, api.github.com.json). Nothing here relaxes validation in general:
 * each entry touches one request body or one official example, and says why.
 *
 * - `REQUEST_BODY_GAPS` tighten a request schema where GitHub enforces a rule the schema only
 *   states in prose.
 * - `RESPONSE_BODY_GAPS` correct a response schema where GitHub's own answers, and its tracker,
 *   show it wrong (each names the upstream issue).
 * - `EXAMPLE_GAPS` repair official examples (`components.examples`) that fail their own response
 *   schema because they predate a field GitHub now returns and the schema now requires. The
 *   schema is the newer truth; `exampleFor()` returns the repaired value so the sandbox answers
 *   with what GitHub answers today.
 */
import type { OpenApiSchema } from "./load-github-openapi.js";

export interface RequestBodyGap {
  why: string;
  patch: (schema: OpenApiSchema) => OpenApiSchema;
}

export interface ExampleGap {
  why: string;
  /** Mutates a deep copy of the example's value. */
  patch: (value: any) => void;
}

/** Keyed by "METHOD /template". */
export const REQUEST_BODY_GAPS: Readonly<Record<string, RequestBodyGap>> = {
  "POST /repos/{owner}/{repo}/pulls": {
    why:
      'The schema requires only head and base; its description says title is "Required unless `issue` is specified", ' +
      "and GitHub answers 422 without either.",
    patch: (schema) => ({ ...schema, if: { not: { required: ["issue"] } }, then: { required: ["title"] } }),
  },
};

// Teams gained a required `type` ("organization" | "enterprise") in the spec; the examples that
// embed teams were written before it.
const TEAM_TYPE = "Team objects now carry a required `type` (organization or enterprise teams); the example predates it.";
const addTeamType = (team: any): void => {
  if (team && typeof team === "object" && team.type === undefined) team.type = "organization";
};
const teamsIn = (pr: any): void => (pr?.requested_teams ?? []).forEach(addTeamType);

export interface ResponseBodyGap {
  why: string;
  /** Gets the operation's response schema (already JSON Schema) and the spec's component schemas (OpenAPI). */
  patch: (schema: OpenApiSchema, components: Record<string, OpenApiSchema>, toJsonSchema: (s: OpenApiSchema) => OpenApiSchema) => OpenApiSchema;
}

/** Keyed by "METHOD /template status". */
export const RESPONSE_BODY_GAPS: Readonly<Record<string, ResponseBodyGap>> = {
  "GET /repos/{owner}/{repo}/pulls 200": {
    why:
      "pull-request-simple types a label's `description` as a string, but GitHub answers null for a label without one " +
      "(as the pull-request schema allows): github/rest-api-description#1812, still open.",
    patch: (schema, components, toJsonSchema) => {
      const simple = structuredClone(components["pull-request-simple"]) as any;
      simple.properties.labels.items.properties.description = { type: "string", nullable: true };
      return { ...schema, items: toJsonSchema(simple) };
    },
  },
};

/** Keyed by `components.examples` name. */
export const EXAMPLE_GAPS: Readonly<Record<string, ExampleGap>> = {
  "pull-request": { why: TEAM_TYPE, patch: teamsIn },
  "pull-request-simple": { why: TEAM_TYPE, patch: teamsIn },
  "pull-request-simple-items": { why: TEAM_TYPE, patch: (prs: any[]) => prs.forEach(teamsIn) },
  "pull-request-review-request": { why: TEAM_TYPE, patch: teamsIn },
  "simple-pull-request-review-request": { why: TEAM_TYPE, patch: (v) => (v.teams ?? []).forEach(addTeamType) },
  "full-repository": {
    why: "`has_discussions` is required by full-repository and returned by GitHub; the example predates Discussions.",
    patch: (repo) => {
      repo.has_discussions ??= false;
    },
  },
  "full-repository-default-response": {
    why: "`language` is required (nullable) by full-repository and always returned; the example omits it on the repo and its source.",
    patch: (repo) => {
      for (const r of [repo, repo.parent, repo.source]) if (r && r.language === undefined) r.language = null;
    },
  },
  commit: {
    why: "diff-entry requires `sha` and `contents_url`, which GitHub returns for every changed file; the example's file omits both.",
    patch: (commit) => {
      for (const f of commit.files ?? []) {
        f.sha ??= "bbcd538c8e72b8c175046e27cc8f907076331401";
        f.contents_url ??= `https://api.github.com/repos/octocat/Hello-World/contents/${f.filename}?ref=${commit.sha}`;
      }
    },
  },
  "repository-collaborator-permission-response-if-user-has-admin-permissions": {
    why: "collaborator requires `role_name`, which GitHub returns next to `permissions`; the example's user omits it.",
    patch: (v) => {
      if (v.user) v.user.role_name ??= v.role_name ?? "admin";
    },
  },
};
