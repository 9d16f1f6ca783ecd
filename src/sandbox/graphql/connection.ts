/** Relay connections as GitHub serves them: first/last/after/before, nodes, edges, pageInfo, totalCount. */

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Connection<T> {
  __typename?: string;
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: { __typename: "PageInfo"; hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export function cursorAt(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function indexOf(cursor: string | null | undefined): number | undefined {
  if (!cursor) return undefined;
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}

export function connection<T>(items: T[], args: ConnectionArgs, typename?: string, extra: Record<string, unknown> = {}): Connection<T> & Record<string, unknown> {
  let start = 0;
  let end = items.length;
  const after = indexOf(args.after);
  const before = indexOf(args.before);
  if (after !== undefined) start = after + 1;
  if (before !== undefined) end = Math.min(end, before);
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);
  const slice = items.slice(start, end);
  const edges = slice.map((node, i) => ({ __typename: typename ? typename.replace(/Connection$/, "Edge") : undefined, cursor: cursorAt(start + i), node }));
  return {
    __typename: typename,
    nodes: slice,
    edges,
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
    ...extra,
  };
}
