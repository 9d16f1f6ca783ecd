/** The deployments part of the GitHub port (`GitHubPort.deployments`): GitHub Deployments and their statuses. */
import type { RepoName } from "../domain/types.js";

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
}
