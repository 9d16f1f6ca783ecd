import { versionSchemeOf, type Config } from "../domain/config-schema.js";
import { commitOfVersion, olderRunWanted, type CommitOfVersion } from "../domain/commit-of-version.js";
import { pickChecksBuild, pickWorkflowBuild } from "../domain/pick-latest-build.js";
import type { Build } from "../domain/types.js";
import type { GitHubPort, WorkflowRun } from "../github/github-port.js";
import { describeError as describe } from "./describe-error.js";
import { rethrowIfTransient } from "./read-failed.js";

/** How many recent commits of a branch are searched for one whose checks all passed. */
export const CHECKS_DEPTH = 30;

/** The build lookup reads this many newest runs of a workflow (one page). */
export const RUNS_PAGE = 30;
/**
 * A version-only pin older than those runs is looked for in at most this many pages of OLDER_RUNS_PER_PAGE
 * more (the first overlaps the runs at hand): the 300 newest runs, at most 3 more requests, only for that component.
 */
export const OLDER_RUN_PAGES = 3;
export const OLDER_RUNS_PER_PAGE = 100;

export type BuildLookup = ({ build: Build } | { build: null; detail: string }) & {
  /** For a pin that stores only its version (`pinnedVersions`): the commit that version was built from. */
  pinned?: CommitOfVersion;
};

/**
 * The newest green build of each named component. Workflow components cost one request each
 * (plus tags when versioned by tag); all checks components share one GraphQL query.
 * A component GitHub answers about (not found, no access) is reported, never fatal to the others.
 * A read that fails (5xx, timeout, network, rate limit) throws a `ReadFailedError`: it is not an
 * answer, so no component counts as "no build" because of it.
 * `pinnedVersions` (components whose pin stores no commit) are resolved to their commit from the
 * same runs and tags (commit-of-version.ts), at no extra request; a run number older than those runs
 * costs up to OLDER_RUN_PAGES more (`withOlderRuns`).
 */
export async function findLatestBuilds(opts: { github: GitHubPort; config: Config; components: string[]; pinnedVersions?: Record<string, string> }): Promise<Record<string, BuildLookup>> {
  const { github, config } = opts;
  const out: Record<string, BuildLookup> = {};
  const branches = await resolveBranches(opts);
  const needsTags = opts.components.filter((name) => versionSchemeOf(config.components[name]) === "tag");
  const tags = Object.fromEntries(
    await Promise.all(needsTags.map(async (name) => [name, await github.history.listTags(config.components[name].repo).catch((error: unknown) => {
      rethrowIfTransient(`the tags of ${config.components[name].repo}`, error);
      return [];
    })] as const)),
  );

  const checksRequests: { key: string; repo: string; branch: string; depth: number }[] = [];
  await Promise.all(
    opts.components.map(async (name) => {
      const component = config.components[name];
      const branch = branches[name];
      if (typeof branch !== "string") {
        out[name] = { build: null, detail: branch.error };
        return;
      }
      if ("checks" in component.build) {
        checksRequests.push({ key: name, repo: component.repo, branch, depth: CHECKS_DEPTH });
        return;
      }
      try {
        const runs = await github.workflows.listWorkflowRuns({ repo: component.repo, workflow: component.build.workflow, branch });
        const build = pickWorkflowBuild({ component: name, repo: component.repo, branch, scheme: versionSchemeOf(component), runs, tags: tags[name] });
        out[name] = build
          ? { build }
          : { build: null, detail: `no successful push run of ${component.build.workflow} on ${component.repo}@${branch}${versionSchemeOf(component) === "tag" ? " with a semver tag" : ""}` };
        const pinnedVersion = opts.pinnedVersions?.[name];
        if (pinnedVersion !== undefined) {
          const scheme = versionSchemeOf(component);
          const read = scheme === "run-number" ? await withOlderRuns({ github, repo: component.repo, workflow: component.build.workflow, branch, runs, versions: [pinnedVersion] }) : { runs };
          out[name].pinned = commitOfVersion({ scheme, version: pinnedVersion, runs: read.runs, tags: tags[name], olderRunsUnread: read.olderRunsUnread });
        }
      } catch (error) {
        rethrowIfTransient(`the ${component.build.workflow} runs of ${component.repo}@${branch}`, error);
        out[name] = { build: null, detail: describe(error) };
      }
    }),
  );

  if (checksRequests.length > 0) {
    try {
      const history = await github.checks.listBranchChecks(checksRequests);
      for (const request of checksRequests) {
        const component = config.components[request.key];
        const required = "checks" in component.build ? component.build.checks : [];
        const build = pickChecksBuild({
          component: request.key,
          scheme: versionSchemeOf(component),
          required,
          commits: history[request.key] ?? [],
          tags: tags[request.key],
        });
        out[request.key] = build
          ? { build }
          : { build: null, detail: `none of the last ${CHECKS_DEPTH} commits of ${component.repo}@${request.branch} passed ${required.map((c) => `“${c}”`).join(", ")}` };
        const pinnedVersion = opts.pinnedVersions?.[request.key];
        if (pinnedVersion !== undefined) out[request.key].pinned = commitOfVersion({ scheme: versionSchemeOf(component), version: pinnedVersion, tags: tags[request.key] });
      }
    } catch (error) {
      rethrowIfTransient(`the checks of ${checksRequests.map((r) => `${r.repo}@${r.branch}`).join(", ")}`, error);
      for (const request of checksRequests) out[request.key] = { build: null, detail: describe(error) };
    }
  }
  return out;
}

async function resolveBranches(opts: { github: GitHubPort; config: Config; components: string[] }): Promise<Record<string, string | { error: string }>> {
  const unnamed = opts.components.filter((name) => !opts.config.components[name].branch);
  let defaults: Record<string, string | null> = {};
  let failure: string | undefined;
  if (unnamed.length > 0) {
    try {
      defaults = await opts.github.repos.getDefaultBranches(unnamed.map((name) => opts.config.components[name].repo));
    } catch (error) {
      rethrowIfTransient("the default branches of the component repositories", error);
      failure = describe(error);
    }
  }
  return Object.fromEntries(
    opts.components.map((name) => {
      const component = opts.config.components[name];
      if (component.branch) return [name, component.branch];
      const branch = defaults[component.repo];
      if (branch) return [name, branch];
      return [name, { error: failure ?? `the app cannot see ${component.repo} (not installed there, or a typo in components.${name}.repo)` }];
    }),
  );
}

/**
 * The commits some versions of some components were built from (commit-of-version.ts), for pins
 * that store only their version when no build lookup ran for them (a merge read from git alone):
 * one runs read per workflow component, one tags read per tag-versioned one. Transient failures throw.
 */
export async function findCommitsOfVersions(opts: { github: GitHubPort; config: Config; versions: Record<string, string[]> }): Promise<Record<string, Record<string, CommitOfVersion>>> {
  const { github, config } = opts;
  const names = Object.keys(opts.versions).filter((name) => config.components[name]);
  // Only run numbers need the branch (its runs); shas are their own commit, tags are repo-wide.
  const branches = await resolveBranches({ github, config, components: names.filter((name) => versionSchemeOf(config.components[name]) === "run-number") });
  const entries = await Promise.all(
    names.map(async (name) => {
      const component = config.components[name];
      const scheme = versionSchemeOf(component);
      const branch = branches[name];
      const read = async <T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> =>
        run().catch((error: unknown) => {
          rethrowIfTransient(what, error);
          return fallback;
        });
      const workflow = "workflow" in component.build ? component.build.workflow : undefined;
      const runs = scheme === "run-number" && workflow && typeof branch === "string"
        ? await withOlderRuns({
            github, repo: component.repo, workflow, branch, versions: opts.versions[name],
            runs: await read(`the ${workflow} runs of ${component.repo}`, () => github.workflows.listWorkflowRuns({ repo: component.repo, workflow, branch }), []),
          })
        : { runs: [] };
      const tags = scheme === "tag" ? await read(`the tags of ${component.repo}`, () => github.history.listTags(component.repo), []) : [];
      return [name, Object.fromEntries(opts.versions[name].map((version) => [version, commitOfVersion({ scheme, version, runs: runs.runs, tags, olderRunsUnread: runs.olderRunsUnread })]))] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * `runs` (the newest RUNS_PAGE) plus older ones when a version-only pin names a run older than all of them:
 * pages of OLDER_RUNS_PER_PAGE, at most OLDER_RUN_PAGES, stopping at the first page that holds every wanted
 * run or goes below the oldest one. A transient failure throws (the lookup is retried); any other answer
 * ends the search, and the pin's commit is "not found" with its reason.
 */
async function withOlderRuns(opts: {
  github: GitHubPort; repo: string; workflow: string; branch: string; runs: WorkflowRun[]; versions: readonly string[];
}): Promise<{ runs: WorkflowRun[]; olderRunsUnread?: boolean }> {
  const oldest = olderRunWanted({ versions: opts.versions, runs: opts.runs, pageSize: RUNS_PAGE });
  if (oldest === null) return { runs: opts.runs };
  const byId = new Map(opts.runs.map((r) => [r.id, r]));
  const atHand = Math.min(...opts.runs.map((r) => r.runNumber));
  const wanted = opts.versions.map((v) => v.trim()).filter((v) => /^\d+$/.test(v)).map(Number).filter((n) => n < atHand);
  for (let page = 1; page <= OLDER_RUN_PAGES; page++) {
    let runs: WorkflowRun[];
    try {
      runs = await opts.github.workflows.listWorkflowRuns({ repo: opts.repo, workflow: opts.workflow, branch: opts.branch, page, perPage: OLDER_RUNS_PER_PAGE });
    } catch (error) {
      rethrowIfTransient(`the older ${opts.workflow} runs of ${opts.repo}@${opts.branch}`, error);
      return { runs: [...byId.values()] };
    }
    for (const run of runs) byId.set(run.id, run);
    const numbers = new Set([...byId.values()].map((r) => r.runNumber));
    if (wanted.every((n) => numbers.has(n)) || runs.length < OLDER_RUNS_PER_PAGE || runs.some((r) => r.runNumber < oldest)) return { runs: [...byId.values()] };
  }
  return { runs: [...byId.values()], olderRunsUnread: true };
}
