/**
 * Plain records the world holds. Timestamps are ISO strings from the sandbox clock;
 * users are referenced by login (see `World.user`).
 */

export type AccountType = "User" | "Organization" | "Bot";

export interface Account {
  id: number;
  login: string;
  type: AccountType;
  name?: string;
  email?: string;
}

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface Reaction {
  id: number;
  user: string;
  content: string;
  createdAt: string;
}

export interface Comment {
  id: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  reactions: Reaction[];
}

/** An issue (or PR) timeline event: who added or removed which label, when. */
export interface IssueEvent {
  id: number;
  issueNumber: number;
  event: "labeled" | "unlabeled";
  actor: string;
  /** The label's name and color at the time of the event. */
  label: { name: string; color: string };
  createdAt: string;
}

export interface PullData {
  headRef: string;
  /** Head sha, kept current while the PR is open; frozen once merged/closed as GitHub does. */
  headSha: string;
  /** full name of the head repository (a fork's for cross-repo PRs). */
  headRepo: string;
  baseRef: string;
  baseSha: string;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  draft: boolean;
}

export interface Issue {
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** Present when this issue is a pull request (numbers are shared, as on GitHub). */
  pull?: PullData;
}

export interface CheckRun {
  id: number;
  headSha: string;
  name: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required" | "stale" | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Slug of the app that created it ("release-bot" for the bot's own). */
  app: string;
  checkSuiteId: number;
}

export interface CommitStatus {
  id: number;
  sha: string;
  context: string;
  state: "error" | "failure" | "pending" | "success";
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
}

export interface Workflow {
  id: number;
  name: string;
  /** ".github/workflows/ci.yml" */
  path: string;
  createdAt: string;
}

export interface WorkflowRun {
  id: number;
  workflowId: number;
  runNumber: number;
  runAttempt: number;
  name: string;
  headSha: string;
  headBranch: string | null;
  event: string;
  status: "queued" | "in_progress" | "completed" | "requested" | "waiting" | "pending";
  conclusion: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required" | "stale" | null;
  /** full name of the head repository: a fork's for fork runs. */
  headRepo: string;
  actor: string;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  checkSuiteId: number;
  /** workflow_dispatch inputs, when dispatched. */
  inputs?: Record<string, unknown>;
}

export interface DeploymentStatus {
  id: number;
  state: "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: string;
  createdAt: string;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  statuses: DeploymentStatus[];
}

export interface Installation {
  id: number;
  account: string;
  /** "all": every repo of the account; "selected": only `repos`. */
  selection: "all" | "selected";
  repos: Set<string>;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

export interface InstallationToken {
  token: string;
  installationId: number;
  /** Real (wall clock) expiry: Probot checks it against real time. */
  expiresAt: Date;
  /** Restricts the token to these repos (full names); undefined = the installation's. */
  repos?: Set<string>;
  permissions: Record<string, string>;
}

export interface ChatNotification {
  url: string;
  body: unknown;
  at: string;
}
