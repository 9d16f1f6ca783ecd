/**
 * The commit a pinned version was built from, for files that store only the version (a Helm tag,
 * a Kustomize `newTag`, a Chef environment's version): the changelog compares from it as it does
 * from a pinned commit. Read from what the build lookup already fetched, so it costs no request:
 * - a run number: the head sha of that successful push run of the component's workflow;
 * - a tag: the commit the tag points at (`v1.2.3` and `1.2.3` name the same version);
 * - a sha: the sha itself (full or abbreviated, at least 7 hex digits).
 * When the version is not found there, the answer says why, and the release still proposes the
 * bump with the changelog marked unavailable. A run number older than every run at hand is looked
 * for further back first (`olderRunWanted`: a few more pages, bounded), only for the components that need it.
 */
import { semverOf } from "./compare-versions.js";
import type { TagInput, WorkflowRunInput } from "./pick-latest-build.js";
import type { VersionScheme } from "./types.js";

export type CommitOfVersion = { commit: string } | { commit: null; reason: string };

const SHA = /^[0-9a-f]{7,40}$/i;

export function commitOfVersion(opts: {
  scheme: VersionScheme;
  version: string;
  /** The workflow's recent runs (run-number scheme). */
  runs?: readonly WorkflowRunInput[];
  /** The repository's tags (tag scheme). */
  tags?: readonly TagInput[];
  /** Older runs exist that were not read (the bound of `olderRunWanted`'s pages was reached). */
  olderRunsUnread?: boolean;
}): CommitOfVersion {
  const version = opts.version.trim();
  if (opts.scheme === "sha") {
    return SHA.test(version) ? { commit: version.toLowerCase() } : { commit: null, reason: `version “${version}” is not a commit sha` };
  }
  if (opts.scheme === "tag") {
    const wanted = semverOf(version);
    const tag = (opts.tags ?? []).find((t) => t.name === version) ?? (wanted ? (opts.tags ?? []).find((t) => semverOf(t.name) === wanted) : undefined);
    return tag ? { commit: tag.commit } : { commit: null, reason: `no tag “${version}” in the repository` };
  }
  if (!/^\d+$/.test(version)) return { commit: null, reason: `version “${version}” is not a run number` };
  const run = (opts.runs ?? []).find((r) => r.runNumber === Number(version));
  return run
    ? { commit: run.headSha }
    : {
        commit: null,
        reason: `run ${version} is not among the ${(opts.runs ?? []).length} newest successful runs of the workflow${opts.olderRunsUnread ? ", as far back as release-bot looks" : ""}`,
      };
}

/**
 * The oldest run number among `versions` that the runs at hand may have missed: older than every one
 * of them while they fill a whole page (`pageSize`), so older runs exist. Null when no page more can
 * help: every version found, newer than the oldest run, not a run number, or all runs already read.
 */
export function olderRunWanted(opts: { versions: readonly string[]; runs: readonly WorkflowRunInput[]; pageSize: number }): number | null {
  if (opts.runs.length < opts.pageSize) return null;
  const oldest = Math.min(...opts.runs.map((r) => r.runNumber));
  const older = opts.versions.map((v) => v.trim()).filter((v) => /^\d+$/.test(v)).map(Number).filter((n) => n < oldest);
  return older.length > 0 ? Math.min(...older) : null;
}
