/**
 * The deployments side of the GitHub port (slice 2): GitHub Deployments and their statuses,
 * workflow dispatch for teams without an `on: deployment` workflow, and the issue/PR reads and
 * label writes the feedback fan-out needs.
 */
import type { RepoName } from "../domain/types.js";
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
  creatorIsBot: boolean;
}

export interface DeploymentStatus {
  state: DeploymentState;
  description: string;
  logUrl?: string;
  createdAt: string;
}

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

  getPull(repo: RepoName, number: number): Promise<PullRequest>;
  getIssue(repo: RepoName, number: number): Promise<Issue>;
  addLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void>;
  removeLabel(opts: { repo: RepoName; number: number; label: string }): Promise<void>;
  closeIssue(opts: { repo: RepoName; number: number }): Promise<void>;
}
