import { describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { branchChecksQuery, commitPullsQuery } from "../../src/github/queries.js";
import { installationClient, type Client } from "./sandbox-client.js";
import { PINNED_SHA, smallWorld, useSmallWorld } from "./small-world.js";

describe("sandbox GraphQL", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  const sha = (id: string) => {
    const billing = sandbox.world.repo("acme/billing");
    return billing.git.history(billing.branchHead("main")!).find((c) => c.message.startsWith(id))!.sha;
  };

  it("answers the port's commitPulls query: PRs per commit with their closing issues", async () => {
    const query = commitPullsQuery([
      {
        alias: "r0",
        owner: "acme",
        name: "billing",
        commits: [
          { alias: "c0", sha: sha("Add invoice export") },
          { alias: "c1", sha: sha("Fix rounding") },
          { alias: "c2", sha: sha("Direct commit") },
          { alias: "c3", sha: "0".repeat(40) },
        ],
      },
    ]);
    const data = await octokit.graphql<any>(query);
    const pulls = (alias: string) => data.r0[alias].associatedPullRequests.nodes;
    expect(pulls("c0")).toEqual([
      {
        number: 12,
        title: "Add invoice export",
        body: "Fixes #3, closes acme/ops#1 and acme/other#9",
        url: "https://github.com/acme/billing/pull/12",
        merged: true,
        author: { login: "alice" },
        closingIssuesReferences: {
          nodes: [
            { number: 3, repository: { nameWithOwner: "acme/billing" } },
            { number: 1, repository: { nameWithOwner: "acme/ops" } },
          ],
        },
      },
    ]);
    expect(pulls("c1")[0].closingIssuesReferences.nodes).toEqual([{ number: 5, repository: { nameWithOwner: "acme/billing" } }]);
    expect(pulls("c2")).toEqual([]);
    expect(data.r0.c3).toBeNull();
    expect(sandbox.transcript().api.byRoute["POST /graphql"]).toBe(1);
  });

  it("answers the port's branchChecks query: history with check runs and statuses", async () => {
    const data = await octokit.graphql<any>(branchChecksQuery([{ alias: "b", owner: "acme", name: "billing", branch: "main", depth: 3 }]));
    const nodes = data.b.ref.target.history.nodes;
    expect(nodes.map((n: { oid: string }) => n.oid)).toEqual([sha("Direct commit"), sha("Fix rounding"), sha("Add invoice export")]);
    expect(nodes[0].statusCheckRollup).toBeNull();
    expect(nodes[1].statusCheckRollup.contexts.nodes).toEqual([
      { __typename: "CheckRun", name: "ci/circleci: build", status: "COMPLETED", conclusion: "FAILURE" },
      { __typename: "StatusContext", context: "ci/jenkins", state: "SUCCESS" },
    ]);
    expect(nodes[2].statusCheckRollup.contexts.nodes).toEqual([{ __typename: "CheckRun", name: "ci/circleci: build", status: "COMPLETED", conclusion: "SUCCESS" }]);
    expect(nodes[2].url).toBe(`https://github.com/acme/billing/commit/${sha("Add invoice export")}`);
  });

  it("paginates history with cursors and counts it", async () => {
    const query = `query($cursor: String) { repository(owner: "acme", name: "billing") { ref(qualifiedName: "refs/heads/main") { target { ... on Commit {
      history(first: 2, after: $cursor) { totalCount pageInfo { hasNextPage endCursor } nodes { oid messageHeadline } } } } } } }`;
    const first = await octokit.graphql<any>(query, { cursor: null });
    const h1 = first.repository.ref.target.history;
    expect(h1.totalCount).toBe(5);
    expect(h1.pageInfo.hasNextPage).toBe(true);
    const second = await octokit.graphql<any>(query, { cursor: h1.pageInfo.endCursor });
    expect(second.repository.ref.target.history.nodes.map((n: { messageHeadline: string }) => n.messageHeadline)).toEqual(["Add invoice export (#12)", "Pinned"]);
  });

  it("names a field the sandbox does not implement instead of answering null", async () => {
    await expect(octokit.graphql(`{ repository(owner: "acme", name: "ops") { nameWithOwner stargazerCount } }`)).rejects.toMatchObject({
      errors: [{ message: "The GitHub sandbox does not implement Repository.stargazerCount", path: ["repository", "stargazerCount"] }],
    });
  });

  it("answers NOT_FOUND for a repository the token cannot see, and rateLimit", async () => {
    await expect(octokit.graphql(`{ repository(owner: "other", name: "private") { nameWithOwner } }`)).rejects.toMatchObject({
      errors: [{ type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'other/private'." }],
    });
    const data = await octokit.graphql<any>(`{ rateLimit { cost remaining resetAt } repository(owner: "acme", name: "billing") { object(oid: "${PINNED_SHA}") { ... on Commit { oid message } } } }`);
    expect(data.rateLimit).toMatchObject({ cost: 1, remaining: expect.any(Number) });
    expect(data.repository.object).toEqual({ oid: PINNED_SHA, message: "Pinned" });
  });

  it("commits with createCommitOnBranch and logs the mutation as a write", async () => {
    const head = sandbox.world.repo("acme/ops").branchHead("main")!;
    const data = await octokit.graphql<any>(
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid messageHeadline } ref { name } } }`,
      {
        input: {
          branch: { repositoryNameWithOwner: "acme/ops", branchName: "main" },
          expectedHeadOid: head,
          message: { headline: "Bump billing" },
          fileChanges: { additions: [{ path: "environments/staging.yml", contents: Buffer.from("bumped\n").toString("base64") }] },
        },
      },
    );
    expect(data.createCommitOnBranch.ref.name).toBe("main");
    expect(sandbox.world.repo("acme/ops").fileAt("main", "environments/staging.yml")).toBe("bumped\n");
    expect(sandbox.transcript().writes).toEqual([{ at: "2026-11-23T07:00:00Z", repo: "acme/ops", route: "graphql createCommitOnBranch" }]);
  });
});

describe("sandbox GraphQL object expressions", () => {
  it("reads a file at HEAD (the default branch) and at revisions like main~1", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld() });
    try {
      const octokit = installationClient(sandbox, "acme");
      const data = await octokit.graphql<any>(`{
        a: repository(owner: "acme", name: "ops") { object(expression: "HEAD:environments/staging.yml") { ... on Blob { text } } }
        b: repository(owner: "acme", name: "ops") { object(expression: "HEAD:missing.yml") { ... on Blob { text } } }
        c: repository(owner: "acme", name: "billing") { object(expression: "main~3") { ... on Commit { messageHeadline } } }
      }`);
      expect(data.a.object.text).toBe('components:\n  billing:\n    version: "1"\n');
      expect(data.b.object).toBeNull();
      expect(data.c.object.messageHeadline).toBe("Pinned");
      expect(sandbox.contractViolations()).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
