/**
 * GitHub's static cost of a GraphQL document, computed before anything runs
 * (docs.github.com, "Rate limits and query limits for the GraphQL API"):
 * - **nodes**: for each connection (a field taking `first`/`last`), its `first`/`last` times the
 *   nodes of the connection it sits in, summed over the document ("50 + 50 × 10 = 550 total nodes");
 * - **requests**: for each connection, the number of requests needed to fill it if every
 *   `first`/`last` is reached (1 for an outermost one, else the nodes of the connection it sits in);
 * - **points**: requests / 100, rounded, at least 1 ("5,101 requests … final score 51").
 *
 * A connection without `first`/`last` (or with 0) adds no nodes, and the connections inside it
 * count from 1 again, as GitHub's cost analyser does. Where a selection on a union or interface
 * branches by type (`target { ... on Commit { … } ... on Tag { … } }`), only the costliest branch
 * counts: one object is never both. Aliases count separately; `@skip`/`@include` are honoured.
 */
import {
  getNamedType,
  GraphQLInt,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const GRAPHQL_NODE_LIMIT = 500_000;

export interface QueryCost {
  /** "The maximum number of nodes this query may return" (`rateLimit.nodeCount`). */
  nodeCount: number;
  /** Requests needed to fill every connection. */
  requestCount: number;
  /** The point cost (`rateLimit.cost`). */
  points: number;
  /** The first connection (document order) whose own node count is over the limit, if any. */
  overLimit?: { field: string; nodes: number; location?: { line: number; column: number } };
}

/** What the connection a field sits in contributes: its node count (0: none) and request count. */
interface Above {
  nodes: number;
  requests: number;
  value: number | null;
}

interface Tally {
  nodes: number;
  requests: number;
  over?: QueryCost["overLimit"];
}

export function queryCost(opts: {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  nodeLimit?: number;
}): QueryCost {
  const { schema, fragments, variables } = opts;
  const limit = opts.nodeLimit ?? GRAPHQL_NODE_LIMIT;
  const root = schema.getRootType(opts.operation.operation);
  if (!root) return { nodeCount: 0, requestCount: 0, points: 1 };

  const included = (node: { directives?: readonly import("graphql").DirectiveNode[] }): boolean => {
    for (const d of node.directives ?? []) {
      const arg = d.arguments?.find((a) => a.name.value === "if");
      const value = arg ? valueFromAST(arg.value, schema.getType("Boolean") as never, variables) : undefined;
      if (d.name.value === "skip" && value === true) return false;
      if (d.name.value === "include" && value === false) return false;
    }
    return true;
  };

  const possible = (type: GraphQLCompositeType): string[] =>
    isAbstractType(type) ? schema.getPossibleTypes(type).map((t) => t.name) : [type.name];

  const pageSize = (node: FieldNode): number | null => {
    let size: number | null = null;
    for (const name of ["first", "last"]) {
      const arg = node.arguments?.find((a) => a.name.value === name);
      const value = arg ? valueFromAST(arg.value, GraphQLInt, variables) : undefined;
      if (typeof value === "number" && value > 0) size = Math.max(size ?? 0, value);
    }
    return size;
  };

  const fieldCost = (node: FieldNode, def: GraphQLField<unknown, unknown>, above: Above): Tally => {
    const isConnection = def.args.some((a) => a.name === "first" || a.name === "last");
    let own: Tally = { nodes: 0, requests: 0 };
    let inner = above;
    if (isConnection) {
      const value = pageSize(node);
      const nodes = value ? value * (above.nodes || 1) : 0;
      const requests = value ? (above.value ? above.requests * above.value : 1) : 0;
      own = { nodes, requests };
      if (nodes > limit) own.over = { field: node.name.value, nodes, location: locationOf(node) };
      inner = { nodes, requests: requests || 1, value };
    }
    const type = getNamedType(def.type);
    if (!node.selectionSet || !isCompositeType(type)) return own;
    const below = selectionCost(node.selectionSet, type, inner);
    return { nodes: own.nodes + below.nodes, requests: own.requests + below.requests, over: own.over ?? below.over };
  };

  /** The cost of a selection set on `type`: summed, or the costliest type's fields on an abstract type. */
  const selectionCost = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, above: Above): Tally => {
    const entries: { types: Set<string>; tally: Tally }[] = [];
    const collect = (set: SelectionSetNode, on: GraphQLCompositeType, types: Set<string>): void => {
      for (const s of set.selections) {
        if (!included(s)) continue;
        if (s.kind === Kind.FIELD) {
          const def = "getFields" in on ? on.getFields()[s.name.value] : undefined;
          if (def) entries.push({ types, tally: fieldCost(s, def as GraphQLField<unknown, unknown>, above) });
          continue;
        }
        const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : fragments.get(s.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : on;
        if (!condition || !isCompositeType(condition)) continue;
        const narrowed = new Set(possible(condition).filter((t) => types.has(t)));
        if (narrowed.size > 0) collect(fragment.selectionSet, condition, narrowed);
      }
    };
    collect(selectionSet, type, new Set(possible(type)));
    const sum = (list: Tally[]): Tally =>
      list.reduce<Tally>((acc, t) => ({ nodes: acc.nodes + t.nodes, requests: acc.requests + t.requests, over: acc.over ?? t.over }), { nodes: 0, requests: 0 });
    if (isObjectType(type)) return sum(entries.map((e) => e.tally));
    let best: Tally = { nodes: 0, requests: 0 };
    for (const t of possible(type)) {
      const branch = sum(entries.filter((e) => e.types.has(t)).map((e) => e.tally));
      best = {
        nodes: Math.max(best.nodes, branch.nodes),
        requests: Math.max(best.requests, branch.requests),
        over: branch.nodes > best.nodes ? branch.over ?? best.over : best.over ?? branch.over,
      };
    }
    return best;
  };

  const total = selectionCost(opts.operation.selectionSet, root, { nodes: 0, requests: 1, value: null });
  return {
    nodeCount: total.nodes,
    requestCount: total.requests,
    points: Math.max(1, Math.round(total.requests / 100)),
    ...(total.over ? { overLimit: total.over } : {}),
  };
}

/** GitHub's MAX_NODE_LIMIT_EXCEEDED message, naming the first connection over the limit when one is. */
export function nodeLimitMessage(cost: QueryCost, limit = GRAPHQL_NODE_LIMIT): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const start = cost.overLimit
    ? `By the time this query traverses to the ${cost.overLimit.field} connection, it is requesting up to ${n(cost.overLimit.nodes)}`
    : `This query requests up to ${n(cost.nodeCount)}`;
  return `${start} possible nodes which exceeds the maximum limit of ${n(limit)}.`;
}

function locationOf(node: FieldNode): { line: number; column: number } | undefined {
  const loc = node.loc;
  if (!loc) return undefined;
  const before = loc.source.body.slice(0, loc.start);
  const line = before.split("\n").length;
  return { line, column: loc.start - before.lastIndexOf("\n") };
}
