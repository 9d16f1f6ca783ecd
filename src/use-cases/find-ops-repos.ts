import type { OpsRepoFilter } from "../domain/ops-repo-filter.js";
import { componentsBuiltBy, type BuildEvent } from "../domain/components-built-by.js";
import type { GitHubPort } from "../github/github-port.js";
import { loadOpsConfig, parseOpsConfig, type LoadedConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { readConfigs, type OpsConfigCache } from "./ops-config-cache.js";

export type { BuildEvent };

/**
 * The ops repos of this installation whose config has a component built by this workflow (or
 * gated by this check) on this branch, with the builds-fed environments to refresh. The configs come from the
 * process's cache (no request while it holds them), else one REST page per 100 repos to list them and one GraphQL
 * query per 100 repos to read them; each config is parsed once per content. A match is then loaded fresh from its
 * default branch head (the cache only finds candidates; what is released is always read anew).
 * A repo that fails (a GitHub error reading it) is logged and skipped: the others are still refreshed.
 * A bad config is no failure here: it has no usable environment, and its problems were reported on its push.
 */
/** An ops repo a build may change: its builds-fed environments, and the components the build is of. */
export interface BuildTarget {
  loaded: LoadedConfig;
  environments: string[];
  components: string[];
}

export async function findOpsReposForBuild(opts: {
  github: GitHubPort;
  event: BuildEvent;
  log: Logger;
  opsRepos: OpsRepoFilter;
  /** The process's config cache and this event's installation: the lookup then costs no request unless an ops repo uses the build. */
  cache?: { configs: OpsConfigCache; installationId: number };
}): Promise<BuildTarget[]> {
  const { github, event } = opts;
  const texts = opts.cache
    ? await opts.cache.configs.configs({ installationId: opts.cache.installationId, github, opsRepos: opts.opsRepos })
    : await readConfigs({ github, opsRepos: opts.opsRepos });
  const matches: BuildTarget[] = [];
  for (const [repo, text] of Object.entries(texts)) {
    try {
      const { config } = parseOpsConfig({ text });
      if (componentsBuiltBy({ config, event }).length === 0) continue;
      const loaded = await loadOpsConfig({ github, repo });
      if (!loaded) continue;
      const environments = loaded.parsed.usableEnvironments.filter((name) => loaded.parsed.config.environments[name]?.from === "builds");
      // The components to plan again, as the fresh config says (it may differ from the cached one).
      matches.push({ loaded, environments, components: componentsBuiltBy({ config: loaded.parsed.config, event }) });
    } catch (error) {
      opts.log.error({ err: error, repo, build: event.repo }, "reading this ops repo for a build refresh failed; the other ops repos are still refreshed");
    }
  }
  return matches;
}
