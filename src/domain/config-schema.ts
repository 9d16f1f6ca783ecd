/**
 * The `.github/release-bot.yml` format: the single source of its types, defaults and docs.
 * Semantic checks (unknown environments, cycles, cron, timezone, pins) live in check-config-semantics.ts.
 */
import { z } from "zod";
import type { VersionScheme } from "./types.js";

/** Where the bot reads its config in the ops repo (Probot's convention). */
export const CONFIG_FILE = ".github/release-bot.yml";

/** Environment names become branch names (`release-<env>`), so they must be valid segments. */
export const ENVIRONMENT_NAME = /^(?!.*\.\.)(?!.*\.lock$)[A-Za-z0-9][A-Za-z0-9._-]*(?<!\.)$/;
const REPO_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]+$/;
const DURATION = /^(?=\d)(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
export const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?$/;

/** Special labels of `transitions` values: `close` closes the issue instead of relabelling it. */
export const CLOSE = "close";

const durationSchema = (what: string) =>
  z.string().regex(DURATION, { error: `must be a duration such as "90m", "24h" or "1d12h"` }).describe(what);

const workflowBuildSchema = z
  .strictObject({
    workflow: z
      .string()
      .min(1)
      .describe("GitHub Actions workflow file name (e.g. ci.yml) or id: the newest successful push run on the branch is the build."),
  })
  .describe("Builds are GitHub Actions runs of this workflow.");

const checksBuildSchema = z
  .strictObject({
    checks: z
      .array(z.string().min(1))
      .min(1, { error: "must list at least one check name" })
      .describe("Check run names / commit status contexts that must all succeed on a commit for it to be a build (any CI)."),
  })
  .describe("Builds are commits whose named checks all succeeded.");

/** A dotted path into a YAML or JSON file: non-empty segments separated by ".", e.g. billing.image.tag. */
export const DOTTED_PATH = /^[^.]+(?:\.[^.]+)*$/;
/** A repository path a monorepo component owns: relative, no globs, no "." or ".." segments. */
const REPO_PATH = /^(?!\/)(?!.*\/\/)(?!.*(?:^|\/)\.{1,2}(?:\/|$))[^*?[\]{}!\\]+$/;

/**
 * A file of the ops repo the bot may rewrite: relative, "/"-separated, no empty, "." or ".." segments, no
 * backslashes or surrounding spaces, and nothing under `.github/` (the config, workflows) or `.git/`: a release
 * PR only ever edits pin files, never the bot's config or a workflow someone would approve without noticing.
 */
export const OPS_FILE = /^(?![\s/])(?!.*\s$)(?!.*\/\/)(?!.*(?:^|\/)\.{1,2}(?:\/|$))(?!\.github\/)(?!\.git\/)[^\\]+$/i;
const opsFileSchema = (what: string) =>
  z
    .string()
    .min(1)
    .regex(OPS_FILE, { error: 'must be a file of the ops repo such as "deploy/{environment}/values.yaml": relative, no "." or ".." segments, not under .github/ or .git/' })
    .describe(what);

const dottedPathSchema = (what: string) =>
  z.string().regex(DOTTED_PATH, { error: "must be a dotted path such as billing.image.tag (no empty segments)" }).describe(what);

const repoPathSchema = z
  .string()
  .regex(REPO_PATH, { error: 'must be a directory or file of the repository such as "services/api" (relative, no globs, no "." or ".." segments)' });

export const pinSchema = z
  .strictObject({
    file: opsFileSchema(
      'File in the ops repo that pins this component, YAML or JSON by extension (.json is JSON); "{environment}" is replaced by the environment\'s name. Default: the environment\'s file.',
    ).optional(),
    version: dottedPathSchema(
      "Dotted path of the version in the file, e.g. billing.image.tag or override_attributes.billing.version; numeric segments index lists. Default: components.<name>.version.",
    ).optional(),
    commit: dottedPathSchema(
      "Dotted path of the commit the version was built from. Default: components.<name>.commit when `version` is not set either; otherwise none, and the pinned commit is found from the version.",
    ).optional(),
    image: z
      .string()
      .min(1)
      .regex(/^\S+$/, { error: "must be an image name without spaces, e.g. ghcr.io/acme/api" })
      .optional()
      .describe("Kustomize: the name of the entry in the kustomization's `images:` whose newTag is the version (instead of version/commit paths)."),
  })
  .describe("Where each environment pins this component: a dotted path in a YAML or JSON file, or a Kustomize image. Default: components.<name>.version and .commit in the environment's file.");

export const componentSchema = z
  .strictObject({
    repo: z
      .string()
      .regex(REPO_NAME, { error: `must be a repository as "owner/name", e.g. acme/billing` })
      .describe('The component\'s repository, "owner/name".'),
    branch: z.string().min(1).optional().describe("Branch whose green builds are released. Default: the repository's default branch."),
    build: z.union([workflowBuildSchema, checksBuildSchema]).describe("How green builds are found: { workflow: ci.yml } or { checks: [names] }."),
    version: z
      .enum(["run-number", "sha", "tag"])
      .optional()
      .describe("How the version reads: run-number (default with workflow), sha (default with checks), tag (newest semver tag on the build's commit)."),
    pin: pinSchema.optional(),
    path: z
      .union([repoPathSchema, z.array(repoPathSchema).min(1, { error: "must list at least one path" })])
      .optional()
      .describe("Monorepo: the directory (or file) of the repository this component is built from, or a list of them; only commits touching one belong to its changelog. Default: the whole repository."),
  })
  .describe("A deployable service.");

export const environmentSchema = z
  .strictObject({
    file: opsFileSchema(
      "Path of the environment file in the ops repo, YAML or JSON by extension (.json is JSON). Default: environments/<name>.yml; not read when every component's pin names its own file.",
    ).optional(),
    from: z
      .string()
      .min(1)
      .default("builds")
      .describe('Where candidate versions come from: "builds" (newest green builds) or the name of another environment (promotion).'),
    schedule: z.string().min(1).optional().describe('When to open the release PR: a 5-field cron expression in `timezone`, e.g. "0 9 * * 1-5".'),
    transitions: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe('Issue label moves after a successful deploy: label → new label, or → "close" to close the issue.'),
    minSoak: durationSchema("Promotion only: minimum time the source environment's versions must have been deployed, e.g. 24h.").optional(),
    deploy: z
      .strictObject({
        workflow: z.string().min(1).describe("Workflow file in the ops repo that deploys this environment."),
      })
      .optional()
      .describe("How a merged release is deployed, when the bot should dispatch it."),
    deployTimeout: durationSchema("How long to wait for a deployment to report success or failure.").default("60m"),
  })
  .describe("A deploy target with an environment file in the ops repo.");

const freezeBase = {
  environments: z.array(z.string().min(1)).optional().describe("Environments frozen. Default: all."),
  reason: z.string().optional().describe("Shown to people whose release is held back."),
};

export const freezeSchema = z
  .union([
    z.strictObject({
      from: z.string().regex(DATE, { error: "must be a date such as 2024-12-20 or 2024-12-20T18:00" }).describe("Start of the freeze (in `timezone` unless an offset is given)."),
      to: z.string().regex(DATE, { error: "must be a date such as 2025-01-07 or 2025-01-07T09:00" }).describe("End of the freeze."),
      ...freezeBase,
    }),
    z.strictObject({
      cron: z.string().min(1).describe("5-field cron expression: when a recurring freeze starts."),
      duration: durationSchema("How long each recurring freeze lasts, e.g. 60h."),
      ...freezeBase,
    }),
  ])
  .describe("A period in which no release PR is opened: { from, to } or { cron, duration }.");

export const configSchema = z
  .strictObject({
    timezone: z.string().min(1).default("UTC").describe("IANA time zone of the schedules, e.g. Europe/Rome."),
    components: z.record(z.string().min(1), componentSchema).default({}).describe("Deployable services by name (the names used in environment files)."),
    environments: z
      .record(z.string().regex(ENVIRONMENT_NAME, { error: "environment names must be letters, digits, '.', '_' and '-', starting with a letter or digit (no '..', no trailing '.' or '.lock')" }), environmentSchema)
      .default({})
      .describe("Deploy targets by name; each gets a release-<name> PR."),
    releaseOwners: z
      .array(z.string().regex(OWNER, { error: 'must be a user login or "org/team", without @' }))
      .default([])
      .describe("Users or org/team slugs notified when a deploy fails."),
    links: z
      .strictObject({
        redirect: z
          .union([z.string().min(1), z.literal(false)])
          .default("redirect.github.com")
          .describe("Host used for issue and PR links in release bodies, so they create no back-references; false = plain links (GitHub Enterprise)."),
      })
      .default({ redirect: "redirect.github.com" })
      .describe("How links in release PR bodies are written."),
    freeze: z.array(freezeSchema).optional().describe("Release freezes."),
  })
  .describe("release-bot configuration (.github/release-bot.yml).");

export type Config = z.output<typeof configSchema>;
export type ComponentConfig = z.output<typeof componentSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type FreezeConfig = z.output<typeof freezeSchema>;
export type PinConfig = z.output<typeof pinSchema>;

/** The component's version scheme, with its default: run-number for workflow builds, sha for checks. */
export function versionSchemeOf(component: ComponentConfig): VersionScheme {
  if (component.version) return component.version;
  return "workflow" in component.build ? "run-number" : "sha";
}

/** The paths a monorepo component owns (empty: the whole repository). */
export function componentPathsOf(component: Pick<ComponentConfig, "path">): string[] {
  if (component.path === undefined) return [];
  return typeof component.path === "string" ? [component.path] : [...component.path];
}

/** Path of an environment's file in the ops repo. */
export function envFileOf(name: string, env: Pick<EnvironmentConfig, "file">): string {
  return env.file ?? `environments/${name}.yml`;
}

/** Default label transitions (SPEC): builds-fed envs move ready-for-staging → test; `production` closes ready. */
export function transitionsOf(config: Pick<Config, "environments">, envName: string): Record<string, string> {
  const env = config.environments[envName];
  if (!env) return {};
  if (env.transitions) return { ...env.transitions };
  const defaults: Record<string, string> = {};
  if (env.from === "builds") defaults["workflow/ready-for-staging"] = "workflow/test";
  if (envName === "production") defaults["workflow/ready"] = CLOSE;
  return defaults;
}

/** Milliseconds of a duration string such as "90m", "24h", "1d12h"; null when it is not one. */
export function parseDurationMs(text: string): number | null {
  if (!DURATION.test(text)) return null;
  const unit: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  let total = 0;
  for (const [, n, u] of text.matchAll(/(\d+)([dhms])/g)) total += Number(n) * unit[u];
  return total;
}
