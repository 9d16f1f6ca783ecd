import { describe, expect, it } from "vitest";
import { branchChecksQuery, commitPullsQuery } from "../../../src/github/queries.js";
import { githubGraphQLSchema, operationFieldNames, validateGraphQLDocument } from "../../../src/sandbox/contract/graphql-contract.js";

const messages = (query: string, variables?: Record<string, unknown>): string =>
  validateGraphQLDocument(query, variables).map((v) => v.message).join("\n");

describe("validateGraphQLDocument", () => {
  it("builds GitHub's schema once", () => {
    expect(githubGraphQLSchema()).toBe(githubGraphQLSchema());
    expect(githubGraphQLSchema().getMutationType()?.getFields().createCommitOnBranch).toBeDefined();
  });

  it.each<[string, string, Record<string, unknown>?]>([
    ["the port's branch checks query", branchChecksQuery([
      { alias: "r0", owner: "acme", name: "ops", branch: "main", depth: 20 },
      { alias: "r1", owner: "acme", name: "api", branch: "release/staging", depth: 500 },
    ])],
    ["the port's commit pulls query", commitPullsQuery([
      { alias: "r0", owner: "acme", name: "ops", commits: [{ alias: "c0", sha: "a".repeat(40) }, { alias: "c1", sha: "b".repeat(40) }] },
    ])],
    ["variables for first", "query($n: Int!) { viewer { repositories(first: $n) { nodes { name } } } }", { n: 50 }],
    ["a connection with last", "{ viewer { repositories(last: 1) { totalCount } } }"],
    ["a mutation", `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`, {
      input: { branch: { repositoryNameWithOwner: "acme/ops", branchName: "main" }, message: { headline: "x" }, expectedHeadOid: "a".repeat(40), fileChanges: { additions: [{ path: "a", contents: "YQ==" }] } },
    }],
  ])("accepts %s", (_name, query, variables) => {
    expect(validateGraphQLDocument(query, variables)).toEqual([]);
  });

  it.each<[string, string, string, Record<string, unknown>?]>([
    ["a syntax error", "{ viewer { login }", "syntax error"],
    ["an unknown field", "{ viewer { loginName } }", 'Cannot query field "loginName" on type "User"'],
    ["a missing required argument", "{ repository(owner: \"a\") { id } }", 'argument "name" of type "String!" is required'],
    ["a wrong argument type", "{ repository(owner: 1, name: \"x\") { id } }", "String cannot represent a non string value: 1"],
    ["a connection without first/last", "{ viewer { repositories { nodes { name } } } }", "User.repositories: a connection needs `first` or `last` (1–100); none given"],
    ["first: 101", "{ viewer { repositories(first: 101) { nodes { name } } } }", "User.repositories: `first` must be an integer between 1 and 100, got 101"],
    ["first: 0 through a variable", "query($n: Int) { viewer { repositories(first: $n) { nodes { name } } } }", "`first` must be an integer between 1 and 100, got 0", { n: 0 }],
    ["a variable left out", "query($n: Int) { viewer { repositories(first: $n) { nodes { name } } } }", "a connection needs `first` or `last`", {}],
    ["a required variable left out", "query($owner: String!) { repository(owner: $owner, name: \"x\") { id } }", 'variables: Variable "$owner" of required type "String!" was not provided.'],
    ["a nested connection in a fragment", "{ viewer { ...F } } fragment F on User { pullRequests(first: 5) { nodes { labels { nodes { name } } } } }", "PullRequest.labels: a connection needs"],
  ])("rejects %s", (_name, query, expected, variables) => {
    const violations = validateGraphQLDocument(query, variables);
    expect(violations[0]).toMatchObject({ kind: "graphql", route: "POST /graphql" });
    expect(violations.map((v) => v.message).join("\n")).toContain(expected);
  });

  it("checks every aliased connection on its own", () => {
    expect(messages("{ viewer { a: repositories(first: 1) { totalCount } b: repositories { totalCount } } }")).toBe(
      "User.repositories (alias b): a connection needs `first` or `last` (1–100); none given",
    );
  });
});

describe("operationFieldNames", () => {
  it.each<[string, string, { operation: "query" | "mutation"; fields: string[] }]>([
    ["a mutation", "mutation { createCommitOnBranch(input: {}) { commit { oid } } }", { operation: "mutation", fields: ["createCommitOnBranch"] }],
    ["aliased mutations", "mutation M { a: addLabelsToLabelable(input: {}) { clientMutationId } b: createCommitOnBranch(input: {}) { clientMutationId } }", { operation: "mutation", fields: ["addLabelsToLabelable", "createCommitOnBranch"] }],
    ["an aliased batched query", commitPullsQuery([{ alias: "r0", owner: "a", name: "b", commits: [{ alias: "c0", sha: "a".repeat(40) }] }, { alias: "r1", owner: "a", name: "c", commits: [{ alias: "c0", sha: "b".repeat(40) }] }]), { operation: "query", fields: ["repository"] }],
    ["a shorthand query", "{ viewer { login } rateLimit { remaining } }", { operation: "query", fields: ["viewer", "rateLimit"] }],
  ])("%s", (_name, query, expected) => {
    expect(operationFieldNames(query)).toEqual(expected);
  });
});
