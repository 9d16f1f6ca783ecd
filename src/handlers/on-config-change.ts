import type { Context } from "probot";
import type { OpsRepoFilter } from "../domain/ops-repo-filter.js";
import { pushMayTouch } from "../domain/push-touches.js";
import { CONFIG_PATH } from "../use-cases/load-ops-config.js";
import type { OpsConfigCache } from "../use-cases/ops-config-cache.js";

type InstallationPayload = { installation?: { id?: number } };

const installationOf = (context: Context): number | undefined => (context.payload as InstallationPayload).installation?.id;

/**
 * Keeps the process's config cache (ops-config-cache.ts) true to GitHub. These handlers run for
 * every copy of a delivery (dropping an entry twice costs nothing) and drop before their first
 * await, so no later reader of the cache sees what the event changed as it was before.
 */
export function onConfigChange(opts: { cache: OpsConfigCache; opsRepos: OpsRepoFilter }) {
  const { cache } = opts;
  return {
    /** A push to a default branch that touches the config file may add, change or remove it; other pushes change none. */
    push: async (context: Context<"push">): Promise<void> => {
      const { ref, repository, deleted } = context.payload;
      const installationId = installationOf(context);
      if (deleted || ref !== `refs/heads/${repository.default_branch}` || installationId === undefined) return;
      if (!opts.opsRepos.allows(repository.full_name)) return;
      // A component repository's ordinary push (its commits' file lists name no config) keeps every entry.
      if (!pushMayTouch(context.payload, CONFIG_PATH)) return;
      cache.invalidate({ kind: "installation", installationId });
    },
    /** Installed, removed, suspended, permissions changed: the list of installations, and what this one sees. */
    installation: async (context: Context<"installation">): Promise<void> => {
      cache.invalidate({ kind: "installations" });
      const installationId = installationOf(context);
      if (installationId !== undefined) cache.invalidate({ kind: "installation", installationId });
    },
    /** Repositories added to or removed from an installation. */
    installationRepositories: async (context: Context<"installation_repositories">): Promise<void> => {
      const installationId = installationOf(context);
      if (installationId !== undefined) cache.invalidate({ kind: "installation", installationId });
      else cache.invalidate({ kind: "all" });
    },
    /** Renamed, transferred, archived, deleted, default branch changed: the ops repo's config may be elsewhere or gone. */
    repository: async (context: Context<"repository">): Promise<void> => {
      const installationId = installationOf(context);
      if (installationId !== undefined) cache.invalidate({ kind: "installation", installationId });
      else cache.invalidate({ kind: "all" });
    },
  };
}
