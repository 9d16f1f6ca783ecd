/**
 * What a window of a branch's history (its newest commits, newest first, as GraphQL's `Commit.history`
 * lists them) tells about `base...head`, without a REST compare. Only a linear stretch is settled:
 * from `head` down to `base`, every commit has one parent, the next one listed. That is exact: the
 * commits listed before `base` are then precisely those `head` has and `base` lacks. A merge commit
 * on the way, or a list whose order is not the parent chain, is left to the compare view (`unsettled`),
 * which knows the whole graph.
 */

export interface WindowCommitInput {
  sha: string;
  parents: readonly string[];
}

export type WindowSettlement<C extends WindowCommitInput> =
  /** `base` is `head`. */
  | { kind: "identical" }
  /** `head` descends from `base` by `commits` (oldest first). */
  | { kind: "ahead"; commits: C[] }
  /** `base` descends from `head` by `behindBy` commits: the build is older than the pin. */
  | { kind: "behind"; behindBy: number }
  /** The window is linear from `head` to its end and holds no `base`: read further back, from `oldest`. */
  | { kind: "need-more"; oldest: string }
  /** Not decidable from a linear window: `head` is not listed, a merge is in the way, or the history ended without `base`. */
  | { kind: "unsettled"; reason: "head-not-listed" | "merge" | "not-linear" | "history-ended" };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** True when `commits[from..to]` is one parent chain (each commit's only parent is the next one). */
function linear<C extends WindowCommitInput>(commits: readonly C[], from: number, to: number): "linear" | "merge" | "not-linear" {
  for (let k = from; k < to; k++) {
    const parents = commits[k].parents;
    if (parents.length > 1) return "merge";
    if (parents.length !== 1 || !same(parents[0], commits[k + 1].sha)) return "not-linear";
  }
  return "linear";
}

/**
 * Settles `base...head` from `commits` (newest first). `complete` says the list reaches the root (no
 * older history exists), so a base never met is not an ancestor of `head`.
 */
export function settleWindow<C extends WindowCommitInput>(opts: { commits: readonly C[]; head: string; base: string; complete: boolean }): WindowSettlement<C> {
  const { commits, head, base } = opts;
  if (same(head, base)) return { kind: "identical" };
  const h = commits.findIndex((c) => same(c.sha, head));
  if (h < 0) return { kind: "unsettled", reason: "head-not-listed" };
  const b = commits.findIndex((c) => same(c.sha, base));
  if (b >= 0 && b < h) {
    const shape = linear(commits, b, h);
    return shape === "linear" ? { kind: "behind", behindBy: h - b } : { kind: "unsettled", reason: shape };
  }
  const to = b >= 0 ? b : commits.length - 1;
  const shape = linear(commits, h, to);
  if (shape !== "linear") return { kind: "unsettled", reason: shape };
  if (b >= 0) return { kind: "ahead", commits: commits.slice(h, b).reverse() };
  // The oldest listed commit must itself lead on: a root (no parent) ends the history here.
  const last = commits[commits.length - 1];
  if (opts.complete || last.parents.length === 0) return { kind: "unsettled", reason: "history-ended" };
  if (last.parents.length > 1) return { kind: "unsettled", reason: "merge" };
  return { kind: "need-more", oldest: last.sha };
}
