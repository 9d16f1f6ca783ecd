import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { installationClient, raw, tokenFor, type Client } from "./sandbox-client.js";
import { smallWorld } from "./small-world.js";

describe("sandbox contract checks and faults", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: smallWorld() });
    octokit = installationClient(sandbox, "acme");
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it("records a violation when a client sends an invalid body, and still answers like GitHub", async () => {
    const res = await raw(sandbox, "POST", "/repos/acme/ops/issues/1/labels", { token: tokenFor(sandbox, "acme"), body: { labels: "deployed" } });
    expect(res.status).toBe(422);
    const violations = sandbox.contractViolations();
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatchObject({ kind: "request", method: "POST", route: "POST /repos/{owner}/{repo}/issues/{issue_number}/labels" });
    expect(sandbox.transcript().api.contractViolations).toEqual(violations);
  });

  it("records undocumented query parameters", async () => {
    await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner: "acme", repo: "ops", head: "acme:x", bogus: "1" });
    expect(sandbox.contractViolations().map((v) => v.message)).toEqual([expect.stringContaining('unknown query parameter "bogus"')]);
  });

  it("records a GraphQL document GitHub would reject, and answers with errors", async () => {
    const res = await raw(sandbox, "POST", "/api/graphql", { token: tokenFor(sandbox, "acme"), body: { query: `{ repository(owner: "acme", name: "ops") { nope } }` } });
    expect(res.status).toBe(200);
    expect(res.body.errors[0].message).toMatch(/Cannot query field "nope"/);
    expect(sandbox.contractViolations()).toEqual([expect.objectContaining({ kind: "graphql", route: "POST /graphql" })]);
  });

  it("flags a connection without first/last as GitHub does", async () => {
    await expect(octokit.graphql(`{ repository(owner: "acme", name: "billing") { ref(qualifiedName: "main") { target { ... on Commit { history { totalCount } } } } } }`)).resolves.toBeDefined();
    expect(sandbox.contractViolations()[0].message).toMatch(/needs `first` or `last`/);
  });

  it("flags a documented route the sandbox does not implement (404, never silently)", async () => {
    await expect(octokit.request("GET /repos/{owner}/{repo}/releases", { owner: "acme", repo: "ops" })).rejects.toMatchObject({ status: 404 });
    expect(sandbox.contractViolations()).toEqual([expect.objectContaining({ route: "GET /repos/{owner}/{repo}/releases", message: expect.stringMatching(/does not implement/) })]);
  });

  it("injects faults: a 502 once, then a secondary rate limit with retry-after", async () => {
    sandbox.failNext({ method: "GET", route: "/repos/{owner}/{repo}", status: 502 });
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" })).rejects.toMatchObject({ status: 502 });
    expect((await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" })).status).toBe(200);

    sandbox.failNext({ method: "POST", route: "/repos/{owner}/{repo}/issues/{issue_number}/comments", status: 403, headers: { "retry-after": "2" }, times: 2 });
    for (let i = 0; i < 2; i++) {
      await expect(octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "ops", issue_number: 1, body: "hi" })).rejects.toMatchObject({
        status: 403,
        response: { headers: { "retry-after": "2" }, data: { message: expect.stringMatching(/secondary rate limit/) } },
      });
    }
    const ok = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "ops", issue_number: 1, body: "hi" });
    expect(ok.status).toBe(201);
    sandbox.failNext({ method: "POST", route: "/graphql", status: 502 });
    await expect(octokit.graphql(`{ rateLimit { remaining } }`)).rejects.toMatchObject({ status: 502 });
    expect(sandbox.contractViolations()).toEqual([]);
    expect(sandbox.transcript().writes.map((w) => w.route)).toEqual(["POST /repos/{owner}/{repo}/issues/{issue_number}/comments"]);
  });
});

describe("sandbox secondary rate limit (opt-in)", () => {
  it("answers 403 with retry-after beyond the content-creation limit", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld(), secondaryRateLimits: { perMinute: 3, perHour: 10 } });
    try {
      const octokit = installationClient(sandbox, "acme");
      const comment = () => octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "ops", issue_number: 1, body: "hi" });
      for (let i = 0; i < 3; i++) expect((await comment()).status).toBe(201);
      await expect(comment()).rejects.toMatchObject({ status: 403, response: { headers: { "retry-after": expect.stringMatching(/^\d+$/) } } });
      expect((await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" })).status).toBe(200);
      expect(sandbox.contractViolations()).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
