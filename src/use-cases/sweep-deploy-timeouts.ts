import { parseDurationMs } from "../domain/config-schema.js";
import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import type { GitHubPort } from "../github/github-port.js";
import { TIMEOUT_DESCRIPTION } from "./handle-deployment-status.js";
import type { LoadedConfig } from "./load-ops-config.js";

const TERMINAL = new Set(["success", "failure", "error", "inactive"]);

/**
 * A deployment with no terminal status after the environment's `deployTimeout` (default 60 min)
 * is failed: the bot reports an `error` status on it, whose webhook then runs the failure path
 * (deploy-failed, owners told, rollback PR) like any other failure. Only each environment's newest
 * deployment by the bot is looked at: one request per environment.
 */
export async function sweepDeployTimeouts(opts: { github: GitHubPort; loaded: LoadedConfig; now: Date }): Promise<number[]> {
  const { github, loaded } = opts;
  const timedOut: number[] = [];
  for (const [environment, envConfig] of Object.entries(loaded.parsed.config.environments)) {
    const [newest] = (await github.deployments.listDeployments({ repo: loaded.ops.repo, environment, limit: 5 })).filter((d) => d.byApp && parseDeploymentPayload(d.payload));
    if (!newest) continue;
    const timeoutMs = parseDurationMs(envConfig.deployTimeout ?? "60m") ?? 3_600_000;
    if (opts.now.getTime() - new Date(newest.createdAt).getTime() < timeoutMs) continue;
    const [status] = await github.deployments.listDeploymentStatuses(loaded.ops.repo, newest.id);
    if (status && TERMINAL.has(status.state)) continue;
    await github.deployments.createDeploymentStatus({
      repo: loaded.ops.repo,
      deploymentId: newest.id,
      state: "error",
      description: `${TIMEOUT_DESCRIPTION} ${Math.round(timeoutMs / 60_000)} min; treated as failed`,
      // The release PR is where people look next; GitHub shows this link on the deployment.
      logUrl: `${loaded.ops.htmlUrl}/pull/${parseDeploymentPayload(newest.payload)!.pull}`,
    });
    timedOut.push(newest.id);
  }
  return timedOut;
}
