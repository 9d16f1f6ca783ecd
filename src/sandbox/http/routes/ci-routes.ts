/** Check runs, commit statuses, Actions workflows and runs, workflow_dispatch. */
import { notFound, validationFailed, ApiError } from "../../world/api-error.js";
import type { CheckRun, CommitStatus, WorkflowRun } from "../../world/records.js";
import { combinedState, createCheckRun, createStatus, dispatchWorkflow, latestStatuses } from "../../world/operations/ci-operations.js";
import { renderCheckRun, renderStatus, renderWorkflow, renderWorkflowRun } from "../render/render-ci.js";
import { renderRepository } from "../render/render-repository.js";
import { repoApi } from "../render/render-context.js";
import { created, noContent, ok, paginate, type RestRequest, type RestRoute } from "../rest-route.js";

const CONCLUSIONS = new Set(["action_required", "cancelled", "failure", "neutral", "skipped", "stale", "success", "timed_out"]);

function commitOf(req: RestRequest) {
  const commit = req.repo.resolveCommit(req.params.ref);
  if (!commit) throw new ApiError(422, { message: `No commit found for SHA: ${req.params.ref}` });
  return commit;
}

export const ciRoutes: RestRoute[] = [
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/check-runs",
    access: "write",
    permission: ["checks", "write"],
    handler: (req) => {
      const b = (req.body ?? {}) as {
        name?: string;
        head_sha?: string;
        status?: CheckRun["status"];
        conclusion?: CheckRun["conclusion"];
        details_url?: string;
        external_id?: string;
        started_at?: string;
        completed_at?: string;
        output?: { title?: string; summary?: string; text?: string };
      };
      const missing = (["name", "head_sha"] as const).filter((k) => !b[k]);
      if (missing.length) throw validationFailed(missing.map((field) => ({ resource: "CheckRun", field, code: "missing_field" })));
      if (b.status === "completed" && !b.conclusion) throw validationFailed([{ resource: "CheckRun", field: "conclusion", code: "missing_field", message: "conclusion must be provided when status is completed" }]);
      if (b.output && (!b.output.title || !b.output.summary)) throw validationFailed([{ resource: "CheckRun", field: "output", code: "missing_field", message: "output requires title and summary" }]);
      const run = createCheckRun(req.world, req.repo, {
        headSha: b.head_sha!,
        name: b.name!,
        status: b.conclusion ? "completed" : b.status,
        conclusion: b.conclusion ?? null,
        output: b.output,
        detailsUrl: b.details_url,
        externalId: b.external_id,
        startedAt: b.started_at,
        completedAt: b.completed_at,
        sender: req.world.app.botLogin,
      });
      return created(renderCheckRun(req.render, req.repo, run));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    access: "read",
    permission: ["checks", "read"],
    handler: (req) => {
      const run = req.repo.checkRuns.find((r) => r.id === Number(req.params.check_run_id));
      if (!run) throw notFound();
      return ok(renderCheckRun(req.render, req.repo, run));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    access: "read",
    permission: ["checks", "read"],
    handler: (req) => {
      const commit = commitOf(req);
      let runs = req.repo.checkRuns.filter((r) => r.headSha === commit.sha).sort((a, b) => b.id - a.id);
      if ((req.query.get("filter") ?? "latest") === "latest") {
        const seen = new Set<string>();
        runs = runs.filter((r) => (seen.has(`${r.app}/${r.name}`) ? false : (seen.add(`${r.app}/${r.name}`), true)));
      }
      const name = req.query.get("check_name");
      if (name) runs = runs.filter((r) => r.name === name);
      const status = req.query.get("status");
      if (status) runs = runs.filter((r) => r.status === status);
      const page = paginate(req, runs);
      return ok({ total_count: runs.length, check_runs: page.items.map((r) => renderCheckRun(req.render, req.repo, r)) }, page.headers);
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/statuses/{sha}",
    access: "write",
    permission: ["statuses", "write"],
    handler: (req) => {
      const b = (req.body ?? {}) as { state?: CommitStatus["state"]; target_url?: string; description?: string; context?: string };
      if (!b.state) throw validationFailed([{ resource: "Status", field: "state", code: "missing_field" }]);
      const status = createStatus(req.world, req.repo, {
        sha: req.params.sha,
        state: b.state,
        context: b.context,
        description: b.description,
        targetUrl: b.target_url,
        creator: req.world.app.botLogin,
      });
      return created(renderStatus(req.render, req.repo, status));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}/status",
    access: "read",
    permission: ["statuses", "read"],
    handler: (req) => {
      const commit = commitOf(req);
      const statuses = latestStatuses(req.repo, commit.sha);
      const page = paginate(req, statuses, { defaultPerPage: 100 });
      const api = repoApi(req.render, req.repo.fullName);
      const repository = renderRepository(req.render, req.repo);
      for (const key of ["organization", "parent", "source", "network_count", "subscribers_count", "has_discussions"]) delete repository[key];
      return ok(
        {
          state: combinedState(statuses),
          statuses: page.items.map((s) => {
            const { creator: _creator, ...rest } = renderStatus(req.render, req.repo, s);
            return rest;
          }),
          sha: commit.sha,
          total_count: statuses.length,
          repository,
          commit_url: `${api}/commits/${commit.sha}`,
          url: `${api}/commits/${commit.sha}/status`,
        },
        page.headers,
      );
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}/statuses",
    access: "read",
    permission: ["statuses", "read"],
    handler: (req) => {
      const commit = commitOf(req);
      const statuses = req.repo.statuses.filter((s) => s.sha === commit.sha).sort((a, b) => b.id - a.id);
      const page = paginate(req, statuses);
      return ok(page.items.map((s) => renderStatus(req.render, req.repo, s)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/workflows",
    access: "read",
    permission: ["actions", "read"],
    handler: (req) => {
      const page = paginate(req, req.repo.workflows);
      return ok({ total_count: req.repo.workflows.length, workflows: page.items.map((w) => renderWorkflow(req.render, req.repo, w)) }, page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}",
    access: "read",
    permission: ["actions", "read"],
    handler: (req) => {
      const workflow = req.repo.workflowByIdOrFile(req.params.workflow_id);
      if (!workflow) throw notFound();
      return ok(renderWorkflow(req.render, req.repo, workflow));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    access: "read",
    permission: ["actions", "read"],
    handler: (req) => {
      const workflow = req.repo.workflowByIdOrFile(req.params.workflow_id);
      if (!workflow) throw notFound();
      return listRuns(req, req.repo.workflowRuns.filter((r) => r.workflowId === workflow.id));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/runs",
    access: "read",
    permission: ["actions", "read"],
    handler: (req) => listRuns(req, req.repo.workflowRuns),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    access: "read",
    permission: ["actions", "read"],
    handler: (req) => {
      const run = req.repo.workflowRuns.find((r) => r.id === Number(req.params.run_id));
      if (!run) throw notFound();
      return ok(renderWorkflowRun(req.render, req.repo, run));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
    access: "write",
    permission: ["actions", "write"],
    handler: (req) => {
      const b = (req.body ?? {}) as { ref?: string; inputs?: Record<string, unknown> };
      if (!b.ref) throw validationFailed([{ resource: "WorkflowDispatch", field: "ref", code: "missing_field" }]);
      dispatchWorkflow(req.world, req.repo, { workflow: req.params.workflow_id, ref: b.ref, inputs: b.inputs, sender: req.world.app.botLogin });
      return noContent();
    },
  },
];

/** Newest first, with GitHub's filters; `status` accepts a conclusion too (e.g. `success`). */
function listRuns(req: RestRequest, all: WorkflowRun[]) {
  const q = req.query;
  let runs = [...all];
  const branch = q.get("branch");
  if (branch) runs = runs.filter((r) => r.headBranch === branch);
  const event = q.get("event");
  if (event) runs = runs.filter((r) => r.event === event);
  const status = q.get("status");
  if (status) runs = runs.filter((r) => (CONCLUSIONS.has(status) ? r.conclusion === status : r.status === status));
  const actor = q.get("actor");
  if (actor) runs = runs.filter((r) => r.actor === actor);
  const headSha = q.get("head_sha");
  if (headSha) runs = runs.filter((r) => r.headSha === headSha);
  runs.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
  const page = paginate(req, runs);
  return ok({ total_count: runs.length, workflow_runs: page.items.map((r) => renderWorkflowRun(req.render, req.repo, r)) }, page.headers);
}
