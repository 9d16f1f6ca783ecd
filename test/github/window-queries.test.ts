import { describe, expect, it } from "vitest";
import { branchWindowsQuery, FIRST_PAGE, historyPagesQuery, LATER_PAGE, NODE_BUDGET, packByNodes, PULLS_PER_LATER_COMMIT, REPOS_PER_PAGE_QUERY, REPOS_PER_QUERY, windowNodes } from "../../src/github/window-queries.js";
import { queryCost } from "../../src/sandbox/graphql/query-cost.js";
import { githubGraphQLSchema } from "../../src/sandbox/contract/graphql-contract.js";
import { Kind, parse, type OperationDefinitionNode } from "graphql";

const costOf = (query: string) => {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return queryCost({ schema: githubGraphQLSchema(), operation, fragments: new Map(), variables: {} });
};

const requests = (n: number, builds: "workflow" | "checks") => Array.from({ length: n }, (_, i) => ({ alias: `r${i}`, owner: "acme", name: `svc${i}`, builds, tags: false }));

describe("the planning query's size", () => {
  it.each([
    [10, "checks", 1],
    [100, "checks", 1],
    [101, "workflow", 2],
    [200, "checks", 2],
    [1000, "checks", 10],
  ] as const)("%i %s components: %i queries, each within GitHub's node limit and 100 repositories", (n, builds, queries) => {
    const batches = packByNodes(requests(n, builds), (r) => windowNodes({ first: FIRST_PAGE, builds: r.builds, tags: r.tags }));
    expect(batches).toHaveLength(queries);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(REPOS_PER_QUERY);
      expect(batch.reduce((sum, r) => sum + windowNodes({ first: FIRST_PAGE, builds: r.builds, tags: r.tags }), 0)).toBeLessThanOrEqual(NODE_BUDGET);
    }
  });

  it("GitHub's formula agrees with the estimate: 100 components cost 126 points and stay under 500,000 nodes", () => {
    const cost = costOf(branchWindowsQuery(requests(100, "checks")));
    expect(cost.points).toBe(126);
    expect(cost.nodeCount).toBeLessThanOrEqual(500_000);
    expect(cost.nodeCount).toBeLessThanOrEqual(100 * windowNodes({ first: FIRST_PAGE, builds: "checks", tags: false }));
  });

  it("a later page of 50 components costs 3 points each and stays under the node limit", () => {
    const pages = Array.from({ length: REPOS_PER_PAGE_QUERY }, (_, i) => ({ alias: `r${i}`, owner: "acme", name: `svc${i}`, head: "a".repeat(40), after: "cursor", first: LATER_PAGE }));
    const cost = costOf(historyPagesQuery(pages));
    expect(cost.points).toBe(Math.round((REPOS_PER_PAGE_QUERY * (1 + LATER_PAGE * (1 + PULLS_PER_LATER_COMMIT + 1))) / 100));
    expect(cost.nodeCount).toBeLessThanOrEqual(500_000);
  });
});
