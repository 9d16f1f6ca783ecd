import type { Clock } from "../domain/types.js";
import type { MetadataSeal } from "../domain/metadata-seal.js";
import type { OpsRepoFilter } from "../domain/ops-repo-filter.js";
import type { AppIdentity } from "../github/app-identity.js";
import type { Notify } from "../use-cases/handle-deployment-status.js";
import type { Lock } from "../use-cases/keyed-lock.js";
import type { OpsConfigCache } from "../use-cases/ops-config-cache.js";
import type { ReleasePlanCache } from "../use-cases/release-plan-cache.js";

/** What the handlers share for the app's lifetime (created once in `createApp`). */
export interface AppDeps {
  lock: Lock;
  clock: Clock;
  /** Chat notifications on failed deploys; no url = none sent. */
  notify: { url?: string; send: Notify };
  /** The app's id and bot account (`GET /app`, asked once): what the bot wrote is told apart from what others wrote. */
  identity: () => Promise<AppIdentity>;
  /** Seals release metadata with the app's metadata key; none without a key (the merge then reads issues from git). */
  seal?: MetadataSeal;
  /** Which repositories may be ops repos (RELEASE_BOT_OPS_REPOS); others are never read or acted on as one. */
  opsRepos: OpsRepoFilter;
  /** The process's cache of installations and ops configs (invalidated by pushes and installation events); none: read each time. */
  configs?: OpsConfigCache;
  /** The release plans this process made, so a refresh after one build plans only that component again. */
  plans?: ReleasePlanCache;
}
