/** GitHub's GraphQL limits through HTTP: page sizes, the node limit, points, `rateLimit`, the points budget. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { installationClient, raw, tokenFor, type Client } from "./sandbox-client.js";
import { smallWorld, useSmallWorld } from "./small-world.js";
import { DOCS_POINTS } from "./docs-graphql-queries.js";

const BILLING = `repository(owner: "acme", name: "billing")`;

function post(sandbox: Sandbox, token: string, query: string, variables?: Record<string, unknown>) {
  return raw(sandbox, "POST", "/api/graphql", { token, body: { query, variables } });
}

describe("sandbox GraphQL limits", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  it("refuses a document over 500,000 nodes before running it: MAX_NODE_LIMIT_EXCEEDED, no data, no points", async () => {
    const token = tokenFor(sandbox, "acme");
    const head = sandbox.world.repo("acme/ops").branchHead("main")!;
    const { status, body, headers } = await post(
      sandbox,
      token,
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit {
        history(first: 100) { nodes { associatedPullRequests(first: 100) { nodes { labels(first: 100) { nodes { name } } } } } } } } }`,
      {
        input: {
          branch: { repositoryNameWithOwner: "acme/ops", branchName: "main" },
          expectedHeadOid: head,
          message: { headline: "never" },
          fileChanges: { additions: [{ path: "x.txt", contents: Buffer.from("x").toString("base64") }] },
        },
      },
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [
        {
          type: "MAX_NODE_LIMIT_EXCEEDED",
          message: "By the time this query traverses to the labels connection, it is requesting up to 1,000,000 possible nodes which exceeds the maximum limit of 500,000.",
          locations: [{ line: 2, column: expect.any(Number) }],
        },
      ],
    });
    expect(sandbox.world.repo("acme/ops").branchHead("main")).toBe(head);
    expect(sandbox.transcript().writes).toEqual([]);
    expect(headers.get("x-ratelimit-used")).toBe("0");
    expect(sandbox.transcript().api.graphqlPoints).toBe(0);
  });

  it("charges GitHub's points (the docs' example: 5,101 requests, 51 points) and answers rateLimit with them", async () => {
    const token = tokenFor(sandbox, "acme");
    // The docs' own query: `viewer` is not modelled, but its cost is counted before anything runs.
    const docs = await post(sandbox, token, DOCS_POINTS);
    expect(docs.headers.get("x-ratelimit-used")).toBe("51");
    // The same shape over what the sandbox models: 1 + 100 + 5,000 requests, 100 + 5,000 + 300,000 nodes.
    const data = await octokit.graphql<any>(`query Shape { rateLimit { limit cost remaining used resetAt nodeCount }
      ${BILLING} { refs(refPrefix: "refs/tags/", first: 100) { nodes { target { ... on Commit {
        history(first: 50) { nodes { associatedPullRequests(first: 60) { nodes { number } } } } } } } } } }`);
    expect(data.rateLimit).toEqual({ limit: 5000, cost: 51, remaining: 5000 - 102, used: 102, resetAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), nodeCount: 305_100 });
    expect(Date.parse(data.rateLimit.resetAt) - Date.now()).toBeGreaterThan(3500_000);
    const t = sandbox.transcript().api;
    expect(t.graphqlPoints).toBe(102);
    expect(t.graphqlPointsByOperation).toEqual({ "(anonymous)": 51, Shape: 51 });
  });

  it("counts the points down per installation, with x-ratelimit-* headers of the graphql resource", async () => {
    const acme = tokenFor(sandbox, "acme");
    const other = tokenFor(sandbox, "other");
    const query = `{ rateLimit { cost remaining used } }`;
    const first = await post(sandbox, acme, query);
    const second = await post(sandbox, acme, query);
    const elsewhere = await post(sandbox, other, query);
    expect([first, second, elsewhere].map((r) => r.body.data.rateLimit)).toEqual([
      { cost: 1, remaining: 4999, used: 1 },
      { cost: 1, remaining: 4998, used: 2 },
      { cost: 1, remaining: 4999, used: 1 },
    ]);
    expect(Object.fromEntries([...second.headers].filter(([k]) => k.startsWith("x-ratelimit-")))).toEqual({
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4998",
      "x-ratelimit-used": "2",
      "x-ratelimit-reset": expect.stringMatching(/^\d{10}$/),
      "x-ratelimit-resource": "graphql",
    });
  });
});

describe("sandbox GraphQL page sizes (documents GitHub refuses: contract violations expected)", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: smallWorld() });
    octokit = installationClient(sandbox, "acme");
  });
  afterEach(() => sandbox.close());

  it("answers first over 100 with GitHub's EXCESSIVE_PAGINATION error on that connection, and the rest of the document", async () => {
    const { status, body } = await post(sandbox, tokenFor(sandbox, "acme"), `{ ${BILLING} { nameWithOwner
      ref(qualifiedName: "refs/heads/main") { target { ... on Commit { history(first: 101) { nodes { oid } } } } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      {
        type: "EXCESSIVE_PAGINATION",
        message: "Requesting 101 records on the `history` connection exceeds the `first` limit of 100 records.",
        path: ["repository", "ref", "target", "history"],
        locations: [expect.objectContaining({ line: 2 })],
      },
    ]);
    expect(body.data.repository.nameWithOwner).toBe("acme/billing");
    expect(sandbox.contractViolations().map((v) => v.message)).toEqual(["Commit.history: `first` must be an integer between 1 and 100, got 101"]);
  });

  it("answers last over 100 with the `last` limit", async () => {
    await expect(octokit.graphql(`{ ${BILLING} { refs(refPrefix: "refs/tags/", last: 150) { nodes { name } } } }`)).rejects.toMatchObject({
      errors: [{ type: "EXCESSIVE_PAGINATION", message: "Requesting 150 records on the `refs` connection exceeds the `last` limit of 100 records." }],
    });
    expect(sandbox.contractViolations()).toHaveLength(1);
  });

  it("answers a connection listed without first or last with MISSING_PAGINATION_BOUNDARIES, but counts one (totalCount)", async () => {
    const { body } = await post(sandbox, tokenFor(sandbox, "acme"), `{ ${BILLING} {
      a: refs(refPrefix: "refs/tags/") { totalCount }
      b: refs(refPrefix: "refs/tags/") { nodes { name } } } }`);
    expect(body.data.repository.a).toEqual({ totalCount: 2 });
    expect(body.errors).toEqual([
      expect.objectContaining({
        type: "MISSING_PAGINATION_BOUNDARIES",
        message: "You must provide a `first` or `last` value to properly paginate the `refs` connection.",
        path: ["repository", "b"],
      }),
    ]);
    // The contract stays stricter than GitHub's answer: both connections lack a page size.
    expect(sandbox.contractViolations()).toHaveLength(2);
  });
});

describe("sandbox GraphQL points budget", () => {
  it("answers RATE_LIMITED (status 200, x-ratelimit-remaining 0) once a query's points no longer fit", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld({ rateLimits: { graphql: 3 } }) });
    try {
      const token = tokenFor(sandbox, "acme");
      const cheap = `{ ${BILLING} { nameWithOwner } }`;
      expect((await post(sandbox, token, cheap)).body.data.repository.nameWithOwner).toBe("acme/billing");
      expect((await post(sandbox, token, cheap)).headers.get("x-ratelimit-remaining")).toBe("1");
      const costly = await post(sandbox, token, `{ ${BILLING} { refs(refPrefix: "refs/tags/", first: 100) { nodes { target { ... on Commit { history(first: 100) { nodes { associatedPullRequests(first: 1) { nodes { number } } } } } } } } } }`);
      expect(costly.status).toBe(200);
      expect(costly.body).toEqual({ errors: [{ type: "RATE_LIMITED", message: expect.stringMatching(/^API rate limit already exceeded for installation ID \d+\.$/) }] });
      expect(costly.headers.get("x-ratelimit-remaining")).toBe("1");
      await post(sandbox, token, cheap);
      const spent = await post(sandbox, token, cheap);
      expect(spent.body.errors[0].type).toBe("RATE_LIMITED");
      expect(spent.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(Number(spent.headers.get("x-ratelimit-reset")) * 1000 - Date.now()).toBeGreaterThan(3500_000);
      // Octokit's throttle sees GitHub's signal: an error of type RATE_LIMITED.
      await expect(installationClient(sandbox, "acme").graphql(cheap)).rejects.toMatchObject({ errors: [{ type: "RATE_LIMITED" }] });
      expect(sandbox.primaryLimitHits()).toBe(3);
      expect(sandbox.transcript().api.graphqlPoints).toBe(3);
      expect(sandbox.contractViolations()).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
