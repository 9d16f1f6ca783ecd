/**
 * GitHub's official response examples (`components.examples` of the OpenAPI description), as
 * templates: the sandbox takes a deep copy and overrides fields, so its responses have GitHub's
 * exact shape. Examples known to fail their own schema are repaired in known-spec-gaps.ts.
 */
import { EXAMPLE_GAPS } from "./known-spec-gaps.js";
import { loadGitHubOpenApi } from "./load-github-openapi.js";

/**
 * Short names for examples whose official name is long or differs from the resource name.
 * "repository" is what GET /repos/{owner}/{repo} returns; "tag" is an annotated git tag object.
 */
export const EXAMPLE_ALIASES: Readonly<Record<string, string>> = {
  repository: "full-repository-default-response",
  tag: "git-tag",
  "repository-collaborator-permission": "repository-collaborator-permission-response-if-user-has-admin-permissions",
};

/** A fresh deep copy of `components.examples[name].value`, repaired where known-spec-gaps.ts says so. */
export function exampleFor(name: string): unknown {
  const examples = loadGitHubOpenApi().components.examples;
  const official = EXAMPLE_ALIASES[name] ?? name;
  const example = examples[official];
  if (!example) throw new Error(`no GitHub OpenAPI example named "${name}"`);
  const value = structuredClone(example.value);
  EXAMPLE_GAPS[official]?.patch(value);
  return value;
}

/** Every official example name plus the aliases above. */
export function exampleNames(): string[] {
  return [...Object.keys(loadGitHubOpenApi().components.examples), ...Object.keys(EXAMPLE_ALIASES)].sort();
}
