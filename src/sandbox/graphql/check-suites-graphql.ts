/**
 * `Commit.checkSuites(first, after, filterBy: { appId, checkName })`, as GitHub builds suites:
 * one per workflow run (the GitHub Actions app, id 15368, with its `workflowRun`), and one per
 * other app per commit holding that app's check runs (no `workflowRun`). Oldest first.
 *
 * A suite's `status` is its least advanced run's (QUEUED before IN_PROGRESS before COMPLETED);
 * its `conclusion`, once completed, the gravest of its runs' (ACTION_REQUIRED, STARTUP_FAILURE,
 * FAILURE, TIMED_OUT, CANCELLED, STALE, NEUTRAL, SUCCESS, SKIPPED). `branch` is the run's head
 * branch in the repository it lives in (a fork's, for a fork's run), null once it is gone.
 * `filterBy.checkName` filters by check run name; the sandbox models no Actions jobs (whose names
 * are the suite's check runs), so asking it of an Actions suite is reported as not implemented.
 */
import { GraphQLError } from "graphql";
import type { Repository } from "../world/repository.js";
import type { CheckRun, WorkflowRun } from "../world/records.js";
import { appBySlug, GITHUB_ACTIONS, type AppProfile } from "../world/app-profiles.js";
import { nodeId } from "../http/render/render-context.js";
import { connection, type ConnectionArgs } from "./connection.js";
import type { GraphQLContext } from "./graphql-context.js";
import { gqlRef, gqlRepository } from "./git-objects-graphql.js";

type Obj = Record<string, unknown>;
type CheckSuitesArgs = ConnectionArgs & { filterBy?: { appId?: number | null; checkName?: string | null } | null };

interface Suite {
  id: number;
  app: AppProfile;
  createdAt: string;
  updatedAt: string;
  status: string;
  conclusion: string | null;
  headBranch: string | null;
  /** Where the head branch lives (a fork, for a fork's run). */
  branchRepo: string;
  run?: WorkflowRun;
  checkRuns: CheckRun[];
}

const STATUS_ORDER = ["REQUESTED", "QUEUED", "PENDING", "WAITING", "IN_PROGRESS", "COMPLETED"];
const CONCLUSION_ORDER = ["ACTION_REQUIRED", "STARTUP_FAILURE", "FAILURE", "TIMED_OUT", "CANCELLED", "STALE", "NEUTRAL", "SUCCESS", "SKIPPED"];

export function gqlCheckSuites(ctx: GraphQLContext, repo: Repository, sha: string, args: CheckSuitesArgs): Obj {
  const { appId, checkName } = args.filterBy ?? {};
  let suites = [...workflowSuites(repo, sha), ...checkRunSuites(ctx, repo, sha)].sort((a, b) => a.id - b.id);
  if (appId != null) suites = suites.filter((s) => s.app.id === appId);
  if (checkName != null) {
    if (suites.some((s) => s.run)) {
      throw new GraphQLError("The GitHub sandbox does not implement checkSuites(filterBy: { checkName }) for GitHub Actions suites (it models no jobs)", {
        extensions: { type: "SANDBOX_NOT_IMPLEMENTED" },
      });
    }
    suites = suites.filter((s) => s.checkRuns.some((r) => r.name === checkName));
  }
  return connection(suites.map((s) => gqlCheckSuite(ctx, repo, s)), args, "CheckSuiteConnection");
}

function workflowSuites(repo: Repository, sha: string): Suite[] {
  return repo.workflowRuns
    .filter((r) => r.headSha === sha)
    .map((run) => ({
      id: run.checkSuiteId,
      app: GITHUB_ACTIONS,
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      status: run.status.toUpperCase(),
      conclusion: run.conclusion ? run.conclusion.toUpperCase() : null,
      headBranch: run.headBranch,
      branchRepo: run.headRepo,
      run,
      checkRuns: [],
    }));
}

function checkRunSuites(ctx: GraphQLContext, repo: Repository, sha: string): Suite[] {
  const byApp = new Map<string, CheckRun[]>();
  for (const run of repo.checkRuns.filter((r) => r.headSha === sha)) byApp.set(run.app, [...(byApp.get(run.app) ?? []), run]);
  return [...byApp.entries()].map(([slug, runs]) => {
    const status = runs.map((r) => r.status.toUpperCase()).sort((a, b) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b))[0];
    const conclusions = runs.map((r) => (r.conclusion ?? "").toUpperCase()).sort((a, b) => CONCLUSION_ORDER.indexOf(a) - CONCLUSION_ORDER.indexOf(b));
    const times = runs.map((r) => r.completedAt ?? r.startedAt).sort();
    return {
      id: Math.min(...runs.map((r) => r.checkSuiteId)),
      app: appBySlug(ctx.world, slug),
      createdAt: runs.map((r) => r.startedAt).sort()[0],
      updatedAt: times[times.length - 1],
      status,
      conclusion: status === "COMPLETED" ? conclusions[0] || null : null,
      headBranch: branchHolding(repo, sha),
      branchRepo: repo.fullName,
      checkRuns: runs,
    };
  });
}

/** The branch a check suite of a commit is reported on: the default branch when its head is the commit, else any branch whose head it is. */
function branchHolding(repo: Repository, sha: string): string | null {
  const heads = [...repo.branches()].filter(([, head]) => head === sha).map(([name]) => name);
  return heads.includes(repo.defaultBranch) ? repo.defaultBranch : heads[0] ?? null;
}

function gqlApp(app: AppProfile): Obj {
  return {
    __typename: "App",
    id: app.nodeId,
    databaseId: app.id,
    slug: app.slug,
    name: app.name,
    description: app.description,
    url: app.externalUrl,
    clientId: app.clientId,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    logoBackgroundColor: "ffffff",
    logoUrl: () => `https://avatars.githubusercontent.com/in/${app.id}?v=4`,
  };
}

function gqlCheckSuite(ctx: GraphQLContext, repo: Repository, s: Suite): Obj {
  const url = `${ctx.htmlUrl}/${repo.fullName}/commit/${s.run?.headSha ?? s.checkRuns[0]?.headSha}/checks?check_suite_id=${s.id}`;
  const suite: Obj = {
    __typename: "CheckSuite",
    id: nodeId("CS", s.id),
    databaseId: s.id,
    status: s.status,
    conclusion: s.conclusion,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    url,
    resourcePath: url.slice(ctx.htmlUrl.length),
    app: gqlApp(s.app),
    repository: () => gqlRepository(ctx, repo),
    branch: () => {
      const home = ctx.world.findRepo(s.branchRepo);
      return s.headBranch && home ? gqlRef(ctx, home, `refs/heads/${s.headBranch}`) : null;
    },
  };
  suite.workflowRun = s.run ? gqlWorkflowRun(ctx, repo, s.run, suite) : null;
  return suite;
}

function gqlWorkflowRun(ctx: GraphQLContext, repo: Repository, run: WorkflowRun, suite: Obj): Obj {
  const workflow = repo.workflows.find((w) => w.id === run.workflowId)!;
  const url = `${ctx.htmlUrl}/${repo.fullName}/actions/runs/${run.id}`;
  const self: Obj = {
    __typename: "WorkflowRun",
    id: nodeId("WFR", run.id),
    databaseId: run.id,
    runNumber: run.runNumber,
    event: run.event,
    url,
    resourcePath: url.slice(ctx.htmlUrl.length),
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    checkSuite: suite,
    workflow: {
      __typename: "Workflow",
      id: nodeId("W", workflow.id),
      databaseId: workflow.id,
      name: workflow.name,
      state: "ACTIVE",
      createdAt: workflow.createdAt,
      updatedAt: workflow.createdAt,
      url: `${ctx.htmlUrl}/${repo.fullName}/actions/workflows/${workflow.path.split("/").pop()}`,
      resourcePath: `/${repo.fullName}/actions/workflows/${workflow.path.split("/").pop()}`,
    },
  };
  const fileUrl = `${ctx.htmlUrl}/${repo.fullName}/blob/${run.headSha}/${workflow.path}`;
  self.file = {
    __typename: "WorkflowRunFile",
    id: `WFRF_${run.id}`,
    path: workflow.path,
    url: fileUrl,
    resourcePath: fileUrl.slice(ctx.htmlUrl.length),
    repositoryFileUrl: fileUrl,
    repositoryName: `${ctx.htmlUrl}/${repo.fullName}`,
    run: self,
  };
  return self;
}
