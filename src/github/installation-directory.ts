import type { Probot } from "probot";
import type { MetadataSeal } from "../domain/metadata-seal.js";
import type { OpsConfigCache } from "../use-cases/ops-config-cache.js";
import type { AppIdentity } from "./app-identity.js";
import type { ContentBudget } from "./content-budget.js";
import { createGitHubPort } from "./create-github-port.js";
import type { InstallationAccess } from "./installations.js";
import { OctokitScheduleMarks } from "./schedule-marks.js";
import { toGitHubError } from "./to-github-error.js";

/**
 * The app's installations for the scheduler, listed once (app JWT: `GET /app/installations`) and
 * kept in `cache` until an `installation` event (or the cache's ttl) drops the list. Each
 * installation's access (its Octokit and port) is made once and kept while it is installed: its
 * token is Probot's to renew, and its content-creating requests go through `budget`.
 */
export function installationDirectory(opts: { app: Probot; identity: () => Promise<AppIdentity>; seal?: MetadataSeal; cache: OpsConfigCache; budget: ContentBudget }): () => Promise<InstallationAccess[]> {
  const { app, cache, budget } = opts;
  const made = new Map<number, Promise<InstallationAccess>>();
  const list = async (): Promise<number[]> => {
    const appOctokit = await app.auth();
    let installations: { id: number; suspended_at?: string | null }[];
    try {
      installations = await appOctokit.paginate("GET /app/installations", { per_page: 100 });
    } catch (error) {
      throw toGitHubError("GET /app/installations", error);
    }
    const ids = installations.filter((i) => !i.suspended_at).map((i) => i.id);
    for (const id of made.keys()) if (!ids.includes(id)) made.delete(id);
    return ids;
  };
  const access = (id: number): Promise<InstallationAccess> => {
    let promise = made.get(id);
    if (!promise) {
      promise = (async () => {
        const [octokit, identity] = await Promise.all([app.auth(id), opts.identity()]);
        budget.apply(octokit, id);
        return { id, github: createGitHubPort(octokit, identity), marks: new OctokitScheduleMarks(octokit, identity), seal: opts.seal };
      })();
      made.set(id, promise);
      promise.catch(() => made.delete(id));
    }
    return promise;
  };
  return async () => Promise.all((await cache.installations(list)).map(access));
}
