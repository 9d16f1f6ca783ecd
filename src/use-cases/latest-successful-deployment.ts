import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import type { Deployment } from "../github/deployments-port.js";
import type { GitHubPort } from "../github/github-port.js";

/** Deployments of an environment looked at, newest first, to find the one that is live. */
export const LIVE_LOOKBACK = 10;

/**
 * The newest deployment this app made to `environment` whose latest status is `success`: what is
 * live there, by the app's own record. null when there is none among the last LIVE_LOOKBACK.
 * Deployments by people or other apps never count.
 */
export async function latestSuccessfulDeployment(opts: { github: GitHubPort; repo: string; environment: string }): Promise<Deployment | null> {
  const recent = await opts.github.deployments.listDeployments({ repo: opts.repo, environment: opts.environment, limit: LIVE_LOOKBACK });
  for (const deployment of recent.filter((d) => d.byApp && parseDeploymentPayload(d.payload)?.environment === opts.environment)) {
    const [latest] = await opts.github.deployments.listDeploymentStatuses(opts.repo, deployment.id);
    if (latest?.state === "success") return deployment;
  }
  return null;
}
