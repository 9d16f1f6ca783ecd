/** The GraphQL reads of batched planning: check suites of a commit, history pages, parents, tags by commit date. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseScenario, startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { appBySlug } from "../../src/sandbox/world/app-profiles.js";
import { installationClient, type Client } from "./sandbox-client.js";

const world = () =>
  parseScenario({
    name: "check suites",
    start: "2026-11-23T08:00:00Z",
    repos: {
      "acme/api": {
        commits: [
          { id: "c0", message: "One", date: "2026-11-20T08:00:00Z" },
          { id: "c1", message: "Two", date: "2026-11-21T08:00:00Z" },
          { id: "c2", message: "Three", date: "2026-11-22T08:00:00Z" },
        ],
        tags: { v1: "c0", v10: "c2", v9: "c1" },
        workflowRuns: [
          { workflow: "ci.yml", commit: "c2", runNumber: 41, conclusion: "success" },
          { workflow: "deploy.yml", commit: "c2", runNumber: 7, status: "in_progress" },
          { workflow: "ci.yml", commit: "fork-1", runNumber: 42, event: "pull_request", headBranch: "main", fromFork: "mallory" },
          { workflow: "ci.yml", commit: "fork-2", runNumber: 43, event: "pull_request", fromFork: "mallory" },
        ],
        checkRuns: [
          { commit: "c2", name: "build", conclusion: "success", app: "circleci" },
          { commit: "c2", name: "test", conclusion: "failure", app: "circleci" },
          { commit: "c2", name: "scan", status: "queued", app: "sonar" },
        ],
      },
    },
    installations: [{ account: "acme" }],
  });

const API = `repository(owner: "acme", name: "api")`;

describe("sandbox GraphQL for batched planning", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: world() });
    octokit = installationClient(sandbox, "acme");
  });
  afterEach(async () => {
    const violations = sandbox.contractViolations();
    await sandbox.close();
    expect(violations).toEqual([]);
  });

  const SUITE = `__typename conclusion status createdAt app { databaseId slug } branch { name repository { nameWithOwner } } repository { nameWithOwner }
    workflowRun { __typename databaseId runNumber event url createdAt file { path } workflow { name } }`;

  it("answers Commit.checkSuites: one suite per workflow run (GitHub Actions, 15368) and one per other app, oldest first", async () => {
    const data = await octokit.graphql<any>(`{ ${API} { defaultBranchRef { name target { ... on Commit { checkSuites(first: 10) { totalCount nodes { ${SUITE} } } } } } } }`);
    const { name, target } = data.repository.defaultBranchRef;
    expect(name).toBe("main");
    const runs = sandbox.world.repo("acme/api").workflowRuns;
    expect(target.checkSuites.totalCount).toBe(4);
    expect(target.checkSuites.nodes).toEqual([
      {
        __typename: "CheckSuite",
        conclusion: "SUCCESS",
        status: "COMPLETED",
        createdAt: runs[0].createdAt,
        app: { databaseId: 15368, slug: "github-actions" },
        branch: { name: "main", repository: { nameWithOwner: "acme/api" } },
        repository: { nameWithOwner: "acme/api" },
        workflowRun: {
          __typename: "WorkflowRun",
          databaseId: runs[0].id,
          runNumber: 41,
          event: "push",
          url: `https://github.com/acme/api/actions/runs/${runs[0].id}`,
          createdAt: runs[0].createdAt,
          file: { path: ".github/workflows/ci.yml" },
          workflow: { name: "CI" },
        },
      },
      expect.objectContaining({ status: "IN_PROGRESS", conclusion: null, workflowRun: expect.objectContaining({ runNumber: 7, workflow: { name: "deploy" } }) }),
      expect.objectContaining({ app: { databaseId: expect.any(Number), slug: "circleci" }, status: "COMPLETED", conclusion: "FAILURE", workflowRun: null }),
      expect.objectContaining({ app: { databaseId: expect.any(Number), slug: "sonar" }, status: "QUEUED", conclusion: null, workflowRun: null }),
    ]);
  });

  it("filters check suites by app id and by check name, pages them, and files a fork's run on the fork's branch", async () => {
    const repo = sandbox.world.repo("acme/api");
    const forkSha = repo.workflowRuns.find((r) => r.runNumber === 42)!.headSha;
    const featureSha = repo.workflowRuns.find((r) => r.runNumber === 43)!.headSha;
    const circleci = appBySlug(sandbox.world, "circleci").id;
    const data = await octokit.graphql<any>(`query($fork: GitObjectID!, $feature: GitObjectID!) { ${API} {
      head: object(expression: "main") { ... on Commit {
        actions: checkSuites(first: 1, filterBy: { appId: 15368 }) { totalCount pageInfo { hasNextPage endCursor } nodes { workflowRun { runNumber } } }
        tests: checkSuites(first: 5, filterBy: { appId: ${circleci}, checkName: "test" }) { nodes { app { slug } } }
        none: checkSuites(first: 5, filterBy: { appId: 1 }) { totalCount } } }
      fork: object(oid: $fork) { ... on Commit { checkSuites(first: 5) { nodes { workflowRun { event } branch { name repository { nameWithOwner } } } } } }
      feature: object(oid: $feature) { ... on Commit { checkSuites(first: 5) { nodes { branch { name target { oid } repository { nameWithOwner } } } } } } } }`, { fork: forkSha, feature: featureSha });
    const head = data.repository.head;
    expect(head.actions).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, nodes: [{ workflowRun: { runNumber: 41 } }] });
    expect(head.tests.nodes).toEqual([{ app: { slug: "circleci" } }]);
    expect(head.none.totalCount).toBe(0);
    expect(data.repository.fork.checkSuites.nodes).toEqual([{ workflowRun: { event: "pull_request" }, branch: { name: "main", repository: { nameWithOwner: "mallory/api" } } }]);
    // The fork's PR branch exists in the fork, at the run's commit.
    expect(data.repository.feature.checkSuites.nodes).toEqual([{ branch: { name: "feature-fork-2", target: { oid: featureSha }, repository: { nameWithOwner: "mallory/api" } } }]);
  });

  it("files an app's check runs on one commit in one suite, in REST too", async () => {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { owner: "acme", repo: "api", ref: "main" });
    const suiteOf = (name: string) => data.check_runs.find((r) => r.name === name)!.check_suite!.id;
    expect(suiteOf("build")).toBe(suiteOf("test"));
    expect(suiteOf("scan")).not.toBe(suiteOf("build"));
  });

  it("orders tags by their commit's date (TAG_COMMIT_DATE) with Commit or Tag targets, and pages history with parents", async () => {
    const data = await octokit.graphql<any>(`{ ${API} {
      byDate: refs(refPrefix: "refs/tags/", first: 10, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) { nodes { name target { __typename ... on Commit { oid } ... on Tag { target { oid } } } } }
      byName: refs(refPrefix: "refs/tags/", first: 10) { nodes { name } }
      ref(qualifiedName: "refs/heads/main") { target { ... on Commit {
        history(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { oid parents(first: 2) { totalCount nodes { oid } } } } } } } } }`);
    const repo = sandbox.world.repo("acme/api");
    const shaOf = (tag: string) => repo.refs.get(`refs/tags/${tag}`);
    expect(data.repository.byDate.nodes).toEqual(["v10", "v9", "v1"].map((name) => ({ name, target: { __typename: "Commit", oid: shaOf(name) } })));
    expect(data.repository.byName.nodes.map((n: { name: string }) => n.name)).toEqual(["v1", "v10", "v9"]);
    const history = data.repository.ref.target.history;
    const all = repo.git.history(repo.branchHead("main")!).map((c) => c.sha);
    expect(all.length).toBeGreaterThan(3); // the seed's initial commit, then c0, c1, c2
    expect(history).toMatchObject({ totalCount: all.length, pageInfo: { hasNextPage: true } });
    expect(history.nodes[0]).toEqual({ oid: shaOf("v10"), parents: { totalCount: 1, nodes: [{ oid: shaOf("v9") }] } });
    const next = await octokit.graphql<any>(`query($after: String) { ${API} { ref(qualifiedName: "main") { target { ... on Commit {
      history(first: 2, after: $after) { pageInfo { hasNextPage } nodes { oid parents(first: 1) { totalCount } } } } } } } }`, { after: history.pageInfo.endCursor });
    expect(next.repository.ref.target.history).toEqual({
      pageInfo: { hasNextPage: all.length > 4 },
      nodes: all.slice(2, 4).map((oid, i) => ({ oid, parents: { totalCount: i + 2 < all.length - 1 ? 1 : 0 } })),
    });
  });
});

