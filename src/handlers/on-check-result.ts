import type { Context } from "probot";
import { findOpsReposForBuild, type BuildEvent } from "../use-cases/find-ops-repos.js";
import { refreshOpenReleases } from "../use-cases/refresh-open-releases.js";
import { CONFIG_CHECK_NAME } from "../use-cases/report-config-status.js";
import type { AppDeps } from "./app-deps.js";
import { portsFor } from "./ports-for.js";

/**
 * A successful check run or commit status in a component repo (any CI, for `build.checks`
 * components): refresh the open release PRs of the environments fed by builds.
 */
export function onCheckResult(deps: AppDeps) {
  const cacheOf = (context: Context<"check_run"> | Context<"status">) => {
    const installationId = context.payload.installation?.id;
    return deps.configs && installationId !== undefined ? { configs: deps.configs, installationId } : undefined;
  };
  const refresh = async (context: Context<"check_run"> | Context<"status">, event: BuildEvent): Promise<void> => {
    const { github } = await portsFor(context, deps);
    for (const { loaded, environments, components } of await findOpsReposForBuild({ github, event, log: context.log, opsRepos: deps.opsRepos, cache: cacheOf(context) })) {
      await refreshOpenReleases({ github, now: deps.clock.now(), lock: deps.lock, loaded, environments, log: context.log, seal: deps.seal, plans: deps.plans, only: components });
    }
  };
  return {
    /** Both `created` and `completed`: a CI may create a check run already completed, and GitHub then sends only `created`. */
    checkRun: async (context: Context<"check_run">): Promise<void> => {
      const { check_run: run, repository } = context.payload;
      if (run.status !== "completed" || run.conclusion !== "success" || !run.check_suite?.head_branch || run.name === CONFIG_CHECK_NAME) return;
      await refresh(context, { repo: repository.full_name, check: run.name, branches: [run.check_suite.head_branch], defaultBranch: repository.default_branch });
    },
    status: async (context: Context<"status">): Promise<void> => {
      const { state, context: name, branches, repository } = context.payload;
      if (state !== "success" || branches.length === 0) return;
      await refresh(context, { repo: repository.full_name, check: name, branches: branches.map((b) => b.name), defaultBranch: repository.default_branch });
    },
  };
}
