import type { Context } from "probot";
import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import type { DeploymentState } from "../github/deployments-port.js";
import { handleDeploymentStatus } from "../use-cases/handle-deployment-status.js";
import { loadOpsConfig } from "../use-cases/load-ops-config.js";
import { authoredByApp } from "../github/app-identity.js";
import type { AppDeps } from "./app-deps.js";
import { portsFor } from "./ports-for.js";

/** Deploy feedback: statuses of deployments the bot created (others are ignored by the use case). */
export function onDeploymentStatus(deps: AppDeps) {
  return async (context: Context<"deployment_status.created">): Promise<void> => {
    const { deployment, deployment_status: status, repository } = context.payload;
    // Only deployments this app created, carrying release-bot's payload; a person's never costs a request.
    if (deployment.creator?.type !== "Bot" || !parseDeploymentPayload(deployment.payload)) return;
    if (!deps.opsRepos.allows(repository.full_name)) return;
    const { github, identity } = await portsFor(context, deps);
    if (!authoredByApp(deployment, identity)) return;
    const loaded = await loadOpsConfig({ github, repo: repository.full_name });
    if (!loaded) return;
    await deps.lock.run(`${repository.full_name}:deployment-${deployment.id}`, () =>
      handleDeploymentStatus({
        github,
        loaded,
        event: {
          deployment: { id: deployment.id, sha: deployment.sha, environment: deployment.environment, payload: deployment.payload, createdAt: deployment.created_at, byApp: true },
          status: { state: status.state as DeploymentState, logUrl: status.log_url || status.target_url || undefined, description: status.description ?? undefined },
        },
        notify: deps.notify,
        log: context.log,
      }),
    );
  };
}
