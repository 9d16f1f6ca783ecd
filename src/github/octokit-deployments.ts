/** The deployments part of the GitHub port over an authenticated Octokit: deployments and their statuses. */
import type { RepoName } from "../domain/types.js";
import { authoredByApp, type AppIdentity, type RestAuthorship } from "./app-identity.js";
import type { Deployment, DeploymentsPort, DeploymentState, DeploymentStatus } from "./deployments-port.js";
import { OctokitClient, split } from "./octokit-client.js";
import { createOnce, sameJson } from "./create-once.js";

type RawDeployment = RestAuthorship & {
  id: number; sha: string; ref: string; environment: string; payload: unknown; created_at: string;
  creator: { login: string; type?: string } | null;
};

const mapDeployment = (d: RawDeployment, identity: AppIdentity): Deployment => ({
  id: d.id,
  sha: d.sha,
  ref: d.ref,
  environment: d.environment,
  payload: d.payload,
  createdAt: d.created_at,
  creator: d.creator?.login ?? "",
  byApp: authoredByApp(d, identity),
});

export class OctokitDeployments extends OctokitClient implements DeploymentsPort {
  async createDeployment(opts: { repo: RepoName; ref: string; environment: string; description: string; payload: object; productionEnvironment: boolean }): Promise<Deployment> {
    return createOnce({
      send: async () => mapDeployment(await this.call<RawDeployment>("POST /repos/{owner}/{repo}/deployments", {
        ...split(opts.repo),
        ref: opts.ref,
        environment: opts.environment,
        description: opts.description,
        payload: opts.payload,
        auto_merge: false,
        required_contexts: [],
        production_environment: opts.productionEnvironment,
        transient_environment: false,
      }), this.identity),
      // This app's deployment of the same ref to the same environment with the same payload; another app's never counts.
      look: async () =>
        (await this.listDeployments({ repo: opts.repo, environment: opts.environment, sha: opts.ref })).find(
          (d) => d.byApp && d.ref === opts.ref && sameJson(d.payload, opts.payload),
        ),
    });
  }

  async listDeployments(opts: { repo: RepoName; environment: string; sha?: string; limit?: number }): Promise<Deployment[]> {
    const data = await this.call<RawDeployment[]>("GET /repos/{owner}/{repo}/deployments", {
      ...split(opts.repo),
      environment: opts.environment,
      ...(opts.sha ? { sha: opts.sha } : {}),
      per_page: Math.min(opts.limit ?? 30, 100),
    });
    return data.map((d) => mapDeployment(d, this.identity));
  }

  async listDeploymentStatuses(repo: RepoName, deploymentId: number): Promise<DeploymentStatus[]> {
    const data = await this.call<{ state: DeploymentState; description: string | null; log_url?: string; target_url?: string; created_at: string }[]>(
      "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
      { ...split(repo), deployment_id: deploymentId, per_page: 100 },
    );
    return data.map((s) => ({ state: s.state, description: s.description ?? "", logUrl: s.log_url || s.target_url || undefined, createdAt: s.created_at }));
  }

  async createDeploymentStatus(opts: { repo: RepoName; deploymentId: number; state: DeploymentState; description: string; logUrl?: string }): Promise<void> {
    const description = opts.description.slice(0, 140);
    await createOnce({
      send: () => this.call("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
        ...split(opts.repo),
        deployment_id: opts.deploymentId,
        state: opts.state,
        description,
        ...(opts.logUrl ? { log_url: opts.logUrl } : {}),
      }),
      look: async () => {
        const [newest] = await this.listDeploymentStatuses(opts.repo, opts.deploymentId);
        return newest && newest.state === opts.state && newest.description === description ? newest : null;
      },
    });
  }
}
