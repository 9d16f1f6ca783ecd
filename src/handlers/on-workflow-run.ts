import type { Context } from "probot";
import { OctokitDeployments } from "../github/octokit-deployments.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import { findOpsReposForBuild } from "../use-cases/find-ops-repos.js";
import { refreshOpenReleases } from "../use-cases/refresh-open-releases.js";
import type { AppDeps } from "./app-deps.js";

/** A new green build of a component: refresh the open release PRs of the environments fed by builds. */
export function onWorkflowRun(deps: AppDeps) {
  return async (context: Context<"workflow_run.completed">): Promise<void> => {
    const { workflow_run: run, repository } = context.payload;
    if (run.conclusion !== "success" || run.event !== "push" || !run.head_branch) return;
    if (run.head_repository && run.head_repository.full_name !== repository.full_name) return;
    const github = new OctokitGitHub(context.octokit);
    const targets = await findOpsReposForBuild({
      github,
      event: { repo: repository.full_name, workflowPath: run.path, branches: [run.head_branch], defaultBranch: repository.default_branch },
    });
    for (const { loaded, environments } of targets) {
      await refreshOpenReleases({ github, deployments: new OctokitDeployments(context.octokit), now: deps.clock.now(), lock: deps.lock, loaded, environments, log: context.log });
    }
  };
}
