/**
 * The release planner's read of every component at once: one GraphQL query for all branch windows
 * (newest commits with builds, parents, PRs and their closing issues), then, only for components whose
 * pin lies further back, one query per page of 100 more commits for all of them together. From that:
 * - the newest green build (the domain's pick over the runs or checks on the window's commits);
 * - for a version-only pin, the commit its version was built from;
 * - the changelog range `pin...build` when the history between them is one linear chain (settle-window.ts).
 *
 * What the window cannot settle is left to the per-component REST reads, which know the whole graph:
 * no green build in the window, a pinned version not found there, a merge commit between pin and build,
 * a pin that is not listed before history ends, or more than MAX_CHANGELOG_COMMITS commits. A failed
 * read (5xx, timeout, rate limit) throws: nothing is decided from it. Any other failure of the batch
 * (GitHub refusing the document, say) leaves every component to the REST reads.
 */
import { versionSchemeOf, type Config } from "../domain/config-schema.js";
import { commitOfVersion } from "../domain/commit-of-version.js";
import { workflowFileName } from "../domain/components-built-by.js";
import { isGreenPushRun, pickChecksBuild, pickWorkflowBuild } from "../domain/pick-latest-build.js";
import { settleWindow } from "../domain/settle-window.js";
import type { Pins } from "../domain/types.js";
import type { BranchWindow, CommitPull, Comparison, GitHubPort, WindowCommit } from "../github/github-port.js";
import type { BuildLookup } from "./find-latest-builds.js";
import { rethrowIfTransient } from "./read-failed.js";

/** Commits listed from the build down before the REST compare takes over (the changelog's cap). */
export const WINDOW_COMMITS_MAX = 1000;

export interface ComponentWindows {
  /** Builds found in the windows; a component absent here needs the REST lookup. */
  lookups: Record<string, BuildLookup>;
  /** Settled ranges `base...build` by component, for the changelog; absent ones need the REST compare. */
  comparisons: Record<string, { base: string; head: string; comparison: Comparison }>;
  /** The PRs of every commit of those ranges, key `${repo}@${sha}`. */
  pulls: Record<string, CommitPull[]>;
}

function lookupOf(opts: { name: string; config: Config; window: BranchWindow; pinnedVersion?: string }): BuildLookup | undefined {
  const { name, window } = opts;
  const component = opts.config.components[name];
  const scheme = versionSchemeOf(component);
  const tags = window.tags;
  if ("workflow" in component.build) {
    const workflow = workflowFileName(component.build.workflow);
    // What the REST lookup lists: this workflow's successful push runs on the branch (never a fork's or a PR's).
    const runs = window.commits
      .flatMap((c) => c.runs)
      .filter((run) => workflowFileName(run.workflowPath) === workflow && isGreenPushRun({ run, repo: component.repo, branch: window.branch }));
    const build = pickWorkflowBuild({ component: name, repo: component.repo, branch: window.branch, scheme, runs, tags });
    if (!build) return undefined;
    if (opts.pinnedVersion === undefined) return { build };
    const pinned = commitOfVersion({ scheme, version: opts.pinnedVersion, runs, tags });
    return pinned.commit === null ? undefined : { build, pinned };
  }
  const commits = window.commits.map((c) => ({ sha: c.sha, committedAt: c.committedAt, url: c.url, checks: c.checks }));
  const build = pickChecksBuild({ component: name, scheme, required: component.build.checks, commits, tags });
  if (!build) return undefined;
  if (opts.pinnedVersion === undefined) return { build };
  const pinned = commitOfVersion({ scheme, version: opts.pinnedVersion, tags });
  return pinned.commit === null ? undefined : { build, pinned };
}

interface Pending {
  name: string;
  repo: string;
  window: BranchWindow;
  commits: WindowCommit[];
  cursor: string | null;
  hasMore: boolean;
  base: string;
  head: string;
}

export async function readComponentWindows(opts: { github: GitHubPort; config: Config; pins: Pins; pinnedVersions?: Record<string, string> }): Promise<ComponentWindows> {
  const { github, config } = opts;
  const out: ComponentWindows = { lookups: {}, comparisons: {}, pulls: {} };
  const names = Object.keys(opts.pins).filter((name) => config.components[name]);
  if (names.length === 0) return out;
  let windows: Record<string, BranchWindow | null>;
  try {
    windows = await github.history.readBranchWindows(
      names.map((name) => {
        const c = config.components[name];
        return { key: name, repo: c.repo, branch: c.branch, builds: "workflow" in c.build ? "workflow" : "checks", tags: versionSchemeOf(c) === "tag" };
      }),
    );
  } catch (error) {
    rethrowIfTransient("the branches of the components", error);
    return out;
  }

  let pending: Pending[] = [];
  const settle = (p: Pending): void => {
    const s = settleWindow({ commits: p.commits, head: p.head, base: p.base, complete: !p.hasMore });
    const range = (commits: WindowCommit[], status: Comparison["status"], behindBy = 0): void => {
      out.comparisons[p.name] = {
        base: p.base,
        head: p.head,
        comparison: { status, aheadBy: commits.length, behindBy, totalCommits: commits.length, htmlUrl: `${p.window.repoUrl}/compare/${p.base}...${p.head}`, commits },
      };
      for (const c of commits) out.pulls[`${p.repo}@${c.sha}`] = c.pulls;
    };
    if (s.kind === "ahead") range(s.commits, "ahead");
    else if (s.kind === "behind") range([], "behind", s.behindBy);
    else if (s.kind === "need-more" && p.cursor && p.commits.length - p.commits.findIndex((c) => c.sha === p.head) < WINDOW_COMMITS_MAX) pending.push(p);
  };

  for (const name of names) {
    const window = windows[name];
    if (!window) continue;
    const lookup = lookupOf({ name, config, window, pinnedVersion: opts.pinnedVersions?.[name] });
    if (!lookup?.build) continue;
    out.lookups[name] = lookup;
    const base = opts.pins[name].commit ?? (lookup.pinned?.commit || undefined);
    // Monorepo components filter this range by path later (collect-changes.ts): the range itself is the same.
    if (!base || base === lookup.build.commit) continue;
    settle({ name, repo: config.components[name].repo, window, commits: window.commits, cursor: window.endCursor, hasMore: window.hasMore, base, head: lookup.build.commit });
  }

  while (pending.length > 0) {
    const round = pending;
    pending = [];
    let pages: Awaited<ReturnType<GitHubPort["history"]["readHistoryPages"]>>;
    try {
      pages = await github.history.readHistoryPages(round.map((p) => ({ key: p.name, repo: p.repo, head: p.window.head, after: p.cursor! })));
    } catch (error) {
      rethrowIfTransient("the history of the components", error);
      return out;
    }
    for (const p of round) {
      const page = pages[p.name];
      if (!page) continue;
      settle({ ...p, commits: [...p.commits, ...page.commits], cursor: page.endCursor, hasMore: page.hasMore });
    }
  }
  return out;
}
