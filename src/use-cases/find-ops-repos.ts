import type { OpsRepoFilter } from "../domain/ops-repo-filter.js";
import type { RepoName } from "../domain/types.js";
import type { GitHubPort } from "../github/github-port.js";
import { loadOpsConfig, parseOpsConfig, type LoadedConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { readConfigs, type OpsConfigCache } from "./ops-config-cache.js";

/** A sign that a component may have a new green build: a workflow run, or a check run / commit status. */
export interface BuildEvent {
  repo: RepoName;
  /** The workflow file's path, e.g. ".github/workflows/ci.yml" (workflow runs). */
  workflowPath?: string;
  /** The check run's name or the status's context (checks-based components). */
  check?: string;
  /** Branches the built commit is the head of. */
  branches: string[];
  /** The component repo's default branch (for components that name no branch). */
  defaultBranch: string;
}

/** "ci.yml" from ".github/workflows/ci.yml" (and from "….yml@main", the form GitHub uses for some runs). */
const basename = (path: string): string => (path.split("@")[0].split("/").pop() ?? path);

/**
 * The ops repos of this installation whose config has a component built by this workflow (or
 * gated by this check) on this branch, with the builds-fed environments to refresh. The configs come from the
 * process's cache (no request while it holds them), else one REST page per 100 repos to list them and one GraphQL
 * query per 100 repos to read them; each config is parsed once per content. A match is then loaded fresh from its
 * default branch head (the cache only finds candidates; what is released is always read anew).
 * A repo that fails (a GitHub error reading it) is logged and skipped: the others are still refreshed.
 * A bad config is no failure here: it has no usable environment, and its problems were reported on its push.
 */
export async function findOpsReposForBuild(opts: {
  github: GitHubPort;
  event: BuildEvent;
  log: Logger;
  opsRepos: OpsRepoFilter;
  /** The process's config cache and this event's installation: the lookup then costs no request unless an ops repo uses the build. */
  cache?: { configs: OpsConfigCache; installationId: number };
}): Promise<{ loaded: LoadedConfig; environments: string[] }[]> {
  const { github, event } = opts;
  const texts = opts.cache
    ? await opts.cache.configs.configs({ installationId: opts.cache.installationId, github, opsRepos: opts.opsRepos })
    : await readConfigs({ github, opsRepos: opts.opsRepos });
  const matches: { loaded: LoadedConfig; environments: string[] }[] = [];
  for (const [repo, text] of Object.entries(texts)) {
    try {
      const { config } = parseOpsConfig({ text });
      const uses = Object.values(config.components).some(
        (c) =>
          c.repo.toLowerCase() === event.repo.toLowerCase() &&
          event.branches.includes(c.branch ?? event.defaultBranch) &&
          ("workflow" in c.build
            ? event.workflowPath !== undefined && basename(c.build.workflow) === basename(event.workflowPath)
            : event.check !== undefined && c.build.checks.includes(event.check)),
      );
      if (!uses) continue;
      const loaded = await loadOpsConfig({ github, repo });
      if (!loaded) continue;
      const environments = loaded.parsed.usableEnvironments.filter((name) => loaded.parsed.config.environments[name]?.from === "builds");
      matches.push({ loaded, environments });
    } catch (error) {
      opts.log.error({ err: error, repo, build: event.repo }, "reading this ops repo for a build refresh failed; the other ops repos are still refreshed");
    }
  }
  return matches;
}
