import type { Context } from "probot";
import { deployMergedPull } from "../use-cases/deploy-merged-pull.js";
import { loadOpsConfig } from "../use-cases/load-ops-config.js";
import type { AppDeps } from "./app-deps.js";
import { portsFor } from "./ports-for.js";

/** Deploy on merge: a PR merged into the ops repo's default branch. */
export function onPullRequestClosed(deps: AppDeps) {
  return async (context: Context<"pull_request.closed">): Promise<void> => {
    const { pull_request: pull, repository } = context.payload;
    if (!pull.merged || !pull.merge_commit_sha || pull.base.ref !== repository.default_branch) return;
    if (!deps.opsRepos.allows(repository.full_name)) return;
    const { github, identity } = await portsFor(context, deps);
    const loaded = await loadOpsConfig({ github, repo: repository.full_name });
    if (!loaded) return;
    await deps.lock.run(`${repository.full_name}:deploy`, () =>
      deployMergedPull({
        github,
        loaded,
        pull: {
          number: pull.number,
          headRef: pull.head.ref,
          headRepo: pull.head.repo?.full_name ?? null,
          byApp: pull.user?.login === identity.botLogin,
          body: pull.body ?? "",
          labels: pull.labels.map((l) => l.name),
          mergeSha: pull.merge_commit_sha!,
          mergedBy: pull.merged_by?.login,
        },
        seal: deps.seal,
      }),
    );
  };
}
