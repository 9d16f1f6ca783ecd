/**
 * The scenario file format (YAML), as zod schemas: the world (repos with files, commits and
 * their PRs, issues, workflow runs, check runs, statuses, tags; installations) and the steps.
 * Key names follow issue #2; unknown keys are errors. File contents may be `{ fromFile: path }`.
 */
import { z } from "zod";

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    const text = v instanceof Date ? v.toISOString() : v.trim();
    if (Number.isNaN(Date.parse(text))) {
      ctx.addIssue({ code: "custom", message: `not a date-time: "${text}" (use ISO 8601, e.g. 2026-11-23T09:00:00+01:00)` });
      return z.NEVER;
    }
    return text;
  });

const sha40 = z.string().regex(/^[0-9a-f]{40}$/i, "must be a 40-hex commit sha");
const repoName = z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name");
const login = z.string().min(1);
const httpMethod = z
  .string()
  .transform((m) => m.toUpperCase())
  .pipe(z.enum(["GET", "POST", "PATCH", "PUT", "DELETE"]));
const permission = z.enum(["admin", "maintain", "write", "triage", "read", "none"]);

/** A file's content: text, `{ fromFile }` (read at load time), or null to delete (in commits). */
export const fileContentSchema = z.union([z.string(), z.object({ fromFile: z.string() }).strict(), z.null()]);
export const filesSchema = z.record(z.string(), fileContentSchema);

export const pullRequestSeedSchema = z
  .object({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().default(""),
    author: login.optional(),
    labels: z.array(z.string()).default([]),
    mergedBy: login.optional(),
  })
  .strict();

export const commitSeedSchema = z
  .object({
    id: z.string().optional(),
    sha: sha40.optional(),
    message: z.string(),
    author: login.optional(),
    files: filesSchema.optional(),
    pullRequest: pullRequestSeedSchema.optional(),
    date: isoDate.optional(),
    /** Makes it a merge commit: its second parent is this earlier commit (an id or a sha of this repository). */
    merges: z.string().optional(),
  })
  .strict();

export const issueSeedSchema = z
  .object({
    number: z.number().int().positive().optional(),
    title: z.string(),
    body: z.string().default(""),
    labels: z.array(z.string()).default([]),
    state: z.enum(["open", "closed"]).default("open"),
    author: login.optional(),
    assignees: z.array(login).default([]),
  })
  .strict();

const conclusion = z.enum(["success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required", "stale"]);
const runStatus = z.enum(["queued", "in_progress", "completed", "requested", "waiting", "pending"]);

export const workflowRunSeedSchema = z
  .object({
    workflow: z.string(),
    commit: z.string(),
    runNumber: z.number().int().positive().optional(),
    conclusion: conclusion.nullable().optional(),
    status: runStatus.optional(),
    event: z.string().default("push"),
    headBranch: z.string().optional(),
    /** true (fork owned by "forker") or the fork owner's login. */
    fromFork: z.union([z.boolean(), login]).default(false),
    actor: login.optional(),
    date: isoDate.optional(),
  })
  .strict();

export const checkRunSeedSchema = z
  .object({
    commit: z.string(),
    name: z.string(),
    conclusion: conclusion.optional(),
    status: runStatus.optional(),
    title: z.string().optional(),
    summary: z.string().optional(),
    detailsUrl: z.string().optional(),
    app: z.string().optional(),
  })
  .strict();

export const statusSeedSchema = z
  .object({
    commit: z.string(),
    context: z.string(),
    state: z.enum(["error", "failure", "pending", "success"]),
    description: z.string().optional(),
    targetUrl: z.string().optional(),
  })
  .strict();

export const repoSeedSchema = z
  .object({
    defaultBranch: z.string().default("main"),
    private: z.boolean().default(true),
    collaborators: z.record(login, permission).default({}),
    files: filesSchema.default({}),
    commits: z.array(commitSeedSchema).default([]),
    issues: z.array(issueSeedSchema).default([]),
    workflowRuns: z.array(workflowRunSeedSchema).default([]),
    checkRuns: z.array(checkRunSeedSchema).default([]),
    statuses: z.array(statusSeedSchema).default([]),
    /** tag name → commit id or sha */
    tags: z.record(z.string(), z.string()).default({}),
    /** extra branch name → commit id or sha */
    branches: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const installationSeedSchema = z
  .object({
    id: z.number().int().positive().optional(),
    account: login,
    /** Selected repositories; omitted = all of the account's repositories. */
    repos: z.array(repoName).optional(),
    /** Permissions granted to this installation; default: the app's (app.yml). */
    permissions: z.record(z.string(), z.enum(["read", "write", "admin"])).optional(),
  })
  .strict();

// ── steps ─────────────────────────────────────────────────────────────────────

export const stepSchemas = {
  clock: isoDate,
  comment: z.object({ repo: repoName, issue: z.number().int().positive(), user: login, body: z.string().min(1) }).strict(),
  push: z
    .object({ repo: repoName, branch: z.string().optional(), commits: z.array(commitSeedSchema).min(1), user: login.optional(), force: z.boolean().default(false) })
    .strict(),
  workflowRun: z
    .object({
      repo: repoName,
      workflow: z.string(),
      commit: z.string(),
      runNumber: z.number().int().positive().optional(),
      conclusion: conclusion.default("success"),
      status: runStatus.optional(),
      event: z.string().default("push"),
      headBranch: z.string().optional(),
      fromFork: z.union([z.boolean(), login]).default(false),
      actor: login.optional(),
    })
    .strict(),
  checkRun: z.object({ repo: repoName, commit: z.string(), name: z.string(), conclusion: conclusion.default("success"), title: z.string().optional(), summary: z.string().optional(), app: z.string().optional() }).strict(),
  status: z.object({ repo: repoName, commit: z.string(), context: z.string(), state: z.enum(["error", "failure", "pending", "success"]), targetUrl: z.string().optional(), description: z.string().optional() }).strict(),
  openPull: z
    .object({
      repo: repoName,
      head: z.string(),
      base: z.string().optional(),
      title: z.string(),
      body: z.string().default(""),
      files: filesSchema.optional(),
      labels: z.array(z.string()).default([]),
      user: login,
      draft: z.boolean().default(false),
      /** The head branch lives in this user's fork (`<user>/<name>`), not in the repository. */
      fromFork: login.optional(),
    })
    .strict(),
  merge: z
    .object({ repo: repoName, head: z.string().optional(), pull: z.number().int().positive().optional(), user: login, method: z.enum(["merge", "squash", "rebase"]).default("merge") })
    .strict()
    .refine((m) => m.head !== undefined || m.pull !== undefined, { message: "give `head` (branch) or `pull` (number)" }),
  label: z
    .object({
      repo: repoName,
      issue: z.number().int().positive().optional(),
      pull: z.number().int().positive().optional(),
      labels: z.array(z.string()).default([]),
      remove: z.array(z.string()).default([]),
      user: login,
    })
    .strict()
    .refine((m) => (m.issue ?? m.pull) !== undefined, { message: "give `issue` or `pull` (the number)" }),
  closeIssue: z.object({ repo: repoName, issue: z.number().int().positive(), user: login, reason: z.enum(["completed", "not_planned"]).default("completed") }).strict(),
  deploymentStatus: z
    .object({
      repo: repoName,
      environment: z.string().optional(),
      deployment: z.number().int().positive().optional(),
      state: z.enum(["error", "failure", "inactive", "in_progress", "queued", "pending", "success"]),
      logUrl: z.string().optional(),
      environmentUrl: z.string().optional(),
      description: z.string().optional(),
      user: login.optional(),
    })
    .strict()
    .refine((m) => m.environment !== undefined || m.deployment !== undefined, { message: "give `environment` (its newest deployment) or `deployment` (the id)" }),
  /** A deployment someone else made (a user, or an app's bot account such as github-actions[bot]). */
  createDeployment: z
    .object({
      repo: repoName,
      environment: z.string().min(1),
      /** A commit id of the scenario, a sha, branch or tag. */
      ref: z.string().min(1),
      user: login,
      payload: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
      description: z.string().optional(),
    })
    .strict(),
  /**
   * GitHub's "Redeliver": `last` = the newest delivery not sent by the bot; `{ event, action? }`
   * the newest of that event; `{ copies, atOnce }` (with or without `event`): that many copies with
   * the same GUID, one after another or all at the same moment.
   */
  redeliver: z.union([
    z.literal("last"),
    z
      .object({ event: z.string().optional(), action: z.string().optional(), copies: z.number().int().min(1).max(100).default(1), atOnce: z.boolean().default(false) })
      .strict()
      .refine((r) => r.event !== undefined || r.action === undefined, { message: "`action` needs `event`" }),
  ]),
  /**
   * GitHub fails later requests: `route` a REST route template or "/graphql" (any document);
   * `after` matching requests pass first, then `times` (default 1) fail. `mode`: `error` (answer
   * `status`, nothing performed), `lost-response` (performed, then answered `status`), `hang`
   * (never answered).
   */
  fault: z
    .object({
      method: httpMethod,
      route: z.string().regex(/^\//, "a route template such as /repos/{owner}/{repo}/pulls, or /graphql"),
      status: z.number().int().min(400).max(599).optional(),
      times: z.number().int().positive().default(1),
      after: z.number().int().min(0).default(0),
      mode: z.enum(["error", "lost-response", "hang"]).default("error"),
    })
    .strict()
    .refine((f) => f.mode === "hang" || f.status !== undefined, { message: "give the `status` to answer (e.g. 502)", path: ["status"] }),
  /** Kills the bot process: at once (`{}`), or when the `count`-th matching request arrives, before it is served. */
  crash: z
    .object({ after: z.object({ method: httpMethod, route: z.string().regex(/^\//, "a route template, or /graphql"), count: z.number().int().positive().default(1) }).strict().optional() })
    .strict(),
  /** A fresh bot process (nothing survives in memory). */
  restart: z.object({}).strict(),
  /** These steps' world changes, then all the webhooks they caused delivered at the same moment. Sub-steps are validated as steps. */
  concurrently: z.array(z.unknown()).min(1),
} as const;

export type StepKind = keyof typeof stepSchemas;
export const STEP_KINDS = Object.keys(stepSchemas) as StepKind[];

/** A step as written (defaults not yet applied), e.g. in a test: `sandbox.play({ comment: {…} })`. */
export type ScenarioStepInput = { [K in StepKind]: { [P in K]: z.input<(typeof stepSchemas)[K]> } }[StepKind];

/** One scenario step: an object with exactly one of the step keys (`concurrently` holds parsed steps). */
export type ScenarioStep =
  | { [K in Exclude<StepKind, "concurrently">]: { [P in K]: z.output<(typeof stepSchemas)[K]> } }[Exclude<StepKind, "concurrently">]
  | { concurrently: ScenarioStep[] };

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    start: isoDate,
    /** Subscribed webhook events; default: the app's default subscription. */
    events: z.array(z.string()).optional(),
    repos: z.record(repoName, repoSeedSchema),
    installations: z.array(installationSeedSchema).optional(),
    /** Primary rate limits per installation an hour (default GitHub's: 5,000 REST requests, 5,000 GraphQL points). */
    rateLimits: z.object({ rest: z.number().int().positive().optional(), graphql: z.number().int().positive().optional() }).strict().optional(),
    steps: z.array(z.unknown()).default([]),
  })
  .strict();

export type RepoSeed = z.output<typeof repoSeedSchema>;
export type CommitSeed = z.output<typeof commitSeedSchema>;
export type FileContent = z.output<typeof fileContentSchema>;

/** A loaded scenario: validated, `fromFile` contents read, steps typed. */
export interface Scenario extends Omit<z.output<typeof scenarioSchema>, "steps"> {
  steps: ScenarioStep[];
}
