import { describe, expect, it } from "vitest";
import { OpenApiContract } from "../../../src/sandbox/contract/openapi-contract.js";
import { exampleFor } from "../../../src/sandbox/contract/response-examples.js";

const contract = OpenApiContract.shared();
const GET_PULL = { method: "GET", route: "/repos/{owner}/{repo}/pulls/{pull_number}" } as const;
const pr = (): Record<string, unknown> => exampleFor("pull-request") as Record<string, unknown>;
const messages = (body: unknown, status = 200, at = GET_PULL): string =>
  contract.validateResponse({ ...at, status, body }).map((v) => v.message).join("\n");

describe("OpenApiContract.validateResponse", () => {
  it("accepts the official example for GET pulls/{pull_number}", () => {
    expect(contract.validateResponse({ ...GET_PULL, status: 200, body: pr() })).toEqual([]);
  });

  it("accepts a concrete path in place of the template", () => {
    expect(contract.validateResponse({ method: "GET", route: "/repos/acme/ops/pulls/1", status: 200, body: pr() })).toEqual([]);
  });

  it.each<[string, (body: Record<string, unknown>) => void, string]>([
    ["a required field deleted", (b) => delete b.merged, 'body: missing required property "merged"'],
    ["a nested required field deleted", (b) => delete (b.head as Record<string, unknown>).sha, 'body/head: missing required property "sha"'],
    ["null where not nullable", (b) => (b.title = null), "body/title: must be string, got null"],
    ["a wrong type", (b) => (b.number = "1347"), 'body/number: must be integer, got string "1347"'],
    ["an enum value GitHub never returns", (b) => (b.state = "merged"), 'body/state: must be one of ["open","closed"], got "merged"'],
    ["a bad date-time", (b) => (b.created_at = "yesterday"), 'body/created_at: must match format "date-time", got "yesterday"'],
    ["a non-nullable object set to null", (b) => (b.base = null), "body/base: must be object, got null"],
  ])("rejects %s, naming the field", (_name, mutate, expected) => {
    const body = pr();
    mutate(body);
    const violations = contract.validateResponse({ ...GET_PULL, status: 200, body });
    expect(violations[0]).toMatchObject({ kind: "response", method: "GET", route: "GET /repos/{owner}/{repo}/pulls/{pull_number}" });
    expect(violations.map((v) => v.message).join("\n")).toContain(expected);
  });

  it("accepts null where the schema says nullable", () => {
    const body = pr();
    body.merged_at = null;
    body.milestone = null;
    body.assignee = null;
    expect(messages(body)).toBe("");
  });

  it.each<[string, number, unknown, string]>([
    ["an undocumented status", 418, {}, "status 418 is not documented for this operation"],
    ["a documented 404 without GitHub's error shape", 404, "Not Found", 'body: must be object, got string "Not Found"'],
    ["an undocumented 401 without GitHub's error shape", 401, "Bad credentials", "status 401 needs a basic-error JSON body"],
    ["an undocumented 409", 409, { message: "Conflict", documentation_url: "https://docs.github.com/rest" }, "status 409 is not documented"],
    ["a 422 without documentation_url", 422, { message: "Validation Failed" }, 'missing required property "documentation_url"'],
    ["a 304 with a body", 304, { a: 1 }, "status 304 must have no body"],
  ])("rejects %s", (_name, status, body, expected) => {
    expect(messages(body, status)).toContain(expected);
  });

  it.each<[string, { method: string; route: string }, number, unknown]>([
    ["a documented 404", GET_PULL, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }],
    ["an undocumented 422 of validation-error shape", GET_PULL, 422, { message: "Validation Failed", documentation_url: "https://docs.github.com/rest", errors: [{ resource: "PullRequest", code: "custom", message: "x" }] }],
    ["an undocumented 403 of basic-error shape", GET_PULL, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest", status: "403" }],
    ["a 304 without a body", GET_PULL, 304, undefined],
    ["a 204 without a body", { method: "DELETE", route: "/repos/{owner}/{repo}/git/refs/{ref}" }, 204, undefined],
  ])("accepts %s", (_name, at, status, body) => {
    expect(contract.validateResponse({ ...at, status, body })).toEqual([]);
  });

  it("caps the messages of a badly wrong body", () => {
    const violations = contract.validateResponse({ ...GET_PULL, status: 200, body: {} });
    expect(violations.length).toBeLessThanOrEqual(11);
    expect(violations.at(-1)?.message).toMatch(/^…and \d+ more$/);
  });
});
