import type { Context } from "probot";
import { pushMayTouch } from "../domain/push-touches.js";
import { CONFIG_PATH, loadOpsConfig } from "../use-cases/load-ops-config.js";
import { refreshOpenReleases } from "../use-cases/refresh-open-releases.js";
import { reportConfigStatus } from "../use-cases/report-config-status.js";
import type { AppDeps } from "./app-deps.js";
import { portsFor } from "./ports-for.js";

/** A push to an ops repo's default branch: re-validate the config, then rebuild open release PRs on the new head. */
export function onPush(deps: AppDeps) {
  return async (context: Context<"push">): Promise<void> => {
    const { ref, repository, deleted } = context.payload;
    if (deleted || ref !== `refs/heads/${repository.default_branch}`) return;
    if (!deps.opsRepos.allows(repository.full_name)) return;
    // A component repository's push: the process knows it has no config, and the push adds none. No request.
    const installationId = context.payload.installation?.id;
    if (deps.configs && installationId !== undefined && !pushMayTouch(context.payload, CONFIG_PATH) && (await deps.configs.knownWithoutConfig({ installationId, repo: repository.full_name }))) return;
    const { github } = await portsFor(context, deps);
    const loaded = await loadOpsConfig({ github, repo: repository.full_name });
    if (!loaded) return;
    await reportConfigStatus({ github, loaded });
    await refreshOpenReleases({ github, now: deps.clock.now(), lock: deps.lock, loaded, environments: loaded.parsed.usableEnvironments, log: context.log, seal: deps.seal, plans: deps.plans });
  };
}
