import type { IssueRef, RepoName } from "../domain/types.js";
import { authoredByApp, type AppIdentity, type RestAuthorship } from "./app-identity.js";
import { issueStatesQuery } from "./queries.js";
import { issueKey, type Deployment, type DeploymentsPort, type DeploymentState, type DeploymentStatus, type IssueState } from "./deployments-port.js";
import type { Issue, PullRequest } from "./github-port.js";
import { mapIssue, mapPull } from "./map-rest-objects.js";
import { chunk, OctokitClient, split } from "./octokit-client.js";
import { createOnce, sameJson } from "./create-once.js";

/** Issues per state query: each brings up to 100 labels and 100 comments, far under GitHub's node limit. */
const ISSUES_PER_QUERY = 50;

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

  async dispatchWorkflow(opts: { repo: RepoName; workflow: string; ref: string; inputs: Record<string, string> }): Promise<void> {
    await this.call("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...split(opts.repo),
      workflow_id: opts.workflow,
      ref: opts.ref,
      inputs: opts.inputs,
    });
  }

  async getIssueStates(refs: IssueRef[]): Promise<Record<string, IssueState | null>> {
    type Node = { state: "OPEN" | "CLOSED"; labels: { nodes: { name: string }[] } | null; comments: { totalCount: number; nodes: { body: string; viewerDidAuthor: boolean }[] } | null } | null;
    const out: Record<string, IssueState | null> = {};
    for (const batch of chunk(refs, ISSUES_PER_QUERY)) {
      const byRepo = new Map<RepoName, { alias: string; number: number }[]>();
      batch.forEach((ref, i) => byRepo.set(ref.repo, [...(byRepo.get(ref.repo) ?? []), { alias: `i${i}`, number: ref.number }]));
      const repos = [...byRepo.entries()].map(([repo, issues], i) => ({ alias: `r${i}`, owner: split(repo).owner, name: split(repo).repo, repo, issues }));
      const data = await this.graphqlPartial<Record<string, Record<string, Node> | null>>(issueStatesQuery(repos));
      for (const r of repos) {
        for (const issue of r.issues) {
          const node = data[r.alias]?.[issue.alias] ?? null;
          // More comments than one page: the bot's own may be older than it, so the caller reads them all (REST).
          const complete = !node?.comments || node.comments.totalCount <= node.comments.nodes.length;
          out[issueKey({ repo: r.repo, number: issue.number })] = node && complete
            ? { state: node.state === "CLOSED" ? "closed" : "open", labels: (node.labels?.nodes ?? []).map((l) => l.name), ownComments: (node.comments?.nodes ?? []).filter((c) => c.viewerDidAuthor).map((c) => c.body) }
            : null;
        }
      }
    }
    return out;
  }

  async getPull(repo: RepoName, number: number): Promise<PullRequest> {
    return mapPull(await this.call<unknown>("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...split(repo), pull_number: number }), this.identity);
  }

  async getIssue(repo: RepoName, number: number): Promise<Issue> {
    return mapIssue(await this.call<unknown>("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...split(repo), issue_number: number }), this.identity);
  }

  async addLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void> {
    if (opts.labels.length === 0) return;
    // Adding a label the issue already has changes nothing: safe to send twice.
    await createOnce({ send: () => this.call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...split(opts.repo), issue_number: opts.number, labels: opts.labels }) });
  }

  async removeLabel(opts: { repo: RepoName; number: number; label: string }): Promise<void> {
    // Already gone (a retry, or a human was faster) is what we wanted; so a lost answer is simply sent again.
    await createOnce({ send: () => this.find("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...split(opts.repo), issue_number: opts.number, name: opts.label }) });
  }

  async closeIssue(opts: { repo: RepoName; number: number }): Promise<void> {
    await this.call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...split(opts.repo), issue_number: opts.number, state: "closed", state_reason: "completed" });
  }
}
