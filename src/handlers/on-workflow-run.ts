import type { Context } from "probot";
import { findOpsReposForBuild } from "../use-cases/find-ops-repos.js";
import { refreshOpenReleases } from "../use-cases/refresh-open-releases.js";
import type { AppDeps } from "./app-deps.js";
import { portsFor } from "./ports-for.js";

/** A new green build of a component: refresh the open release PRs of the environments fed by builds. */
export function onWorkflowRun(deps: AppDeps) {
  return async (context: Context<"workflow_run.completed">): Promise<void> => {
    const { workflow_run: run, repository } = context.payload;
    if (run.conclusion !== "success" || run.event !== "push" || !run.head_branch) return;
    if (run.head_repository && run.head_repository.full_name !== repository.full_name) return;
    const { github } = await portsFor(context, deps);
    const targets = await findOpsReposForBuild({
      github,
      event: { repo: repository.full_name, workflowPath: run.path, branches: [run.head_branch], defaultBranch: repository.default_branch },
      log: context.log,
      opsRepos: deps.opsRepos,
      cache: deps.configs && context.payload.installation ? { configs: deps.configs, installationId: context.payload.installation.id } : undefined,
    });
    for (const { loaded, environments, components } of targets) {
      await refreshOpenReleases({ github, now: deps.clock.now(), lock: deps.lock, loaded, environments, log: context.log, seal: deps.seal, plans: deps.plans, only: components });
    }
  };
}
