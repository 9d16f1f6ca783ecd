/**
 * The deployments side of the GitHub port (slice 2): GitHub Deployments and their statuses,
 * workflow dispatch for teams without an `on: deployment` workflow, and the issue/PR reads and
 * label writes the feedback fan-out needs.
 */
import type { IssueRef, RepoName } from "../domain/types.js";
import type { Issue, PullRequest } from "./github-port.js";

export type DeploymentState = "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  payload: unknown;
  createdAt: string;
  /** Login of who created it; the bot's deployments are created by `<app-slug>[bot]`. */
  creator: string;
  /** This app created it (`performed_via_github_app` / its bot account): only those drive feedback, timeouts and promotions. */
  byApp: boolean;
}

export interface DeploymentStatus {
  state: DeploymentState;
  description: string;
  logUrl?: string;
  createdAt: string;
}

export interface IssueState {
  state: "open" | "closed";
  labels: string[];
  /** Bodies of the latest comments this app wrote on it (others' comments never count as the bot's). */
  ownComments: string[];
}

export const issueKey = (ref: IssueRef): string => `${ref.repo}#${ref.number}`;

export interface DeploymentsPort {
  createDeployment(opts: {
    repo: RepoName;
    ref: string;
    environment: string;
    description: string;
    payload: object;
    productionEnvironment: boolean;
  }): Promise<Deployment>;
  /** Newest first. */
  listDeployments(opts: { repo: RepoName; environment: string; sha?: string; limit?: number }): Promise<Deployment[]>;
  /** Newest first. */
  listDeploymentStatuses(repo: RepoName, deploymentId: number): Promise<DeploymentStatus[]>;
  createDeploymentStatus(opts: { repo: RepoName; deploymentId: number; state: DeploymentState; description: string; logUrl?: string }): Promise<void>;
  dispatchWorkflow(opts: { repo: RepoName; workflow: string; ref: string; inputs: Record<string, string> }): Promise<void>;

  /**
   * State, labels and the latest 100 comment bodies of many issues, in one GraphQL query per 50
   * issues. Key `owner/repo#N`; null where GraphQL cannot resolve it (no access, no such issue, or
   * it is a pull request) or where it has more than 100 comments (the bot's own may be older than
   * that page): callers fall back to the REST reads for those.
   */
  getIssueStates(refs: IssueRef[]): Promise<Record<string, IssueState | null>>;
  getPull(repo: RepoName, number: number): Promise<PullRequest>;
  getIssue(repo: RepoName, number: number): Promise<Issue>;
  addLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void>;
  removeLabel(opts: { repo: RepoName; number: number; label: string }): Promise<void>;
  closeIssue(opts: { repo: RepoName; number: number }): Promise<void>;
}
