import { releaseBranch } from "../domain/plan-release.js";
import type { GitHubPort } from "../github/github-port.js";
import type { ReleasePlanCache } from "./release-plan-cache.js";
import type { MetadataSeal } from "../domain/metadata-seal.js";
import type { Lock } from "./keyed-lock.js";
import { asHeld, type LoadedConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { releaseEnvironment } from "./release-environment.js";
import type { ReleaseOutcome } from "./apply-release.js";
import { describeError } from "./describe-error.js";
import { isTransientFailure } from "./read-failed.js";

/**
 * Rebuilds the open release PR of each given environment (only those that have one); an
 * environment's failure is logged and never stops the others. A failed read leaves the PR
 * exactly as it was (release-environment.ts abandons before writing).
 */
export async function refreshOpenReleases(opts: {
  github: GitHubPort;
  now: Date;
  lock: Lock;
  loaded: LoadedConfig;
  environments: string[];
  log: Logger;
  /** Seals the release metadata (see metadata-seal.ts). */
  seal?: MetadataSeal;
  /** Plans this process keeps (release-plan-cache.ts). */
  plans?: ReleasePlanCache;
  /** The components a build event was of: only they are planned again while a kept plan is current. */
  only?: string[];
}): Promise<ReleaseOutcome[]> {
  const { github, loaded } = opts;
  const outcomes: ReleaseOutcome[] = [];
  for (const environment of opts.environments) {
    try {
      // The load's snapshot lists the release branches and their open PRs; without it, ask.
      const seen = loaded.snapshot?.branches;
      const open = seen ? (seen[releaseBranch(environment)]?.pulls[0] ?? null) : await github.pulls.findOpenPull({ repo: loaded.ops.repo, head: releaseBranch(environment) });
      if (!open) continue;
      const outcome = await opts.lock.run(`${loaded.ops.repo}:${environment}`, (held) =>
        releaseEnvironment({ github, loaded: asHeld(loaded, held), environment, now: opts.now, seal: opts.seal, plans: opts.plans, only: opts.only }),
      );
      opts.log.info({ repo: loaded.ops.repo, environment, outcome: outcome.kind }, outcome.message);
      outcomes.push(outcome);
    } catch (error) {
      if (isTransientFailure(error)) {
        // Abandoned before any write: the PR stays as it was; the next trigger (or the reconciler) refreshes it.
        opts.log.warn({ repo: loaded.ops.repo, environment, err: error }, `refreshing release-${environment} abandoned, it will be retried: ${describeError(error)}`);
        continue;
      }
      opts.log.error({ repo: loaded.ops.repo, environment, err: error }, `refreshing release-${environment} failed`);
    }
  }
  return outcomes;
}
