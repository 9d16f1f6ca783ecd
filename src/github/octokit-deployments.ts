import type { RepoName } from "../domain/types.js";
import type { Deployment, DeploymentsPort, DeploymentState, DeploymentStatus } from "./deployments-port.js";
import type { Issue, PullRequest } from "./github-port.js";
import { mapIssue, mapPull } from "./map-rest-objects.js";
import { OctokitClient, split } from "./octokit-client.js";

type RawDeployment = {
  id: number; sha: string; ref: string; environment: string; payload: unknown; created_at: string;
  creator: { login: string; type?: string } | null;
};

const mapDeployment = (d: RawDeployment): Deployment => ({
  id: d.id,
  sha: d.sha,
  ref: d.ref,
  environment: d.environment,
  payload: d.payload,
  createdAt: d.created_at,
  creator: d.creator?.login ?? "",
  creatorIsBot: d.creator?.type === "Bot",
});

export class OctokitDeployments extends OctokitClient implements DeploymentsPort {
  async createDeployment(opts: { repo: RepoName; ref: string; environment: string; description: string; payload: object; productionEnvironment: boolean }): Promise<Deployment> {
    const data = await this.call<RawDeployment>("POST /repos/{owner}/{repo}/deployments", {
      ...split(opts.repo),
      ref: opts.ref,
      environment: opts.environment,
      description: opts.description,
      payload: opts.payload,
      auto_merge: false,
      required_contexts: [],
      production_environment: opts.productionEnvironment,
      transient_environment: false,
    });
    return mapDeployment(data);
  }

  async listDeployments(opts: { repo: RepoName; environment: string; sha?: string; limit?: number }): Promise<Deployment[]> {
    const data = await this.call<RawDeployment[]>("GET /repos/{owner}/{repo}/deployments", {
      ...split(opts.repo),
      environment: opts.environment,
      ...(opts.sha ? { sha: opts.sha } : {}),
      per_page: Math.min(opts.limit ?? 30, 100),
    });
    return data.map(mapDeployment);
  }

  async listDeploymentStatuses(repo: RepoName, deploymentId: number): Promise<DeploymentStatus[]> {
    const data = await this.call<{ state: DeploymentState; description: string | null; log_url?: string; target_url?: string; created_at: string }[]>(
      "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
      { ...split(repo), deployment_id: deploymentId, per_page: 100 },
    );
    return data.map((s) => ({ state: s.state, description: s.description ?? "", logUrl: s.log_url || s.target_url || undefined, createdAt: s.created_at }));
  }

  async createDeploymentStatus(opts: { repo: RepoName; deploymentId: number; state: DeploymentState; description: string; logUrl?: string }): Promise<void> {
    await this.call("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
      ...split(opts.repo),
      deployment_id: opts.deploymentId,
      state: opts.state,
      description: opts.description.slice(0, 140),
      ...(opts.logUrl ? { log_url: opts.logUrl } : {}),
    });
  }

  async dispatchWorkflow(opts: { repo: RepoName; workflow: string; ref: string; inputs: Record<string, string> }): Promise<void> {
    await this.call("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...split(opts.repo),
      workflow_id: opts.workflow,
      ref: opts.ref,
      inputs: opts.inputs,
    });
  }

  async getPull(repo: RepoName, number: number): Promise<PullRequest> {
    return mapPull(await this.call<unknown>("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...split(repo), pull_number: number }));
  }

  async getIssue(repo: RepoName, number: number): Promise<Issue> {
    return mapIssue(await this.call<unknown>("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...split(repo), issue_number: number }));
  }

  async addLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void> {
    if (opts.labels.length === 0) return;
    await this.call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...split(opts.repo), issue_number: opts.number, labels: opts.labels });
  }

  async removeLabel(opts: { repo: RepoName; number: number; label: string }): Promise<void> {
    // Already gone (a retry, or a human was faster) is what we wanted.
    await this.find("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...split(opts.repo), issue_number: opts.number, name: opts.label });
  }

  async closeIssue(opts: { repo: RepoName; number: number }): Promise<void> {
    await this.call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...split(opts.repo), issue_number: opts.number, state: "closed", state_reason: "completed" });
  }
}
