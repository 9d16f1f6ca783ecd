/**
 * GitHub's pagination rules, answered as GitHub answers them: while the field resolves, so the
 * error carries the connection's `path` and `locations` and the rest of the document still runs
 * (docs.github.com, "Rate limits and query limits for the GraphQL API": "Clients must supply a
 * `first` or `last` argument on any connection. Values of `first` and `last` must be within
 * 1-100"). Messages and types as GitHub sends them:
 * - `EXCESSIVE_PAGINATION`: "Requesting 101 records on the `history` connection exceeds the
 *   `first` limit of 100 records.";
 * - `MISSING_PAGINATION_BOUNDARIES`: "You must provide a `first` or `last` value to properly
 *   paginate the `history` connection." — only when the connection's `nodes` or `edges` are
 *   selected: GitHub counts (`totalCount`) a connection without a page size.
 * (The contract check, `contract/graphql-contract.ts`, stays stricter: it flags every connection
 * without `first`/`last` as a violation.)
 */
import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

export const MAX_PAGE_SIZE = 100;

/** Throws GitHub's error when a connection field's `first`/`last` break its rules. */
export function checkPaginationBounds(info: GraphQLResolveInfo, args: Record<string, unknown>): void {
  const def = info.parentType.getFields()[info.fieldName];
  if (!def || !def.args.some((a) => a.name === "first" || a.name === "last")) return;
  const field = info.fieldName;
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (typeof value !== "number") continue;
    if (value > MAX_PAGE_SIZE) {
      throw new GraphQLError(`Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE_SIZE} records.`, {
        extensions: { type: "EXCESSIVE_PAGINATION" },
      });
    }
    // Not in GitHub's docs; the wording graphql-ruby's connections use.
    if (value < 0) throw new GraphQLError(`\`${name}\` on the \`${field}\` connection cannot be less than zero.`, { extensions: { type: "INVALID_PAGINATION" } });
  }
  if (typeof args.first !== "number" && typeof args.last !== "number" && info.fieldNodes.some((n) => selectsItems(n.selectionSet, info))) {
    throw new GraphQLError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`, {
      extensions: { type: "MISSING_PAGINATION_BOUNDARIES" },
    });
  }
}

/** Whether a connection's selection asks for its items (`nodes` or `edges`), fragments included. */
function selectsItems(set: SelectionSetNode | undefined, info: GraphQLResolveInfo): boolean {
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === "nodes" || s.name.value === "edges") return true;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (selectsItems(s.selectionSet, info)) return true;
    } else if (selectsItems(info.fragments[s.name.value]?.selectionSet, info)) return true;
  }
  return false;
}
