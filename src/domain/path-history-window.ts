/**
 * Monorepos: how much of a path's history to read to learn which commits of a compared range touch
 * it. `Commit.history(path:)` lists, newest first from the build's commit, the commits touching the
 * path (a file, or a directory and everything below it). The read is bounded to the range by the
 * committer dates of the compared commits (`since` = the oldest, `until` = the newest, both
 * inclusive), so it does not walk the repository's whole past; `first` is the range's size plus one
 * (at most 100), so a range of up to 99 commits takes one page per path, and `maxPages` caps a path
 * at the pages its range can fill plus one. Commits outside the range but within its dates (a side
 * branch merged after the pin) may come back too; the caller keeps only the compared ones.
 */

export interface PathHistoryWindowInput {
  /** The component's paths as configured (a trailing "/" is dropped; duplicates are read once). */
  paths: readonly string[];
  /** The compared commits (any order); `committedAt` is the committer date, ISO. */
  commits: readonly { committedAt?: string }[];
}

export interface PathHistoryWindow {
  paths: string[];
  since?: string;
  until?: string;
  first: number;
  maxPages: number;
}

export const HISTORY_PAGE = 100;

export function pathHistoryWindow(opts: PathHistoryWindowInput): PathHistoryWindow {
  const paths = [...new Set(opts.paths.map((path) => path.replace(/\/+$/, "")).filter((path) => path !== ""))];
  const n = opts.commits.length;
  const first = Math.min(HISTORY_PAGE, n + 1);
  const maxPages = Math.ceil(n / first) + 1;
  const times = opts.commits.map((c) => (c.committedAt ? Date.parse(c.committedAt) : NaN));
  // Without every date, no bound is safe (a commit outside it would be lost): read from the head, capped by pages.
  if (n === 0 || times.some((t) => Number.isNaN(t))) return { paths, first, maxPages };
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
  return { paths, since: iso(Math.min(...times)), until: iso(Math.max(...times)), first, maxPages };
}
