import type { AppIdentity } from "./app-identity.js";
import type { GitHubPort } from "./github-port.js";
import type { Octokit } from "./octokit-client.js";
import { OctokitDeployments } from "./octokit-deployments.js";
import { OctokitGitHub } from "./octokit-github.js";
import { OctokitIssues } from "./octokit-issues.js";

/**
 * The GitHub port over one authenticated Octokit (an installation's), knowing which writing is the bot's own.
 * One `OctokitGitHub` serves the repository, history, workflow, check and pull parts, so they share its caches.
 */
export function createGitHubPort(octokit: Octokit, identity: AppIdentity): GitHubPort {
  const github = new OctokitGitHub(octokit, identity);
  return {
    repos: github,
    history: github,
    workflows: github,
    checks: github,
    pulls: github,
    issues: new OctokitIssues(octokit, identity),
    deployments: new OctokitDeployments(octokit, identity),
  };
}
