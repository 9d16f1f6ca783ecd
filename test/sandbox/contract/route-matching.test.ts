import { describe, expect, it } from "vitest";
import { OpenApiContract } from "../../../src/sandbox/contract/openapi-contract.js";

const contract = OpenApiContract.shared();

describe("OpenApiContract.match", () => {
  it.each([
    ["GET", "/repos/acme/ops/pulls", "/repos/{owner}/{repo}/pulls", { owner: "acme", repo: "ops" }],
    ["GET", "/repos/acme/ops/pulls/42", "/repos/{owner}/{repo}/pulls/{pull_number}", { pull_number: "42" }],
    ["GET", "/repos/acme/ops/pulls/comments", "/repos/{owner}/{repo}/pulls/comments", {}],
    ["GET", "/repos/acme/ops/git/ref/heads/main", "/repos/{owner}/{repo}/git/ref/{ref}", { ref: "heads/main" }],
    ["PATCH", "/repos/acme/ops/git/refs/heads/release-staging", "/repos/{owner}/{repo}/git/refs/{ref}", { ref: "heads/release-staging" }],
    ["DELETE", "/repos/acme/ops/git/refs/heads/release/prod/2024", "/repos/{owner}/{repo}/git/refs/{ref}", { ref: "heads/release/prod/2024" }],
    ["GET", "/repos/acme/ops/git/ref/heads%2Frelease%2Fstaging", "/repos/{owner}/{repo}/git/ref/{ref}", { ref: "heads/release/staging" }],
    ["GET", "/repos/acme/ops/contents/environments%2Fprod.env", "/repos/{owner}/{repo}/contents/{path}", { path: "environments/prod.env" }],
    ["GET", "/repos/acme/ops/labels/team%2Fplatform", "/repos/{owner}/{repo}/labels/{name}", { name: "team/platform" }],
    ["POST", "/repos/acme/ops/git/refs", "/repos/{owner}/{repo}/git/refs", {}],
    ["GET", "/repos/acme/ops/contents/environments/prod/services.env", "/repos/{owner}/{repo}/contents/{path}", { path: "environments/prod/services.env" }],
    ["PUT", "/repos/acme/ops/contents/README.md", "/repos/{owner}/{repo}/contents/{path}", { path: "README.md" }],
    ["GET", "/repos/acme/ops/compare/v1.2.0...release/staging", "/repos/{owner}/{repo}/compare/{basehead}", { basehead: "v1.2.0...release/staging" }],
    ["DELETE", "/repos/acme/ops/issues/7/labels/release%3Apending", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { issue_number: "7", name: "release:pending" }],
    ["GET", "/repos/acme/ops/commits/heads/main/status", "/repos/{owner}/{repo}/commits/{ref}/status", { ref: "heads/main" }],
    ["GET", "/repos/acme/ops/commits/abc123", "/repos/{owner}/{repo}/commits/{ref}", { ref: "abc123" }],
    ["GET", "/repos/acme/ops/commits/abc123/check-runs", "/repos/{owner}/{repo}/commits/{ref}/check-runs", { ref: "abc123" }],
    ["POST", "/app/installations/1/access_tokens", "/app/installations/{installation_id}/access_tokens", { installation_id: "1" }],
    ["GET", "/api/v3/repos/acme/ops", "/repos/{owner}/{repo}", { owner: "acme", repo: "ops" }],
  ])("%s %s → %s", (method, path, route, params) => {
    const found = contract.match(method, path);
    expect(found?.route).toBe(route);
    expect(found?.params).toMatchObject(params);
    expect(found?.operationId).toBeTruthy();
  });

  it.each([
    ["GET", "/repos/acme/ops/pull/1"],
    ["GET", "/nope"],
    ["PUT", "/repos/acme/ops/pulls"],
  ])("%s %s has no documented route", (method, path) => {
    expect(contract.match(method, path)).toBeNull();
  });
});
