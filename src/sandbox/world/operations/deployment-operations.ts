/**
 * Deployments and their statuses with GitHub's semantics: required contexts checked against the
 * ref's commit statuses and check runs (409 when they are not green), `auto_inactive` on success,
 * and `deployment` / `deployment_status` events.
 */
import type { World } from "../world.js";
import type { Repository } from "../repository.js";
import type { Deployment, DeploymentStatus } from "../records.js";
import { conflict, notFound, unprocessable, validationFailed } from "../api-error.js";
import { latestStatuses } from "./ci-operations.js";

export interface DeploymentSpec {
  ref: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  requiredContexts?: string[];
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  creator: string;
}

export function createDeployment(world: World, repo: Repository, spec: DeploymentSpec): Deployment {
  const commit = repo.resolveCommit(spec.ref);
  if (!commit) throw unprocessable(`No ref found for: ${spec.ref}`);
  if (spec.description && spec.description.length > 140) {
    throw validationFailed([{ resource: "Deployment", field: "description", code: "custom", message: "description is too long (maximum is 140 characters)" }]);
  }
  const contexts = contextStates(repo, commit.sha);
  const required = spec.requiredContexts ?? [...contexts.keys()];
  const failing = required.filter((c) => contexts.get(c) !== "success");
  if (failing.length) {
    throw conflict(`Conflict: Commit status checks failed for ${spec.ref}.`, [
      { contexts: failing.map((c) => ({ context: c, state: contexts.get(c) ?? "missing" })), resource: "Deployment", field: "required_contexts" },
    ]);
  }
  const environment = spec.environment ?? "production";
  const now = world.now();
  const deployment: Deployment = {
    id: world.nextId("deployment"),
    sha: commit.sha,
    ref: spec.ref,
    task: spec.task ?? "deploy",
    payload: spec.payload ?? {},
    environment,
    originalEnvironment: environment,
    description: spec.description ?? null,
    creator: spec.creator,
    createdAt: now,
    updatedAt: now,
    transientEnvironment: spec.transientEnvironment ?? false,
    productionEnvironment: spec.productionEnvironment ?? environment === "production",
    statuses: [],
  };
  repo.deployments.push(deployment);
  world.emit({ kind: "deployment", action: "created", repo: repo.fullName, deploymentId: deployment.id, sender: spec.creator });
  return deployment;
}

export interface DeploymentStatusSpec {
  state: DeploymentStatus["state"];
  description?: string;
  logUrl?: string;
  targetUrl?: string;
  environmentUrl?: string;
  environment?: string;
  autoInactive?: boolean;
  creator: string;
}

export function addDeploymentStatus(world: World, repo: Repository, deploymentId: number, spec: DeploymentStatusSpec): DeploymentStatus {
  const deployment = repo.deployments.find((d) => d.id === deploymentId);
  if (!deployment) throw notFound();
  if (spec.description && spec.description.length > 140) {
    throw validationFailed([{ resource: "DeploymentStatus", field: "description", code: "custom", message: "description is too long (maximum is 140 characters)" }]);
  }
  const now = world.now();
  const logUrl = spec.logUrl ?? spec.targetUrl ?? "";
  const status: DeploymentStatus = {
    id: world.nextId("deployment_status"),
    state: spec.state,
    description: spec.description ?? "",
    environment: spec.environment ?? deployment.environment,
    targetUrl: spec.targetUrl ?? logUrl,
    logUrl,
    environmentUrl: spec.environmentUrl ?? "",
    creator: spec.creator,
    createdAt: now,
  };
  if (spec.environment) deployment.environment = spec.environment;
  deployment.statuses.push(status);
  deployment.updatedAt = now;
  if (spec.state === "success" && (spec.autoInactive ?? true)) markOthersInactive(world, repo, deployment);
  world.emit({ kind: "deployment_status", action: "created", repo: repo.fullName, deploymentId, statusId: status.id, sender: spec.creator });
  return status;
}

/** Newest deployment of an environment (what a scenario's `deploymentStatus` step reports on). */
export function latestDeployment(repo: Repository, environment: string): Deployment | undefined {
  return [...repo.deployments].reverse().find((d) => d.environment === environment);
}

/** Newest state per context on a commit: commit statuses and check runs alike. */
function contextStates(repo: Repository, sha: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const s of latestStatuses(repo, sha)) states.set(s.context, s.state);
  for (const run of [...repo.checkRuns].filter((r) => r.headSha === sha).sort((a, b) => a.id - b.id)) {
    states.set(run.name, run.status !== "completed" ? "pending" : run.conclusion === "success" || run.conclusion === "neutral" || run.conclusion === "skipped" ? "success" : "failure");
  }
  return states;
}

/** GitHub adds an `inactive` status to earlier non-transient deployments of the environment (no webhook). */
function markOthersInactive(world: World, repo: Repository, current: Deployment): void {
  for (const d of repo.deployments) {
    if (d === current || d.environment !== current.environment || d.transientEnvironment) continue;
    const last = d.statuses[d.statuses.length - 1];
    if (!last || last.state !== "success") continue;
    d.statuses.push({ ...last, id: world.nextId("deployment_status"), state: "inactive", description: "", createdAt: world.now() });
  }
}
