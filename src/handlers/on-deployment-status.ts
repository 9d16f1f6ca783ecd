import type { Context } from "probot";
import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import type { DeploymentState } from "../github/deployments-port.js";
import { OctokitDeployments } from "../github/octokit-deployments.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import { handleDeploymentStatus } from "../use-cases/handle-deployment-status.js";
import { loadOpsConfig } from "../use-cases/load-ops-config.js";
import type { AppDeps } from "./app-deps.js";

/** Deploy feedback: statuses of deployments the bot created (others are ignored by the use case). */
export function onDeploymentStatus(deps: AppDeps) {
  return async (context: Context<"deployment_status.created">): Promise<void> => {
    const { deployment, deployment_status: status, repository } = context.payload;
    // Only deployments this bot created: made by a bot, carrying release-bot's payload. Others cost no request.
    if (deployment.creator?.type !== "Bot" || !parseDeploymentPayload(deployment.payload)) return;
    const github = new OctokitGitHub(context.octokit);
    const loaded = await loadOpsConfig({ github, repo: repository.full_name });
    if (!loaded) return;
    await deps.lock.run(`${repository.full_name}:deployment-${deployment.id}`, () =>
      handleDeploymentStatus({
        github,
        deployments: new OctokitDeployments(context.octokit),
        loaded,
        event: {
          deployment: { id: deployment.id, sha: deployment.sha, environment: deployment.environment, payload: deployment.payload, createdAt: deployment.created_at, creatorIsBot: true },
          status: { state: status.state as DeploymentState, logUrl: status.log_url || status.target_url || undefined, description: status.description ?? undefined },
        },
        notify: deps.notify,
        log: context.log,
      }),
    );
  };
}
