/**
 * Picks a component's newest green build from CI data. Input types are declared here (the domain
 * owns its model); the GitHub port fills them (github-port's WorkflowRun / CommitChecks are these).
 */
import semver from "semver";
import { semverOf } from "./compare-versions.js";
import type { Build, RepoName, VersionScheme } from "./types.js";

export interface WorkflowRunInput {
  runNumber: number;
  headSha: string;
  headBranch: string | null;
  event: string;
  status: string | null;
  conclusion: string | null;
  htmlUrl: string;
  updatedAt: string;
  headRepository: RepoName | null;
}

export type CheckStateInput = "success" | "failure" | "pending" | "neutral" | "skipped";

export interface CommitChecksInput {
  sha: string;
  committedAt: string;
  url: string;
  checks: Record<string, CheckStateInput>;
}

export interface TagInput {
  name: string;
  commit: string;
}

/** The highest semver tag on `sha` (tags may say "v1.2.3"), or null. */
export function highestTagOn(opts: { sha: string; tags: readonly TagInput[] }): string | null {
  let best: { name: string; version: string } | null = null;
  for (const tag of opts.tags) {
    if (tag.commit.toLowerCase() !== opts.sha.toLowerCase()) continue;
    const version = semverOf(tag.name);
    if (version && (!best || semver.gt(version, best.version))) best = { name: tag.name, version };
  }
  return best?.name ?? null;
}

export interface PickWorkflowBuildOptions {
  component: string;
  repo: RepoName;
  branch: string;
  scheme: VersionScheme;
  runs: readonly WorkflowRunInput[];
  /** Needed for the tag scheme. */
  tags?: readonly TagInput[];
}

/** A green build: completed, successful, triggered by a push to `branch` of `repo` itself (never a fork or a PR). */
export function isGreenPushRun(opts: { run: WorkflowRunInput; repo: RepoName; branch: string }): boolean {
  const { run, repo, branch } = opts;
  return (
    run.status === "completed" &&
    run.conclusion === "success" &&
    run.event === "push" &&
    run.headBranch === branch &&
    run.headRepository !== null &&
    run.headRepository.toLowerCase() === repo.toLowerCase()
  );
}

/**
 * The newest green push run (by run number). For the tag scheme: the newest green run whose commit carries
 * a semver tag (its highest such tag is the version); null when no green run has one.
 */
export function pickWorkflowBuild(opts: PickWorkflowBuildOptions): Build | null {
  const green = opts.runs.filter((run) => isGreenPushRun({ run, repo: opts.repo, branch: opts.branch })).sort((a, b) => b.runNumber - a.runNumber);
  for (const run of green) {
    const version = versionOf({ scheme: opts.scheme, sha: run.headSha, runNumber: run.runNumber, tags: opts.tags ?? [] });
    if (version === null) continue;
    return { component: opts.component, version, commit: run.headSha, url: run.htmlUrl, finishedAt: run.updatedAt };
  }
  return null;
}

function versionOf(opts: { scheme: VersionScheme; sha: string; runNumber?: number; tags: readonly TagInput[] }): string | null {
  switch (opts.scheme) {
    case "run-number":
      return opts.runNumber === undefined ? null : String(opts.runNumber);
    case "sha":
      return opts.sha;
    case "tag":
      return highestTagOn({ sha: opts.sha, tags: opts.tags });
  }
}

export interface PickChecksBuildOptions {
  component: string;
  /** "sha" or "tag"; builds found by checks have no run number (the config check rejects run-number). */
  scheme: VersionScheme;
  /** Check run names / status contexts that must all be "success". */
  required: readonly string[];
  /** Newest first. */
  commits: readonly CommitChecksInput[];
  tags?: readonly TagInput[];
}

/** The newest commit whose every required check succeeded (for the tag scheme: the newest such commit with a semver tag). */
export function pickChecksBuild(opts: PickChecksBuildOptions): Build | null {
  if (opts.scheme === "run-number") throw new Error(`component ${opts.component}: version "run-number" needs build.workflow; builds found by checks have no run number`);
  if (opts.required.length === 0) return null;
  for (const commit of opts.commits) {
    if (!opts.required.every((name) => commit.checks[name] === "success")) continue;
    const version = versionOf({ scheme: opts.scheme, sha: commit.sha, tags: opts.tags ?? [] });
    if (version === null) continue;
    return { component: opts.component, version, commit: commit.sha, url: commit.url, finishedAt: commit.committedAt };
  }
  return null;
}
