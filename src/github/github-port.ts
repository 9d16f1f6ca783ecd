/**
 * The one door to GitHub. Use cases depend on `GitHubPort` only: cohesive parts (repos, history,
 * workflows, checks, pulls, issues, deployments) that `OctokitGitHub`, `OctokitIssues` and
 * `OctokitDeployments` implement. Reads are batched where GitHub allows, writes are idempotent (`ensure*`)
 * or clearly one-shot, and Octokit errors come out as `GitHubError`. A create whose answer was lost
 * (5xx, timeout) is looked for and re-sent once only when absent (create-once.ts), so no use case
 * ever makes a duplicate by retrying.
 */
import type { ChangelogCommitInput, ChangelogPullInput } from "../domain/build-changelog.js";
import type { CheckStateInput, CommitChecksInput, WorkflowRunInput } from "../domain/pick-latest-build.js";
import type { IssueRef, RepoName } from "../domain/types.js";
import type { DeploymentsPort } from "./deployments-port.js";

export interface RepoInfo {
  fullName: RepoName;
  defaultBranch: string;
  htmlUrl: string;
}

export interface FileAtRef {
  path: string;
  content: string;
  /** Blob sha. */
  sha: string;
  /**
   * Set when `content` is not the file's text: `binary` (a NUL byte in its first 8,000 bytes, as git and GitHub
   * tell it), or `too-large` (more than the 1 MB the contents API returns; `content` is empty then).
   */
  unreadable?: "binary" | "too-large";
  /** Size in bytes, when GitHub said it. */
  byteSize?: number;
}

/** CI and history data as the domain reads it (the domain owns these shapes; the port fills them). */
export type WorkflowRun = WorkflowRunInput & { id: number };
export type CheckState = CheckStateInput;
export type CommitChecks = CommitChecksInput;
/** `committedAt` (the committer date) bounds the monorepo path-history read to the compared range. */
export type CompareCommit = ChangelogCommitInput & { committedAt?: string };
export type CommitPull = ChangelogPullInput;

/** One component's path-history read (see `HistoryPort.getPathHistory`). */
export interface PathHistoryRequest {
  key: string;
  repo: RepoName;
  /** The newest commit; history is read from it back in time. */
  head: string;
  /** Repository paths (no trailing slash); at least one. */
  paths: string[];
  /** ISO committer dates bounding the history (inclusive). */
  since?: string;
  until?: string;
  /** Commits per page and path, 1 to 100. */
  first: number;
  /** Pages read at most per path; a path with more is `complete: false`. */
  maxPages: number;
}

export interface PathHistory {
  /** Shas of the commits that touch at least one of the paths. */
  shas: string[];
  /** False when some path had more pages than `maxPages`: `shas` then lacks older commits. */
  complete: boolean;
}

export interface Comparison {
  status: "ahead" | "behind" | "identical" | "diverged";
  aheadBy: number;
  behindBy: number;
  totalCommits: number;
  htmlUrl: string;
  /** Oldest first, at most `maxCommits` of them. */
  commits: CompareCommit[];
}


/** One commit of a branch window: what a changelog and a build pick need, read in one query (window-queries.ts). */
export interface WindowCommit extends CompareCommit {
  committedAt: string;
  parents: string[];
  pulls: CommitPull[];
  /** Workflow runs on it (first page of a workflow component only): GitHub Actions check suites' runs. */
  runs: (WorkflowRun & { workflowPath: string })[];
  /** Check runs and statuses on it (first page of a checks component only). */
  checks: Record<string, CheckState>;
}

/** A page of a branch's history, newest first. */
export interface HistoryPage {
  commits: WindowCommit[];
  hasMore: boolean;
  endCursor: string | null;
}

export interface BranchWindowRequest {
  key: string;
  repo: RepoName;
  /** Undefined: the repository's default branch. */
  branch?: string;
  /** Which builds to read on the commits. */
  builds: "workflow" | "checks" | "none";
  /** Read the newest tags too. */
  tags: boolean;
}

/** The first page of a branch (head first), with builds; null when the app cannot see the repository or the branch does not exist. */
export interface BranchWindow extends HistoryPage {
  branch: string;
  /** The branch head: later pages continue from it. */
  head: string;
  /** The repository's web URL (compare links). */
  repoUrl: string;
  tags?: { name: string; commit: string }[];
}

export interface HistoryPageRequest {
  key: string;
  repo: RepoName;
  /** The commit the first page started from. */
  head: string;
  after: string;
}

/**
 * Files known at one commit without another read: by path, plus directories listed whole (a path directly
 * under one that is not in `files` does not exist). Anything else is unknown: read it.
 */
export interface KnownFiles {
  files: Record<string, FileAtRef>;
  dirs: string[];
  /** Paths known not to exist. */
  absent?: string[];
}

/** A file as `known` holds it: its content, null when it does not exist, undefined when unknown (read it). */
export function knownFile(known: KnownFiles | undefined, path: string): FileAtRef | null | undefined {
  if (!known) return undefined;
  if (Object.hasOwn(known.files, path)) return known.files[path];
  if (known.absent?.includes(path)) return null;
  const slash = path.lastIndexOf("/");
  return slash > 0 && known.dirs.includes(path.slice(0, slash)) ? null : undefined;
}

/** A branch as the ops snapshot saw it. */
export interface SnapshotBranch {
  name: string;
  head: string;
  parents: string[];
  /** Open PRs from it. */
  pulls: PullRequest[];
  files: KnownFiles;
}

/** An ops repository at one moment (`ReposPort.readOpsSnapshot`). */
export interface OpsSnapshot {
  info: RepoInfo;
  /** GraphQL node id (mutations take it). */
  nodeId: string;
  /** Default branch head and its tree; null for an empty repository. */
  head: string | null;
  tree: string | null;
  files: KnownFiles;
  /** The branches named with the prefix, by name; null when there were more than one page of them (then unknown). */
  branches: Record<string, SnapshotBranch> | null;
}

/** A branch with its head commit and the PRs opened from it (newest first), as the reconciler reads them. */
export interface BranchWithPulls {
  name: string;
  sha: string;
  committedAt: string;
  parents: string[];
  pulls: { number: number; state: "open" | "closed" | "merged"; headSha: string }[];
}

export interface PullRequest {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  merged: boolean;
  headRef: string;
  headSha: string;
  /** Full name of the repository the head branch lives in: a fork's for fork PRs, null when the fork was deleted. */
  headRepo: RepoName | null;
  baseRef: string;
  htmlUrl: string;
  labels: string[];
  user: string;
  /** This app opened it. */
  byApp: boolean;
  /** Who merged it (full PR reads only; list reads leave it out, as GitHub does). */
  mergedBy?: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  htmlUrl: string;
  user: string;
  /** This app opened it. */
  byApp: boolean;
}

export interface Comment {
  id: number;
  body: string;
  user: string;
  /** This app wrote it: only then do its hidden markers count. */
  byApp: boolean;
}

/** A comment anywhere in a repository, with where it is and who wrote it. */
export interface RepoComment extends Comment {
  issueNumber: number;
  createdAt: string;
  /** The author is a bot account (another app's, or this one's). */
  byBot: boolean;
}

/** A pull request merged into a branch, as the deploy step reads it. */
export interface MergedPullRequest extends PullRequest {
  mergeSha: string;
  mergedAt: string;
}

export interface LabelEvent {
  event: "labeled" | "unlabeled";
  label: string;
  /** Who added or removed it. */
  actor: string;
  createdAt: string;
}

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export type Reaction = "+1" | "-1" | "eyes" | "rocket" | "confused";

export interface CheckRunInput {
  repo: RepoName;
  headSha: string;
  name: string;
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
}

/** Issue state as the feedback fan-out reads it. */
export interface IssueState {
  state: "open" | "closed";
  labels: string[];
  /** Bodies of the latest comments this app wrote on it (others' comments never count as the bot's). */
  ownComments: string[];
}

export const issueKey = (ref: IssueRef): string => `${ref.repo}#${ref.number}`;

/** Repositories: their settings, files, branches (compare-and-swap commits) and who may do what. */
export interface ReposPort {
  getRepo(repo: RepoName): Promise<RepoInfo>;
  /** Default branch of each repo, one GraphQL query per 100 repos; a repo the app cannot see maps to null. */
  getDefaultBranches(repos: RepoName[]): Promise<Record<RepoName, string | null>>;
  /** Head sha of a branch, or null when the branch does not exist. */
  getBranchHead(repo: RepoName, branch: string): Promise<string | null>;
  /** A file's content at a ref, or null when the file (or ref) does not exist. */
  readFile(repo: RepoName, path: string, ref: string): Promise<FileAtRef | null>;
  /**
   * Several files at one ref: one GraphQL query per 50 paths (`object(expression:)` aliases); a blob GraphQL
   * truncates (over 512,000 bytes) or calls binary is read with `readFile`. Every path is a key; absent: null.
   */
  readFiles(repo: RepoName, paths: string[], ref: string): Promise<Record<string, FileAtRef | null>>;
  /** Repositories this installation can reach (archived ones left out). */
  listInstallationRepos(): Promise<RepoName[]>;
  /** The text of `path` on each repo's default branch, null where absent: batched (GraphQL aliases). */
  findOpsConfigs(repos: RepoName[], path: string): Promise<Record<RepoName, string | null>>;
  /**
   * Writes `files` as one commit on top of `base` and points `branch` at it, compare-and-swap: only
   * if the branch still points at `expectedHead` (null: it must not exist). Else `BranchMovedError`, nothing moved.
   * `precondition` runs after the commit is written, just before the branch moves; when it throws, the branch is left as it was.
   */
  commitFiles(opts: {
    repo: RepoName;
    branch: string;
    base: string;
    /** The tree of `base`, when already known (the ops snapshot): saves reading the base commit. */
    baseTree?: string;
    expectedHead: string | null;
    message: string;
    files: Record<string, string>;
    precondition?: () => Promise<void>;
  }): Promise<string>;
  /** Branches whose name starts with `prefix` (up to 100) with their head commit and up to 10 PRs opened from each: one GraphQL query. */
  listBranches(repo: RepoName, prefix: string): Promise<BranchWithPulls[]>;
  getPermission(repo: RepoName, user: string): Promise<Permission>;
  /**
   * One GraphQL query: the repository, its default head and tree, `configPath` and the files directly in `dir`
   * at that head, and the branches starting with `branchPrefix` with their heads, parents, `dir` files and
   * open PRs. Null when the app cannot see the repository.
   */
  readOpsSnapshot(opts: { repo: RepoName; configPath: string; dir: string; branchPrefix: string }): Promise<OpsSnapshot | null>;
}

/** Commit history: parents, tags, comparisons, the PRs of commits and the commits touching paths. */
export interface HistoryPort {
  /** Parent shas of a commit. */
  getCommitParents(repo: RepoName, sha: string): Promise<string[]>;
  /** Tag name → commit sha. */
  listTags(repo: RepoName): Promise<{ name: string; commit: string }[]>;
  /** `base...head`; null when GitHub does not know one of the commits (404). */
  compare(opts: { repo: RepoName; base: string; head: string; maxCommits: number }): Promise<Comparison | null>;
  /** Paths `base...head` changes (compare view; up to 300 files); null when GitHub does not know a commit. */
  changedFiles(opts: { repo: RepoName; base: string; head: string }): Promise<string[] | null>;
  /** PRs of many commits across many repos, batched (GraphQL aliases). Key: `${repo}@${sha}`. */
  getCommitPulls(commits: { repo: RepoName; sha: string }[]): Promise<Record<string, CommitPull[]>>;
  /**
   * Monorepos: for each request, the commits reachable from `head` that touch any of `paths` (git's
   * pathspec: a file, or a directory and everything below it), committed within `since`…`until`.
   * One GraphQL query for every request and path (`Commit.history(path:)`, one alias per path); a path
   * with more than a page of commits costs one more query per further page, at most `maxPages` pages.
   */
  getPathHistory(requests: PathHistoryRequest[]): Promise<Record<string, PathHistory>>;
  /**
   * The release planner's read: each branch's newest commits with parents, PRs, closing issues and builds,
   * every component in one GraphQL query (a few when GitHub's node limit requires). Key: the request's `key`.
   */
  readBranchWindows(requests: BranchWindowRequest[]): Promise<Record<string, BranchWindow | null>>;
  /** Later pages of those histories (no builds), batched likewise; null where the start commit is gone. */
  readHistoryPages(requests: HistoryPageRequest[]): Promise<Record<string, HistoryPage | null>>;
}

/** GitHub Actions workflows: the runs builds are picked from, and dispatch for teams without an `on: deployment` workflow. */
export interface WorkflowsPort {
  /** Newest first: completed successful `push` runs of a workflow on a branch (caller still filters forks). */
  listWorkflowRuns(opts: { repo: RepoName; workflow: string; branch: string; /** Default 1. */ page?: number; /** Default 30, at most 100. */ perPage?: number }): Promise<WorkflowRun[]>;
  dispatchWorkflow(opts: { repo: RepoName; workflow: string; ref: string; inputs: Record<string, string> }): Promise<void>;
}

/** Check runs and commit statuses: those builds are picked from, and the bot's own. */
export interface ChecksPort {
  /** For each repo, the newest commits of a branch with their check runs and statuses: one GraphQL query for all. */
  listBranchChecks(requests: { key: string; repo: RepoName; branch: string; depth: number }[]): Promise<Record<string, CommitChecks[]>>;
  createCheckRun(input: CheckRunInput): Promise<void>;
}

export interface PullsPort {
  findOpenPull(opts: { repo: RepoName; head: string }): Promise<PullRequest | null>;
  getPull(repo: RepoName, number: number): Promise<PullRequest>;
  createPull(opts: { repo: RepoName; head: string; base: string; title: string; body: string }): Promise<PullRequest>;
  updatePull(opts: { repo: RepoName; number: number; title?: string; body?: string; state?: "open" | "closed" }): Promise<PullRequest>;
  /** PRs merged into `base` at or after `since`, newest update first (at most the 100 most recently updated closed PRs). */
  listMergedPulls(repo: RepoName, base: string, since: string): Promise<MergedPullRequest[]>;
  /** The newest label additions on a PR (up to LABEL_EVENTS_READ), oldest first, with who made them. */
  listLabelEvents(repo: RepoName, number: number): Promise<LabelEvent[]>;
}

/** Issues, and what issues and PRs share: labels, comments and reactions. */
export interface IssuesPort {
  getIssue(repo: RepoName, number: number): Promise<Issue>;
  /**
   * State, labels and the latest 100 comment bodies of many issues, in one GraphQL query per 50
   * issues. Key `owner/repo#N`; null where GraphQL cannot resolve it (no access, no such issue, or
   * it is a pull request) or where it has more than 100 comments (the bot's own may be older than
   * that page): callers fall back to the REST reads for those.
   */
  getIssueStates(refs: IssueRef[]): Promise<Record<string, IssueState | null>>;
  /** Open issues whose body contains `marker` (the bot's own, found by its hidden marker). */
  findOpenIssueWithMarker(repo: RepoName, marker: string): Promise<Issue | null>;
  createIssue(opts: { repo: RepoName; title: string; body: string; labels?: string[] }): Promise<Issue>;
  updateIssue(opts: { repo: RepoName; number: number; title?: string; body?: string; state?: "open" | "closed" }): Promise<Issue>;
  closeIssue(opts: { repo: RepoName; number: number }): Promise<void>;

  /** Adds the labels the issue or PR lacks (reads it first; nothing sent when none is missing). */
  ensureLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void>;
  addLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void>;
  removeLabel(opts: { repo: RepoName; number: number; label: string }): Promise<void>;

  /** Comment of every issue and PR of a repository updated at or after `since`, oldest first (at most 1,000). */
  listRepoComments(repo: RepoName, since: string): Promise<RepoComment[]>;
  /** Comments of an issue or PR, oldest first; `since` (ISO) limits to those updated at or after it. */
  listComments(repo: RepoName, number: number, since?: string): Promise<Comment[]>;
  createComment(opts: { repo: RepoName; number: number; body: string }): Promise<Comment>;
  /** Replaces the body of one of the bot's own comments (safe to send twice). */
  updateComment(opts: { repo: RepoName; commentId: number; body: string }): Promise<void>;
  react(opts: { repo: RepoName; commentId: number; content: Reaction }): Promise<void>;
}

/** The one GitHub port the use cases take: cohesive parts, built by one factory per Octokit (`createGitHubPort`). */
export interface GitHubPort {
  repos: ReposPort;
  history: HistoryPort;
  workflows: WorkflowsPort;
  checks: ChecksPort;
  pulls: PullsPort;
  issues: IssuesPort;
  deployments: DeploymentsPort;
}

/** A compare-and-swap of a branch found it elsewhere than expected (someone pushed, merged or deleted it meanwhile): nothing was moved. */
export class BranchMovedError extends Error {
  readonly transient = true;
  readonly repo: RepoName;
  readonly branch: string;

  constructor(opts: { repo: RepoName; branch: string; expected: string | null; actual: string | null; cause?: unknown }) {
    super(`${opts.repo}: ${opts.branch} moved to ${opts.actual?.slice(0, 7) ?? "(deleted)"} while it was expected at ${opts.expected?.slice(0, 7) ?? "(absent)"}; it was left as it is`, { cause: opts.cause });
    this.name = "BranchMovedError";
    this.repo = opts.repo;
    this.branch = opts.branch;
  }
}

export type GitHubErrorKind = "not-found" | "forbidden" | "unauthorized" | "validation" | "rate-limited" | "server" | "network";

/** Every failure of a GitHub call, mapped to a kind a use case can act on. */
export class GitHubError extends Error {
  readonly kind: GitHubErrorKind;
  readonly status?: number;
  readonly route: string;
  readonly retryAfterSeconds?: number;

  constructor(opts: { kind: GitHubErrorKind; route: string; message: string; status?: number; retryAfterSeconds?: number; cause?: unknown }) {
    super(`${opts.route}: ${opts.message}`, { cause: opts.cause });
    this.name = "GitHubError";
    this.kind = opts.kind;
    this.status = opts.status;
    this.route = opts.route;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}
