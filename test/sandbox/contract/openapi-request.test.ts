import { describe, expect, it } from "vitest";
import { OpenApiContract, type RestRequest } from "../../../src/sandbox/contract/openapi-contract.js";

const contract = OpenApiContract.shared();
const req = (r: Partial<RestRequest> & Pick<RestRequest, "method" | "path">): RestRequest => ({ query: {}, body: undefined, ...r });

describe("OpenApiContract.validateRequest accepts what GitHub accepts", () => {
  it.each<[string, RestRequest]>([
    ["list open PRs, paginated", req({ method: "GET", path: "/repos/acme/ops/pulls", query: { state: "open", per_page: "100", page: "2", head: "acme:release/staging" } })],
    ["create a PR", req({ method: "POST", path: "/repos/acme/ops/pulls", body: { title: "Release", head: "release/staging", base: "main", body: "x", draft: false } })],
    ["create a PR from an issue (no title)", req({ method: "POST", path: "/repos/acme/ops/pulls", body: { issue: 5, head: "h", base: "main" } })],
    ["update a PR", req({ method: "PATCH", path: "/repos/acme/ops/pulls/3", body: { state: "closed", title: "t" } })],
    ["create a ref", req({ method: "POST", path: "/repos/acme/ops/git/refs", body: { ref: "refs/heads/x", sha: "a".repeat(40) } })],
    ["force-update a ref", req({ method: "PATCH", path: "/repos/acme/ops/git/refs/heads/release-staging", body: { sha: "a".repeat(40), force: true } })],
    ["add labels", req({ method: "POST", path: "/repos/acme/ops/issues/3/labels", body: { labels: ["release:pending"] } })],
    ["remove a label", req({ method: "DELETE", path: "/repos/acme/ops/issues/3/labels/release%3Apending" })],
    ["read a file at a ref", req({ method: "GET", path: "/repos/acme/ops/contents/environments/prod.env", query: { ref: "main" } })],
    ["compare", req({ method: "GET", path: "/repos/acme/ops/compare/main...release/x", query: { per_page: "1" } })],
    ["raw markdown body is not JSON", req({ method: "POST", path: "/markdown/raw", body: "# hi", contentType: "text/plain" })],
  ])("%s", (_name, request) => {
    expect(contract.validateRequest(request)).toEqual([]);
  });
});

describe("OpenApiContract.validateRequest rejects what the bot must not send", () => {
  it.each<[string, RestRequest, string]>([
    ["POST pulls without title", req({ method: "POST", path: "/repos/acme/ops/pulls", body: { head: "h", base: "main" } }), 'body: missing required property "title"'],
    ["POST pulls without base", req({ method: "POST", path: "/repos/acme/ops/pulls", body: { title: "t", head: "h" } }), 'body: missing required property "base"'],
    ["PATCH pulls with a bad state", req({ method: "PATCH", path: "/repos/acme/ops/pulls/3", body: { state: "merged" } }), 'body/state: must be one of ["open","closed"], got "merged"'],
    ["per_page as a word", req({ method: "GET", path: "/repos/acme/ops/pulls", query: { per_page: "many" } }), 'query parameter per_page: must be integer, got string "many"'],
    ["an undeclared query parameter", req({ method: "GET", path: "/repos/acme/ops/pulls", query: { label: "x" } }), 'unknown query parameter "label"'],
    ["a non-integer path parameter", req({ method: "GET", path: "/repos/acme/ops/pulls/abc" }), 'path parameter pull_number: must be integer, got string "abc"'],
    ["an unknown path", req({ method: "GET", path: "/repos/acme/ops/releases-drafts" }), "no documented GitHub REST route matches GET /repos/acme/ops/releases-drafts"],
    ["an undocumented method", req({ method: "PUT", path: "/repos/acme/ops/pulls" }), "PUT is not documented for /repos/{owner}/{repo}/pulls (documented: GET, POST)"],
    ["a missing required body", req({ method: "POST", path: "/repos/acme/ops/git/refs" }), "body: missing (the request body is required)"],
    ["a wrong body type", req({ method: "POST", path: "/repos/acme/ops/issues/3/labels", body: { labels: "release:pending" } }), 'body/labels: must be array, got string "release:pending"'],
    ["a body on a GET", req({ method: "GET", path: "/repos/acme/ops/pulls", body: { state: "open" } }), "this operation takes no request body"],
    ["an extra property where additionalProperties is false", req({ method: "PUT", path: "/repos/acme/ops/environments/prod", body: { wait_timer: 0, bogus: 1 } }), 'body: unexpected property "bogus"'],
  ])("%s", (_name, request, expected) => {
    const violations = contract.validateRequest(request);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.kind === "request")).toBe(true);
    expect(violations.map((v) => v.message).join("\n")).toContain(expected);
  });

  it("names the operation in the violation", () => {
    const [v] = contract.validateRequest(req({ method: "PATCH", path: "/repos/acme/ops/pulls/3", body: { state: "merged" } }));
    expect(v).toMatchObject({ kind: "request", method: "PATCH", route: "PATCH /repos/{owner}/{repo}/pulls/{pull_number}" });
  });
});
