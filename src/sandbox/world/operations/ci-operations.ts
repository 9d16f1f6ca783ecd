/**
 * CI results: check runs, commit statuses, workflows and their runs (including fork runs and
 * workflow_dispatch). Each emits the event GitHub sends for it.
 */
import type { World } from "../world.js";
import type { Repository } from "../repository.js";
import type { CheckRun, CommitStatus, Workflow, WorkflowRun } from "../records.js";
import { notFound, unprocessable, validationFailed } from "../api-error.js";
import { checkCheckRunOutput } from "../body-limits.js";
import { appBySlug } from "../app-profiles.js";

export function createCheckRun(
  world: World,
  repo: Repository,
  opts: {
    headSha: string;
    name: string;
    status?: CheckRun["status"];
    conclusion?: CheckRun["conclusion"];
    output?: Partial<CheckRun["output"]>;
    detailsUrl?: string | null;
    externalId?: string;
    app?: string;
    startedAt?: string;
    completedAt?: string;
    sender: string;
    silent?: boolean;
  },
): CheckRun {
  const commit = repo.resolveCommit(opts.headSha);
  if (!commit || commit.sha !== opts.headSha.toLowerCase()) {
    throw validationFailed([{ resource: "CheckRun", code: "invalid", field: "head_sha", message: "No commit found for SHA: " + opts.headSha }]);
  }
  checkCheckRunOutput(opts.output);
  const now = world.now();
  const conclusion = opts.conclusion ?? null;
  const status = opts.status ?? (conclusion ? "completed" : "queued");
  const app = opts.app ?? world.app.slug;
  const run: CheckRun = {
    id: world.nextId("check_run"),
    headSha: commit.sha,
    name: opts.name,
    status,
    conclusion: status === "completed" ? conclusion ?? "neutral" : null,
    startedAt: opts.startedAt ?? now,
    completedAt: status === "completed" ? opts.completedAt ?? now : null,
    // GitHub's docs (create a check run, `details_url`): "If the integrator does not provide this, then the homepage of the GitHub app is used."
    detailsUrl: opts.detailsUrl || appBySlug(world, app).externalUrl,
    externalId: opts.externalId ?? "",
    output: { title: opts.output?.title ?? null, summary: opts.output?.summary ?? null, text: opts.output?.text ?? null },
    app,
    // GitHub files an app's check runs on one commit in one check suite.
    checkSuiteId: repo.checkRuns.find((r) => r.app === app && r.headSha === commit.sha)?.checkSuiteId ?? world.nextId("check_suite"),
  };
  repo.checkRuns.push(run);
  if (!opts.silent) world.emit({ kind: "check_run", action: "created", repo: repo.fullName, checkRunId: run.id, sender: opts.sender });
  return run;
}

export function createStatus(
  world: World,
  repo: Repository,
  opts: { sha: string; state: CommitStatus["state"]; context?: string; description?: string | null; targetUrl?: string | null; creator: string; silent?: boolean },
): CommitStatus {
  const commit = repo.git.commit(opts.sha);
  if (!commit) throw unprocessable(`No commit found for SHA: ${opts.sha}`);
  const status: CommitStatus = {
    id: world.nextId("status"),
    sha: commit.sha,
    context: opts.context ?? "default",
    state: opts.state,
    description: opts.description ?? null,
    targetUrl: opts.targetUrl ?? null,
    creator: opts.creator,
    createdAt: world.now(),
  };
  repo.statuses.push(status);
  if (!opts.silent) world.emit({ kind: "status", repo: repo.fullName, statusId: status.id, sender: opts.creator });
  return status;
}

/** Latest status per context, newest first (as the combined status lists them). */
export function latestStatuses(repo: Repository, sha: string): CommitStatus[] {
  const byContext = new Map<string, CommitStatus>();
  for (const s of repo.statuses.filter((x) => x.sha === sha).sort((a, b) => b.id - a.id)) if (!byContext.has(s.context)) byContext.set(s.context, s);
  return [...byContext.values()];
}

/** GitHub's combined state: failure/error wins, then pending (also when there are no statuses), else success. */
export function combinedState(statuses: CommitStatus[]): "failure" | "pending" | "success" {
  if (statuses.some((s) => s.state === "failure" || s.state === "error")) return "failure";
  if (statuses.length === 0 || statuses.some((s) => s.state === "pending")) return "pending";
  return "success";
}

/** The workflow with that file name (".github/workflows/<file>"), created on first use. */
export function ensureWorkflow(world: World, repo: Repository, file: string, name?: string): Workflow {
  const path = file.includes("/") ? file : `.github/workflows/${file}`;
  const existing = repo.workflows.find((w) => w.path === path);
  if (existing) return existing;
  const base = path.split("/").pop()!.replace(/\.ya?ml$/, "");
  const workflow: Workflow = { id: world.nextId("workflow"), name: name ?? (base === "ci" ? "CI" : base), path, createdAt: world.now() };
  repo.workflows.push(workflow);
  return workflow;
}

export interface WorkflowRunSpec {
  workflow: string;
  headSha: string;
  runNumber?: number;
  event?: string;
  status?: WorkflowRun["status"];
  conclusion?: WorkflowRun["conclusion"];
  headBranch?: string | null;
  /** Full name of the fork the run's head came from. */
  headRepo?: string;
  actor: string;
  createdAt?: string;
  updatedAt?: string;
  inputs?: Record<string, unknown>;
  silent?: boolean;
}

/** Adds a run; emits `requested`, and `completed` too when it is already completed. */
export function addWorkflowRun(world: World, repo: Repository, spec: WorkflowRunSpec): WorkflowRun {
  const workflow = ensureWorkflow(world, repo, spec.workflow);
  const runsOfWorkflow = repo.workflowRuns.filter((r) => r.workflowId === workflow.id);
  const now = world.now();
  const status = spec.status ?? (spec.conclusion ? "completed" : "queued");
  const run: WorkflowRun = {
    id: world.nextId("workflow_run"),
    workflowId: workflow.id,
    runNumber: spec.runNumber ?? 1 + Math.max(0, ...runsOfWorkflow.map((r) => r.runNumber)),
    runAttempt: 1,
    name: workflow.name,
    headSha: spec.headSha,
    headBranch: spec.headBranch === undefined ? repo.defaultBranch : spec.headBranch,
    event: spec.event ?? "push",
    status,
    conclusion: status === "completed" ? spec.conclusion ?? "success" : null,
    headRepo: spec.headRepo ?? repo.fullName,
    actor: spec.actor,
    createdAt: spec.createdAt ?? now,
    updatedAt: spec.updatedAt ?? spec.createdAt ?? now,
    runStartedAt: spec.createdAt ?? now,
    checkSuiteId: world.nextId("check_suite"),
    inputs: spec.inputs,
  };
  repo.workflowRuns.push(run);
  if (!spec.silent) {
    world.emit({ kind: "workflow_run", action: "requested", repo: repo.fullName, runId: run.id, sender: spec.actor });
    if (status === "completed") world.emit({ kind: "workflow_run", action: "completed", repo: repo.fullName, runId: run.id, sender: spec.actor });
  }
  return run;
}

/** Completes a queued or running run; emits `workflow_run.completed`. */
export function completeWorkflowRun(world: World, repo: Repository, runId: number, conclusion: NonNullable<WorkflowRun["conclusion"]>): WorkflowRun {
  const run = repo.workflowRuns.find((r) => r.id === runId);
  if (!run) throw notFound();
  run.status = "completed";
  run.conclusion = conclusion;
  run.updatedAt = world.now();
  world.emit({ kind: "workflow_run", action: "completed", repo: repo.fullName, runId, sender: run.actor });
  return run;
}

/** `POST …/actions/workflows/{id}/dispatches`: a queued `workflow_dispatch` run on `ref`. */
export function dispatchWorkflow(
  world: World,
  repo: Repository,
  opts: { workflow: string; ref: string; inputs?: Record<string, unknown>; sender: string },
): WorkflowRun {
  const workflow = repo.workflowByIdOrFile(opts.workflow);
  if (!workflow) throw notFound();
  const commit = repo.resolveCommit(opts.ref);
  if (!commit) throw unprocessable(`No ref found for: ${opts.ref}`);
  const branch = opts.ref.replace(/^refs\/(heads|tags)\//, "");
  world.emit({ kind: "workflow_dispatch", repo: repo.fullName, workflowId: workflow.id, ref: opts.ref, inputs: opts.inputs ?? {}, sender: opts.sender });
  return addWorkflowRun(world, repo, {
    workflow: workflow.path,
    headSha: commit.sha,
    event: "workflow_dispatch",
    status: "queued",
    headBranch: branch,
    actor: opts.sender,
    inputs: opts.inputs ?? {},
  });
}
