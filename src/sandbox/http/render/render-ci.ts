/** Check runs, commit statuses, workflows, workflow runs and deployments in GitHub's REST shape. */
import type { Repository } from "../../world/repository.js";
import type { CheckRun, CommitStatus, Deployment, DeploymentStatus, Workflow, WorkflowRun } from "../../world/records.js";
import { renderIntegration, renderPerformedVia, renderUser } from "./render-accounts.js";
import { appBySlug } from "../../world/app-profiles.js";
import { renderRepository } from "./render-repository.js";
import { nodeId, repoApi, repoHtml, template, type Json, type RenderContext } from "./render-context.js";

export function renderCheckRun(ctx: RenderContext, repo: Repository, run: CheckRun): Json {
  const api = repoApi(ctx, repo.fullName);
  const app = renderIntegration(ctx, appBySlug(ctx.world, run.app));
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CR", run.id),
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${repoHtml(ctx, repo.fullName)}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: 0, annotations_url: `${api}/check-runs/${run.id}/annotations` },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app,
    pull_requests: [],
  };
}

export function renderStatus(ctx: RenderContext, repo: Repository, s: CommitStatus): Json {
  return {
    url: `${repoApi(ctx, repo.fullName)}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: nodeId("SC", s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    creator: renderUser(ctx, s.creator),
  };
}

export function renderWorkflow(ctx: RenderContext, repo: Repository, w: Workflow): Json {
  const api = repoApi(ctx, repo.fullName);
  const html = repoHtml(ctx, repo.fullName);
  return {
    id: w.id,
    node_id: nodeId("W", w.id),
    name: w.name,
    path: w.path,
    state: "active",
    created_at: w.createdAt,
    updated_at: w.createdAt,
    url: `${api}/actions/workflows/${w.id}`,
    html_url: `${html}/blob/${repo.defaultBranch}/${w.path}`,
    badge_url: `${html}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

export function renderWorkflowRun(ctx: RenderContext, repo: Repository, run: WorkflowRun): Json {
  const api = repoApi(ctx, repo.fullName);
  const workflow = repo.workflows.find((w) => w.id === run.workflowId)!;
  const headRepo = ctx.world.findRepo(run.headRepo) ?? repo;
  const commit = repo.git.commit(run.headSha) ?? headRepo.git.commit(run.headSha);
  const runApi = `${api}/actions/runs/${run.id}`;
  const out: Json = {
    ...template(ctx, "workflow-run"),
    id: run.id,
    name: run.name,
    node_id: nodeId("WFR", run.id),
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: nodeId("CS", run.checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `${workflow.path}@${run.headBranch ?? run.headSha}`,
    run_number: run.runNumber,
    event: run.event,
    display_title: commit?.message.split("\n")[0] ?? workflow.name,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url: runApi,
    html_url: `${repoHtml(ctx, repo.fullName)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: renderUser(ctx, run.actor),
    run_attempt: run.runAttempt,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    triggering_actor: renderUser(ctx, run.actor),
    jobs_url: `${runApi}/jobs`,
    logs_url: `${runApi}/logs`,
    check_suite_url: `${api}/check-suites/${run.checkSuiteId}`,
    artifacts_url: `${runApi}/artifacts`,
    cancel_url: `${runApi}/cancel`,
    rerun_url: `${runApi}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${run.workflowId}`,
    head_commit: commit
      ? {
          id: commit.sha,
          tree_id: commit.tree,
          message: commit.message,
          timestamp: commit.committer.date.replace(/\.\d{3}Z$/, "Z"),
          author: { name: commit.author.name, email: commit.author.email },
          committer: { name: commit.committer.name, email: commit.committer.email },
        }
      : null,
    repository: minimalRepository(ctx, repo),
    head_repository: minimalRepository(ctx, headRepo),
  };
  return out;
}

/** `minimal-repository`: the full rendering minus the fields only full repositories carry. */
export function minimalRepository(ctx: RenderContext, repo: Repository): Json {
  const full = renderRepository(ctx, repo);
  for (const key of ["organization", "parent", "source", "network_count", "subscribers_count", "has_discussions", "open_issues", "watchers", "forks"]) delete full[key];
  return full;
}

export function renderDeployment(ctx: RenderContext, repo: Repository, d: Deployment): Json {
  const api = repoApi(ctx, repo.fullName);
  return {
    url: `${api}/deployments/${d.id}`,
    id: d.id,
    node_id: nodeId("DE", d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: renderUser(ctx, d.creator),
    performed_via_github_app: renderPerformedVia(ctx, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${api}/deployments/${d.id}/statuses`,
    repository_url: api,
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
  };
}

export function renderDeploymentStatus(ctx: RenderContext, repo: Repository, d: Deployment, s: DeploymentStatus): Json {
  const api = repoApi(ctx, repo.fullName);
  // GitHub prints "" for URLs never given; the optional ones are left out here because the
  // description types them `format: uri`, which "" does not satisfy.
  const optional: Json = {};
  if (s.environmentUrl) optional.environment_url = s.environmentUrl;
  if (s.logUrl) optional.log_url = s.logUrl;
  return {
    url: `${api}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId("DES", s.id),
    state: s.state,
    creator: renderUser(ctx, s.creator),
    performed_via_github_app: renderPerformedVia(ctx, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: `${api}/deployments/${d.id}`,
    repository_url: api,
    ...optional,
  };
}
