import { buildChangelog } from "../domain/build-changelog.js";
import { componentPathsOf, versionSchemeOf, type Config } from "../domain/config-schema.js";
import { decideBump } from "../domain/compare-versions.js";
import { pathHistoryWindow } from "../domain/path-history-window.js";
import { shortSha } from "../domain/short-sha.js";
import type { Build, Changelog, ChangelogScope, ComponentChange, Pins, SkippedComponent } from "../domain/types.js";
import type { Comparison, GitHubPort, PathHistoryRequest } from "../github/github-port.js";
import type { BuildLookup } from "./find-latest-builds.js";
import type { ComponentWindows } from "./read-component-windows.js";
import { describeError as describe } from "./describe-error.js";

/** Commits fetched per component for the changelog; beyond this the body links to the compare view. */
export const MAX_CHANGELOG_COMMITS = 1000;


/**
 * Decides which pinned components move to their candidate build, and builds each mover's
 * changelog: one compare per component, then one batched GraphQL read for all their commits' PRs.
 * A monorepo component (`path`) keeps only the compared commits that touch its paths: one more
 * GraphQL query for all such components and paths together (`Commit.history(path:)`, bounded to the
 * range; see path-history-window.ts), and only their PRs and issues are read. A component without
 * `path` costs no request more.
 * A compare GitHub answers with 404 (the pinned commit does not exist there) gives an
 * "unavailable" changelog that says so. Any read that *failed* is in `readErrors`: every caller
 * abandons then (release-environment.ts, read-deployed-change.ts), so a changelog is never
 * dropped because GitHub was briefly down.
 */
export async function collectChanges(opts: {
  github: GitHubPort;
  config: Config;
  pins: Pins;
  candidates: Record<string, BuildLookup>;
  githubUrl: string;
  /** Ranges and PRs already read with the branch windows (read-component-windows.ts): no compare, no PR read for those. */
  known?: Pick<ComponentWindows, "comparisons" | "pulls">;
}): Promise<{ changes: ComponentChange[]; skipped: SkippedComponent[]; readErrors: unknown[] }> {
  const { github, config, pins } = opts;
  const skipped: SkippedComponent[] = [];
  const moving: Moving[] = [];
  /** Reads that failed (as opposed to GitHub answering "no such commit"): a caller that must not lose issues retries. */
  const readErrors: unknown[] = [];

  await Promise.all(
    Object.keys(pins).sort().map(async (name) => {
      const lookup = opts.candidates[name];
      const component = config.components[name];
      if (!lookup || !lookup.build) {
        skipped.push({ component: name, reason: "no-build", detail: lookup && !lookup.build ? lookup.detail : "no build found" });
        return;
      }
      const pinned = pins[name];
      const build = lookup.build;
      // A pin that stores only its version compares from the commit that version was built from.
      const base = pinned.commit ?? (lookup.pinned?.commit || undefined);
      let comparison: Comparison | null = null;
      let compareError: string | undefined;
      const known = opts.known?.comparisons[name];
      if (known && known.base === base && known.head === build.commit) comparison = known.comparison;
      else if (base && base !== build.commit) {
        try {
          comparison = await github.history.compare({ repo: component.repo, base, head: build.commit, maxCommits: MAX_CHANGELOG_COMMITS });
        } catch (error) {
          compareError = describe(error);
          readErrors.push(error);
        }
      }
      const ancestry = !base ? "unknown" : base === build.commit ? "identical" : (comparison?.status ?? "unknown");
      const decision = decideBump({ scheme: versionSchemeOf(component), pinned, candidate: build, ancestry });
      if (decision.kind === "up-to-date") return;
      if (decision.kind === "skip") {
        skipped.push({ component: name, reason: decision.reason, detail: decision.detail });
        return;
      }
      moving.push({ name, build, base, unresolved: lookup.pinned?.commit === null ? lookup.pinned.reason : undefined, comparison, compareError });
    }),
  );

  await scopeToPaths({ github, config, moving, readErrors });

  // Once per commit: monorepo components of one repository share commits (one touching both paths).
  const wanted = new Map<string, { repo: string; sha: string }>();
  for (const m of moving) {
    if (m.comparison?.status !== "ahead" || m.historyError) continue;
    const repo = config.components[m.name].repo;
    for (const c of m.comparison.commits) wanted.set(`${repo}@${c.sha}`, { repo, sha: c.sha });
  }
  const knownPulls = opts.known?.pulls ?? {};
  const commits = [...wanted.entries()].filter(([key]) => !(key in knownPulls)).map(([, c]) => c);
  let pulls: Awaited<ReturnType<GitHubPort["history"]["getCommitPulls"]>> = { ...knownPulls };
  let pullsError: string | undefined;
  if (commits.length > 0) {
    try {
      pulls = { ...pulls, ...(await github.history.getCommitPulls(commits)) };
    } catch (error) {
      pullsError = describe(error);
      readErrors.push(error);
    }
  }

  const changes = moving
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, build, base, unresolved, comparison, compareError, scope, historyError }): ComponentChange => {
      const component = config.components[name];
      const pinned = pins[name];
      const compareUrl = base ? `${opts.githubUrl}/${component.repo}/compare/${base}...${build.commit}` : undefined;
      return {
        component: name,
        repo: component.repo,
        from: pinned,
        to: { version: build.version, commit: build.commit, url: build.url },
        changelog: changelogFor({ repo: component.repo, pinnedCommit: base, unresolved, build, comparison, compareError, compareUrl, scope, historyError, pulls, pullsError }),
      };
    });
  return { changes, skipped: skipped.sort((a, b) => a.component.localeCompare(b.component)), readErrors };
}

interface Moving {
  name: string;
  build: Build;
  base?: string;
  unresolved?: string;
  /** With `scope`: only the commits touching the component's paths. */
  comparison: Comparison | null;
  compareError?: string;
  scope?: ChangelogScope;
  historyError?: string;
}

/**
 * Keeps, in each monorepo component's comparison, only the commits that touch its paths: one batched
 * history read for all of them. A failed read leaves `historyError` (never an unfiltered or empty list).
 */
async function scopeToPaths(opts: { github: GitHubPort; config: Config; moving: Moving[]; readErrors: unknown[] }): Promise<void> {
  const scoped = opts.moving.flatMap((m) => {
    const comparison = m.comparison;
    if (comparison?.status !== "ahead" || comparison.commits.length === 0) return [];
    const window = pathHistoryWindow({ paths: componentPathsOf(opts.config.components[m.name]), commits: comparison.commits });
    return window.paths.length > 0 ? [{ m, comparison, window }] : [];
  });
  if (scoped.length === 0) return;
  const requests: PathHistoryRequest[] = scoped.map(({ m, window }) => ({ key: m.name, repo: opts.config.components[m.name].repo, head: m.build.commit, ...window }));
  let histories: Awaited<ReturnType<GitHubPort["history"]["getPathHistory"]>>;
  try {
    histories = await opts.github.history.getPathHistory(requests);
  } catch (error) {
    opts.readErrors.push(error);
    for (const { m, window } of scoped) m.historyError = `reading the history of ${window.paths.join(", ")} failed: ${describe(error)}`;
    return;
  }
  for (const { m, comparison, window } of scoped) {
    const history = histories[m.name] ?? { shas: [], complete: false };
    const touching = new Set(history.shas);
    const partial = !history.complete || comparison.totalCommits > comparison.commits.length;
    m.comparison = { ...comparison, commits: comparison.commits.filter((c) => touching.has(c.sha)) };
    m.scope = { paths: window.paths, of: comparison.totalCommits, ...(partial ? { partial } : {}) };
  }
}

function changelogFor(opts: {
  repo: string;
  pinnedCommit?: string;
  /** Why the commit of a version-only pin could not be found. */
  unresolved?: string;
  build: Build;
  comparison: Comparison | null;
  compareError?: string;
  compareUrl?: string;
  scope?: ChangelogScope;
  historyError?: string;
  pulls: Awaited<ReturnType<GitHubPort["history"]["getCommitPulls"]>>;
  pullsError?: string;
}): Changelog {
  const { repo, comparison, compareUrl } = opts;
  if (!opts.pinnedCommit) {
    return {
      status: "unavailable",
      reason: opts.unresolved
        ? `the environment file pins only its version, and the commit it was built from was not found (${opts.unresolved}), so there is nothing to compare from`
        : "the environment file pins no commit for it, so there is nothing to compare from",
    };
  }
  if (opts.compareError) return { status: "unavailable", reason: `comparing failed: ${opts.compareError}`, compareUrl };
  if (!comparison)
    return { status: "unavailable", reason: `pinned commit ${shortSha(opts.pinnedCommit)} is not known to ${repo} (force-pushed away, or from another repository)` };
  if (comparison.status !== "ahead")
    return { status: "unavailable", reason: `build commit ${shortSha(opts.build.commit)} does not descend from pinned commit ${shortSha(opts.pinnedCommit)} (${comparison.status})`, compareUrl };
  if (opts.historyError) return { status: "unavailable", reason: opts.historyError, compareUrl };
  if (opts.pullsError) return { status: "unavailable", reason: `reading pull requests failed: ${opts.pullsError}`, compareUrl };
  const pullsByCommit = Object.fromEntries(comparison.commits.map((c) => [c.sha, opts.pulls[`${repo}@${c.sha}`] ?? []]));
  const totalCommits = opts.scope ? comparison.commits.length : comparison.totalCommits;
  return buildChangelog({ repo, compareUrl: comparison.htmlUrl, commits: comparison.commits, totalCommits, pullsByCommit, scope: opts.scope });
}
