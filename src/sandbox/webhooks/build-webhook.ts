/**
 * World events → webhook deliveries of GitHub's shape (`@octokit/webhooks-schemas`, against which
 * the sandbox validates every delivery): built at once, so a payload is a snapshot of the moment,
 * like GitHub's. Each carries `installation: { id, node_id }`, `repository` (the webhook shape,
 * `webhook-objects.ts`), `sender` and, for organizations, `organization`.
 */
import type { World } from "../world/world.js";
import type { Repository } from "../world/repository.js";
import type { WorldEvent } from "../world/world-event.js";
import type { GitCommit } from "../world/git-objects.js";
import { renderUser } from "../http/render/render-accounts.js";
import { renderComment, renderLabel } from "../http/render/render-issues.js";
import { renderCheckRun, renderDeployment, renderDeploymentStatus, renderStatus, renderWorkflow, renderWorkflowRun } from "../http/render/render-ci.js";
import { renderCommit } from "../http/render/render-git.js";
import type { Json, RenderContext } from "../http/render/render-context.js";
import { installationLite, pushRepository, repositoryLite, webhookIssue, webhookOrganization, webhookPull, webhookRepository } from "./webhook-objects.js";

export interface WebhookMessage {
  event: string;
  action?: string;
  installationId: number;
  payload: Json;
}

/** The delivery for an event, or null when GitHub would send none (no installation, not subscribed, not a webhook event). */
export function buildWebhook(world: World, ctx: RenderContext, event: WorldEvent): WebhookMessage | null {
  if (event.kind === "reaction" || event.kind === "notification") return null;
  const repo = world.findRepo(event.repo);
  const installation = repo ? world.installationOf(repo.fullName) : undefined;
  if (!repo || !installation || !installation.events.includes(event.kind)) return null;
  const body = eventBody(world, ctx, repo, event);
  if (!body) return null;
  const organization = webhookOrganization(ctx, world, repo.owner);
  const payload: Json = {
    ...body,
    repository: body.repository ?? webhookRepository(ctx, repo),
    ...(organization ? { organization } : {}),
    sender: renderUser(ctx, event.sender),
    installation: installationLite(installation),
  };
  return { event: event.kind, action: typeof body.action === "string" ? body.action : undefined, installationId: installation.id, payload };
}

function eventBody(world: World, ctx: RenderContext, repo: Repository, event: WorldEvent): Json | null {
  switch (event.kind) {
    case "push":
      return pushBody(world, ctx, repo, event);
    case "issue_comment": {
      const issue = repo.issue(event.issue);
      const comment = repo.comments.get(event.commentId);
      if (!issue || !comment) return null;
      const out: Json = { action: event.action, issue: webhookIssue(ctx, repo, issue), comment: renderComment(ctx, repo, comment) };
      if (event.action === "edited") out.changes = { body: { from: event.from ?? "" } };
      return out;
    }
    case "issues": {
      const issue = repo.issue(event.issue);
      if (!issue) return null;
      return {
        action: event.action,
        issue: webhookIssue(ctx, repo, issue),
        ...(event.label ? { label: renderLabel(ctx, repo, event.label) } : {}),
        ...(event.action === "edited" ? { changes: event.changes ?? {} } : {}),
      };
    }
    case "pull_request": {
      const pull = repo.pull(event.number);
      if (!pull) return null;
      return {
        action: event.action,
        number: pull.number,
        pull_request: webhookPull(ctx, repo, pull),
        ...(event.label ? { label: renderLabel(ctx, repo, event.label) } : {}),
        ...(event.action === "edited" ? { changes: event.changes ?? {} } : {}),
        ...(event.action === "synchronize" ? { before: event.before, after: event.after } : {}),
      };
    }
    case "workflow_run": {
      const run = repo.workflowRuns.find((r) => r.id === event.runId);
      const workflow = run && repo.workflows.find((w) => w.id === run.workflowId);
      if (!run || !workflow) return null;
      // Webhook payloads name the workflow file without the REST API's `@ref` suffix.
      const workflowRun = {
        ...renderWorkflowRun(ctx, repo, run),
        path: workflow.path,
        repository: repositoryLite(ctx, repo),
        head_repository: repositoryLite(ctx, world.findRepo(run.headRepo) ?? repo),
      };
      return { action: event.action, workflow_run: workflowRun, workflow: renderWorkflow(ctx, repo, workflow) };
    }
    case "workflow_dispatch": {
      const workflow = repo.workflows.find((w) => w.id === event.workflowId);
      return { inputs: event.inputs, ref: event.ref.startsWith("refs/") ? event.ref : `refs/heads/${event.ref}`, workflow: workflow?.path ?? "" };
    }
    case "check_run": {
      const run = repo.checkRuns.find((r) => r.id === event.checkRunId);
      if (!run) return null;
      const rendered = renderCheckRun(ctx, repo, run) as Record<string, any>;
      // Webhooks carry the whole check suite (REST check runs only its id): the branch whose head the run checked, as GitHub sets it.
      const headBranch = [...repo.branches()].find(([, sha]) => sha === run.headSha)?.[0] ?? null;
      const checkSuite = {
        id: rendered.check_suite?.id ?? run.id,
        node_id: `CS_${run.id}`,
        head_branch: headBranch,
        head_sha: run.headSha,
        status: rendered.status,
        conclusion: rendered.conclusion,
        url: `${ctx.apiUrl}/repos/${repo.fullName}/check-suites/${rendered.check_suite?.id ?? run.id}`,
        before: null,
        after: run.headSha,
        pull_requests: [],
        app: rendered.app,
        created_at: rendered.started_at,
        updated_at: rendered.completed_at ?? rendered.started_at,
      };
      return { action: event.action, check_run: { ...rendered, check_suite: checkSuite } };
    }
    case "status": {
      const s = repo.statuses.find((x) => x.id === event.statusId);
      const commit = s && repo.git.commit(s.sha);
      if (!s || !commit) return null;
      const rendered = renderStatus(ctx, repo, s);
      return {
        id: s.id,
        sha: s.sha,
        name: repo.fullName,
        target_url: s.targetUrl,
        context: s.context,
        description: s.description,
        state: s.state,
        commit: renderCommit(ctx, repo, commit),
        branches: [...repo.branches()].filter(([, sha]) => sha === s.sha).map(([name, sha]) => ({ name, commit: { sha, url: `${ctx.apiUrl}/repos/${repo.fullName}/commits/${sha}` }, protected: false })),
        created_at: rendered.created_at,
        updated_at: rendered.updated_at,
      };
    }
    case "deployment": {
      const d = repo.deployments.find((x) => x.id === event.deploymentId);
      return d ? { action: event.action, deployment: renderDeployment(ctx, repo, d), workflow: null, workflow_run: null } : null;
    }
    case "deployment_status": {
      const d = repo.deployments.find((x) => x.id === event.deploymentId);
      const s = d?.statuses.find((x) => x.id === event.statusId);
      if (!d || !s) return null;
      return {
        action: event.action,
        deployment_status: renderDeploymentStatus(ctx, repo, d, s),
        deployment: renderDeployment(ctx, repo, d),
        // `check_run`, `workflow` and `workflow_run` are there only for deployments made by a workflow, which the world does not model.
      };
    }
    default:
      return null;
  }
}

function pushBody(world: World, ctx: RenderContext, repo: Repository, event: Extract<WorldEvent, { kind: "push" }>): Json {
  const html = `${ctx.htmlUrl}/${repo.fullName}`;
  const short = (sha: string) => sha.slice(0, 12);
  const head = event.deleted ? undefined : repo.git.commit(event.after);
  const sender = world.account(event.sender);
  const repository = pushRepository(ctx, repo);
  return {
    ref: event.ref,
    before: event.before,
    after: event.after,
    repository,
    pusher: { name: sender.login, email: `${sender.id}+${sender.login}@users.noreply.github.com` },
    created: event.created,
    deleted: event.deleted,
    forced: event.forced,
    base_ref: null,
    compare: event.created ? `${html}/compare/${event.ref.replace(/^refs\/(heads|tags)\//, "")}` : `${html}/compare/${short(event.before)}...${short(event.after)}`,
    commits: event.commits.slice(-20).flatMap((sha) => {
      const c = repo.git.commit(sha);
      return c ? [pushCommit(ctx, repo, c)] : [];
    }),
    head_commit: head ? pushCommit(ctx, repo, head) : null,
  };
}

function pushCommit(ctx: RenderContext, repo: Repository, c: GitCommit): Json {
  const changes = repo.git.diff(repo.git.commit(c.parents[0] ?? "")?.tree, c.tree);
  const person = (s: GitCommit["author"]) => ({ name: s.name, email: s.email, ...(s.login ? { username: s.login } : {}) });
  return {
    id: c.sha,
    tree_id: c.tree,
    distinct: true,
    message: c.message,
    timestamp: c.committer.date,
    url: `${ctx.htmlUrl}/${repo.fullName}/commit/${c.sha}`,
    author: person(c.author),
    committer: person(c.committer),
    added: changes.filter((d) => d.status === "added").map((d) => d.path),
    removed: changes.filter((d) => d.status === "removed").map((d) => d.path),
    modified: changes.filter((d) => d.status === "modified").map((d) => d.path),
  };
}
