import { describe, expect, it } from "vitest";
import { EXAMPLE_GAPS } from "../../../src/sandbox/contract/known-spec-gaps.js";
import { loadGitHubOpenApi } from "../../../src/sandbox/contract/load-github-openapi.js";
import { OpenApiContract } from "../../../src/sandbox/contract/openapi-contract.js";
import { exampleFor, exampleNames } from "../../../src/sandbox/contract/response-examples.js";

const contract = OpenApiContract.shared();

// Each example the sandbox builds on, with an operation whose response it must satisfy.
describe("official examples pass their operation's response schema", () => {
  it.each<[string, string, string, number]>([
    ["pull-request", "GET", "/repos/{owner}/{repo}/pulls/{pull_number}", 200],
    ["pull-request", "POST", "/repos/{owner}/{repo}/pulls", 201],
    ["pull-request-simple-items", "GET", "/repos/{owner}/{repo}/pulls", 200],
    ["pull-request-simple-items", "GET", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls", 200],
    ["issue", "POST", "/repos/{owner}/{repo}/issues", 201],
    ["issue", "GET", "/repos/{owner}/{repo}/issues/{issue_number}", 200],
    ["issue-comment", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", 201],
    ["issue-comment", "PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", 200],
    ["check-run", "GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", 200],
    ["workflow-run", "GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", 200],
    ["repository", "GET", "/repos/{owner}/{repo}", 200],
    ["full-repository", "PATCH", "/repos/{owner}/{repo}", 200],
    ["git-commit", "POST", "/repos/{owner}/{repo}/git/commits", 201],
    ["git-ref", "GET", "/repos/{owner}/{repo}/git/ref/{ref}", 200],
    ["git-ref", "PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", 200],
    ["git-tree", "POST", "/repos/{owner}/{repo}/git/trees", 201],
    ["content-file", "GET", "/repos/{owner}/{repo}/contents/{path}", 200],
    ["commit-comparison", "GET", "/repos/{owner}/{repo}/compare/{basehead}", 200],
    ["tag", "POST", "/repos/{owner}/{repo}/git/tags", 201],
    ["reaction", "POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", 201],
    ["label", "POST", "/repos/{owner}/{repo}/labels", 201],
    ["deployment", "POST", "/repos/{owner}/{repo}/deployments", 201],
    ["deployment-status", "POST", "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses", 201],
    ["repository-collaborator-permission", "GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", 200],
    ["installation-token", "POST", "/app/installations/{installation_id}/access_tokens", 201],
    ["simple-user", "GET", "/enterprises/{enterprise}/teams/{enterprise-team}/memberships/{username}", 200],
    ["commit", "GET", "/repos/{owner}/{repo}/commits/{ref}", 200],
    ["commit", "POST", "/repos/{owner}/{repo}/merges", 201],
  ])("%s as %s %s %d", (name, method, route, status) => {
    expect(contract.validateResponse({ method, route, status, body: exampleFor(name) })).toEqual([]);
  });
});

describe("exampleFor", () => {
  it("returns a fresh deep copy each time", () => {
    const a = exampleFor("pull-request") as { head: { ref: string } };
    a.head.ref = "changed";
    expect((exampleFor("pull-request") as { head: { ref: string } }).head.ref).not.toBe("changed");
  });

  it("lists official names and aliases", () => {
    const names = exampleNames();
    expect(names).toEqual(expect.arrayContaining(["pull-request", "issue", "git-ref", "repository", "tag"]));
    expect(names.length).toBeGreaterThan(500);
  });

  it("fails loudly for an unknown name", () => {
    expect(() => exampleFor("pull-requestt")).toThrow(/no GitHub OpenAPI example named "pull-requestt"/);
  });
});

// Each repaired example must still fail unrepaired: a gap GitHub's spec has closed gets removed.
describe("known spec gaps are still real", () => {
  it.each<[string, string, string, number]>([
    ["pull-request", "GET", "/repos/{owner}/{repo}/pulls/{pull_number}", 200],
    ["pull-request-simple", "DELETE", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", 200],
    ["pull-request-simple-items", "GET", "/repos/{owner}/{repo}/pulls", 200],
    ["pull-request-review-request", "POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", 201],
    ["simple-pull-request-review-request", "GET", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", 200],
    ["full-repository", "PATCH", "/repos/{owner}/{repo}", 200],
    ["full-repository-default-response", "GET", "/repos/{owner}/{repo}", 200],
    ["commit", "GET", "/repos/{owner}/{repo}/commits/{ref}", 200],
    ["repository-collaborator-permission-response-if-user-has-admin-permissions", "GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", 200],
  ])("%s", (name, method, route, status) => {
    expect(Object.keys(EXAMPLE_GAPS)).toContain(name);
    const raw = loadGitHubOpenApi().components.examples[name].value;
    expect(contract.validateResponse({ method, route, status, body: raw })).not.toEqual([]);
    expect(contract.validateResponse({ method, route, status, body: exampleFor(name) })).toEqual([]);
  });

  it("every example gap is covered above", () => {
    expect(Object.keys(EXAMPLE_GAPS)).toHaveLength(9);
  });
});
