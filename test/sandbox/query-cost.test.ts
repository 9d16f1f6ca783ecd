/** GitHub's node and point formula on GitHub's own worked examples (docs.github.com, "Rate limits and query limits for the GraphQL API"). */
import { describe, expect, it } from "vitest";
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { githubGraphQLSchema } from "../../src/sandbox/contract/graphql-contract.js";
import { nodeLimitMessage, queryCost } from "../../src/sandbox/graphql/query-cost.js";
import { DOCS_COMPLEX, DOCS_POINTS, DOCS_SIMPLE } from "./docs-graphql-queries.js";

function cost(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(document.definitions.flatMap((d): [string, FragmentDefinitionNode][] => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  return queryCost({ schema: githubGraphQLSchema(), operation, fragments, variables });
}

describe("GitHub's GraphQL cost formula", () => {
  it("counts the docs' simple query as 550 nodes", () => {
    expect(cost(DOCS_SIMPLE)).toMatchObject({ nodeCount: 550, requestCount: 51, points: 1 });
  });

  it("counts the docs' complex query as 22,060 nodes", () => {
    expect(cost(DOCS_COMPLEX).nodeCount).toBe(22_060);
  });

  it("scores the docs' point example 5,101 requests, 51 points", () => {
    expect(cost(DOCS_POINTS)).toMatchObject({ requestCount: 5101, points: 51, nodeCount: 100 + 5000 + 300_000 });
  });

  it("costs at least 1 point, mutations included", () => {
    expect(cost("{ rateLimit { cost } }")).toEqual({ nodeCount: 0, requestCount: 0, points: 1 });
    expect(cost("mutation { addComment(input: { subjectId: \"x\", body: \"y\" }) { clientMutationId } }").points).toBe(1);
  });

  it("reads first/last from variables, through fragments, and honours @skip/@include", () => {
    const query = `query($n: Int!, $big: Boolean!) { viewer { ...Repos repositories(last: 5) @include(if: $big) { nodes { id } } } }
      fragment Repos on User { repositories(first: $n) { nodes { issues(first: 3) { nodes { id } } } } }`;
    expect(cost(query, { n: 20, big: false }).nodeCount).toBe(20 + 60);
    expect(cost(query, { n: 20, big: true }).nodeCount).toBe(20 + 60 + 5);
  });

  it("counts aliases separately", () => {
    expect(cost(`{ viewer { a: repositories(first: 10) { nodes { id } } b: repositories(first: 10) { nodes { id } } } }`).nodeCount).toBe(20);
  });

  it("counts only the costliest branch of a union: one ref target is a Commit or a Tag, never both", () => {
    const query = `{ repository(owner: "a", name: "b") { refs(refPrefix: "refs/tags/", first: 10) { nodes { target {
      ... on Commit { history(first: 20) { nodes { oid } } }
      ... on Tag { target { ... on Commit { history(first: 5) { nodes { oid } } } } } } } } } }`;
    expect(cost(query)).toMatchObject({ nodeCount: 10 + 200, requestCount: 1 + 10 });
  });

  it("restarts counting inside a connection without first/last, as GitHub's analyser does", () => {
    expect(cost(`{ viewer { repositories { nodes { issues(first: 7) { nodes { id } } } } } }`)).toMatchObject({ nodeCount: 7, requestCount: 1 });
  });

  it("words the node limit as GitHub does, naming the first connection over it", () => {
    const over = cost(`{ viewer { repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 100) { nodes { name } } } } } } } }`);
    expect(over.overLimit).toMatchObject({ field: "labels", nodes: 1_000_000 });
    expect(nodeLimitMessage(over)).toBe(
      "By the time this query traverses to the labels connection, it is requesting up to 1,000,000 possible nodes which exceeds the maximum limit of 500,000.",
    );
    const spread = cost(`{ viewer { a: repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 40) { nodes { name } } } } } }
      b: repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 10) { nodes { name } } } } } } } }`);
    expect(spread.overLimit).toBeUndefined();
    expect(nodeLimitMessage(spread)).toBe("This query requests up to 520,200 possible nodes which exceeds the maximum limit of 500,000.");
  });
});
