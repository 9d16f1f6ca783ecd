/**
 * The release-bot domain model (names from SPEC.md's concept table).
 * Pure data: no probot, no octokit, no I/O.
 */

/** "owner/name" of a GitHub repository. */
export type RepoName = string;

/** How a component's version reads. */
export type VersionScheme = "run-number" | "sha" | "tag";

/** What an environment file pins for one component. */
export interface Pin {
  version: string;
  /** The commit the version was built from; absent in hand-written files. */
  commit?: string;
}

/** component name → pin, as read from an environment file. */
export type Pins = Record<string, Pin>;

/** One green CI build of a component. */
export interface Build {
  component: string;
  version: string;
  commit: string;
  url: string;
  finishedAt: string;
}

/** A reference to an issue (or PR) in any repository. */
export interface IssueRef {
  repo: RepoName;
  number: number;
}

/** A commit between the pinned commit and the candidate, as the changelog shows it. */
export interface ChangelogCommit {
  sha: string;
  message: string;
  author?: string;
  url: string;
  /** Numbers of the PRs this commit belongs to (in the component's repo). */
  pulls: number[];
}

/** A pull request the changelog's commits came from. */
export interface ChangelogPull {
  number: number;
  title: string;
  url: string;
  author?: string;
  /** Issues GitHub links as closed by this PR (closingIssuesReferences). */
  closingIssues: IssueRef[];
  /** The PR body, only to parse further references from; never rendered. */
  body: string;
}

/** A changelog filtered to a monorepo component's paths. */
export interface ChangelogScope {
  paths: string[];
  /** Every commit between the pins, touching the paths or not. */
  of: number;
  /** Only part of the range could be checked (the compare or the path history was capped): more commits may touch the paths. */
  partial?: boolean;
}

export type Changelog =
  | {
      status: "ok";
      compareUrl: string;
      commits: ChangelogCommit[];
      /** Total commits between the pins, when more than `commits` were fetched (with `scope`: the commits touching its paths). */
      totalCommits: number;
      /** Monorepo: only the commits touching one of these paths are listed (and their PRs and issues). */
      scope?: ChangelogScope;
      pulls: ChangelogPull[];
      /** Every issue referenced by the commits and PRs, deduplicated, PRs themselves excluded. */
      issues: IssueRef[];
    }
  | {
      status: "unavailable";
      /** Why, in words a reviewer understands ("pinned commit 3f2a9c1 is not in acme/billing's history"). */
      reason: string;
      compareUrl?: string;
    };

/** One component moving from its pin to a candidate. */
export interface ComponentChange {
  component: string;
  repo: RepoName;
  from: Pin;
  to: Pin & { url?: string };
  changelog: Changelog;
}

/** A component the release does not move, and why (rendered as a note). */
export interface SkippedComponent {
  component: string;
  reason: "older" | "diverged" | "no-build" | "not-in-config" | "error" | "soaking";
  detail: string;
}

/** Moving one environment from its pinned versions to candidate versions. */
export interface Release {
  environment: string;
  /** `release-<env>` */
  branch: string;
  /** The files of the ops repo the release changes, in first-use order. */
  files: string[];
  title: string;
  changes: ComponentChange[];
  skipped: SkippedComponent[];
  /** Every issue referenced by any change, deduplicated. */
  issues: IssueRef[];
}

/**
 * A release (or rollback) as one complete value: what changes, the new text of every file it edits, and the PR's
 * title and body (with its hidden metadata). One adapter (apply-release.ts) makes GitHub hold exactly this.
 */
export interface ReleasePlan {
  release: Release;
  /** path → new text, for one commit on the release branch. */
  files: Record<string, string>;
  title: string;
  body: string;
  /** Said (and, for an open PR, commented before closing it) when nothing is left to release. */
  noteWhenEmpty: string;
}

/** The hidden, machine-readable part of a release PR body. */
export interface ReleaseMetadata {
  version: 1;
  environment: string;
  components: Record<string, { repo: RepoName; from: Pin; to: Pin }>;
  issues: IssueRef[];
  /** How many referenced issues were left out of `issues` to keep the PR body under GitHub's size limit. */
  issuesOmitted?: number;
  /** How many components were left out of `components` for the same reason (the env-file diff has them all). */
  componentsOmitted?: number;
  /** The bot's HMAC over the environment, every component's pins and the full issue list (metadata-seal.ts). */
  seal?: string;
}

/** A source of the current time; the sandbox and tests inject their own. */
export interface Clock {
  now(): Date;
}
