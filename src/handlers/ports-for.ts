import type { Context } from "probot";
import type { AppIdentity } from "../github/app-identity.js";
import { createGitHubPort } from "../github/create-github-port.js";
import type { GitHubPort } from "../github/github-port.js";
import type { AppDeps } from "./app-deps.js";

export interface Ports {
  github: GitHubPort;
  identity: AppIdentity;
}

/** The GitHub port for one event, authenticated as its installation and knowing which writing is the bot's own. */
export async function portsFor(context: Pick<Context, "octokit">, deps: Pick<AppDeps, "identity">): Promise<Ports> {
  const identity = await deps.identity();
  return { github: createGitHubPort(context.octokit, identity), identity };
}
