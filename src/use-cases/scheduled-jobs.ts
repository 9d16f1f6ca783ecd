import type { OpsRepoFilter } from "../domain/ops-repo-filter.js";
import { DEFAULT_CATCH_UP_MS } from "../domain/schedule/catch-up-window.js";
import { activeFreeze } from "../domain/schedule/freeze.js";
import { dueEnvironments } from "../domain/schedule/due-environments.js";
import type { InstallationAccess } from "../github/installations.js";
import type { ScheduledJob } from "../scheduler/scheduler.js";
import type { TickWindow } from "../scheduler/tick-source.js";
import type { Lock } from "./keyed-lock.js";
import pLimit from "p-limit";
import { asHeld, loadOpsConfig, parseOpsConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { releaseEnvironment } from "./release-environment.js";
import { sweepDeployTimeouts } from "./sweep-deploy-timeouts.js";
import type { Notify } from "./handle-deployment-status.js";
import { reconcileOpsRepo } from "./reconcile-ops-repo.js";
import { isTransientFailure } from "./read-failed.js";

/** Installations whose due work is listed, and run, at once. */
export const INSTALLATION_CONCURRENCY = 4;

/** Deploy timeouts are swept when a tick crosses a multiple of this. */
export const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * How long a scheduled release's run key stays claimed: past the catch-up horizon, so a replica
 * catching up after downtime never re-runs a run another replica already ran.
 */
export const RELEASE_KEY_TTL_MS = DEFAULT_CATCH_UP_MS + 24 * 3_600_000;

/**
 * What is due in a tick window, for every installation and every ops repo it can see: one job per
 * scheduled environment run (keyed by the run, so replicas agree), and a deploy-timeout sweep
 * every five minutes. Configs come from `configs` (the process's cache, invalidated by pushes and installation
 * events: an idle tick makes no request) and are parsed once per content. Installations are listed in parallel,
 * `concurrency` at a time, and each installation's jobs form one group (`ScheduledJob.group`). An installation or repo that fails is logged and skipped; the others still get their jobs.
 * A catch-up window (time no tick covered: downtime) yields each environment's newest missed run,
 * run now: it is skipped when frozen at its due time or now.
 *
 * Without Redis (`markRuns`), every scheduled run leaves a mark in GitHub once done (or skipped in
 * a freeze), and a start's catch-up window (`byMarks`, see tick-source.ts) keeps the runs those
 * marks show as missed: one read per ops repo with a schedule, at start only.
 */
export async function scheduledJobs(opts: {
  installations: () => Promise<InstallationAccess[]>;
  /** The config text of each ops repo of an installation (cached: ops-config-cache.ts). */
  configs: (installation: InstallationAccess) => Promise<Record<string, string>>;
  /** How many installations' configs are read at once; default INSTALLATION_CONCURRENCY. */
  concurrency?: number;
  window: TickWindow;
  lock: Lock;
  log: Logger;
  opsRepos: OpsRepoFilter;
  /** Chat notifications of the failure path, when the reconciler finishes one. */
  notify: { url?: string; send: Notify };
  /** This process's first tick: reconcile at once, whatever the slot. */
  starting?: boolean;
  /** Leave a mark in GitHub after each scheduled run: the record of a bot without Redis. */
  markRuns?: boolean;
}): Promise<ScheduledJob[]> {
  const { window, log } = opts;
  const sweepSlot = Math.floor(window.upTo.getTime() / SWEEP_EVERY_MS);
  const sweeping = opts.starting === true || sweepSlot > Math.floor(window.after.getTime() / SWEEP_EVERY_MS);
  const limit = pLimit(opts.concurrency ?? INSTALLATION_CONCURRENCY);
  const perInstallation = await Promise.all(
    (await opts.installations()).map((installation) =>
      limit(async (): Promise<ScheduledJob[]> => {
        const jobs: ScheduledJob[] = [];
        try {
          const configs = await opts.configs(installation);
          for (const [repo, text] of Object.entries(configs)) {
            try {
              jobs.push(...(await repoJobs({ installation, repo, text, window, sweepSlot: sweeping ? sweepSlot : null, lock: opts.lock, log, notify: opts.notify, markRuns: opts.markRuns === true })));
            } catch (error) {
              // GitHub's trouble reading the marks: the whole window is listed again at the next tick, marks and all.
              if (error instanceof MarksUnreadable) throw error;
              // One ops repo's config never costs another its schedule (its problems reach it on its push).
              log.error({ err: error, installation: installation.id, repo }, "planning this ops repo's scheduled work failed; the other ops repos go on");
            }
          }
        } catch (error) {
          if (error instanceof MarksUnreadable) throw error.cause;
          log.error({ err: error, installation: installation.id }, "reading this installation's ops repos failed; other installations go on");
        }
        // One group per installation: the scheduler runs groups in parallel (bounded), a group's jobs one after another.
        return jobs.map((job) => ({ ...job, group: `installation:${installation.id}` }));
      }),
    ),
  );
  return perInstallation.flat();
}

/** Reading an ops repo's marks failed transiently: the window cannot be judged now. */
class MarksUnreadable extends Error {}

/** One ops repo's jobs in the window: its due scheduled releases, and a deploy-timeout sweep when one is due. */
async function repoJobs(opts: {
  installation: InstallationAccess;
  repo: string;
  text: string;
  window: TickWindow;
  sweepSlot: number | null;
  lock: Lock;
  log: Logger;
  notify: { url?: string; send: Notify };
  markRuns: boolean;
}): Promise<ScheduledJob[]> {
  const { installation, repo, window, log } = opts;
  const { config } = parseOpsConfig({ text: opts.text });
  let due = dueEnvironments({ config, after: window.after, upTo: window.upTo });
  if (window.byMarks && due.length > 0) due = await missedByMarks({ installation, repo, due, log });
  const jobs: ScheduledJob[] = due.map((run) => ({
    key: `release:${installation.id}:${repo}:${run.environment}:${run.dueAt.toISOString()}`,
    ttlMs: RELEASE_KEY_TTL_MS,
    run: () =>
      scheduledRelease({ installation, repo, environment: run.environment, dueAt: run.dueAt, late: window.catchUp ? window.upTo : null, lock: opts.lock, log, markRuns: opts.markRuns }),
  }));
  if (opts.sweepSlot !== null) {
    // Every five minutes, and on start: deploy timeouts, then finishing what was interrupted (a crash, a lost delivery).
    jobs.push({
      key: `sweep:${installation.id}:${repo}:${opts.sweepSlot}`,
      run: async () => {
        const loaded = await loadOpsConfig({ github: installation.github, repo });
        if (!loaded) return;
        await sweepDeployTimeouts({ github: installation.github, loaded, now: window.upTo });
        await reconcileOpsRepo({ github: installation.github, loaded, now: window.upTo, lock: opts.lock, log, notify: opts.notify, seal: installation.seal });
      },
    });
  }
  return jobs;
}

/**
 * The due runs of a start's catch-up window that the marks show as missed: an environment whose
 * newest mark is older than its due run. One with no mark has never run under this record, so
 * nothing is made up for it.
 */
async function missedByMarks(opts: { installation: InstallationAccess; repo: string; due: { environment: string; dueAt: Date }[]; log: Logger }) {
  let lastRuns: Record<string, Date>;
  try {
    lastRuns = await opts.installation.marks.lastRuns(opts.repo);
  } catch (error) {
    if (isTransientFailure(error)) throw new MarksUnreadable("marks unreadable", { cause: error });
    opts.log.warn({ err: error, repo: opts.repo }, "the scheduled runs' marks could not be read: no missed run is made up for this ops repo");
    return [];
  }
  return opts.due.filter((run) => {
    const last = lastRuns[run.environment];
    return last !== undefined && last.getTime() < run.dueAt.getTime();
  });
}

/** `late`: when a missed run (found by a catch-up window) runs, instead of at `dueAt`. */
async function scheduledRelease(opts: {
  installation: InstallationAccess;
  repo: string;
  environment: string;
  dueAt: Date;
  late: Date | null;
  lock: Lock;
  log: Logger;
  markRuns: boolean;
}): Promise<void> {
  const { installation, repo, environment, dueAt, late, log } = opts;
  const loaded = await loadOpsConfig({ github: installation.github, repo });
  if (!loaded || !loaded.parsed.config.environments[environment]) return;
  const done = async () => {
    if (!opts.markRuns) return;
    try {
      await installation.marks.mark({ repo, environment, dueAt, sha: loaded.ops.head });
    } catch (error) {
      log.warn({ err: error, repo, environment, dueAt: dueAt.toISOString() }, "the scheduled run's mark could not be written: after a restart, this run may run again");
    }
  };
  const config = loaded.parsed.config;
  for (const at of late ? [dueAt, late] : [dueAt]) {
    const freeze = activeFreeze({ freeze: config.freeze ?? [], environment, at, timezone: config.timezone });
    if (freeze) {
      log.info({ repo, environment, dueAt: dueAt.toISOString() }, `scheduled release skipped: frozen until ${freeze.endsAt.toISOString()} (${freeze.window})`);
      await done();
      return;
    }
  }
  const now = late ?? dueAt;
  const outcome = await opts.lock.run(`${repo}:${environment}`, (held) =>
    releaseEnvironment({ github: installation.github, loaded: asHeld(loaded, held), environment, now, seal: installation.seal }),
  );
  const missed = late ? ` (missed at ${dueAt.toISOString()} while no scheduler ran; run on return)` : "";
  log.info({ repo, environment, dueAt: dueAt.toISOString(), late: late?.toISOString(), outcome: outcome.kind }, `scheduled release${missed}: ${outcome.message}`);
  // A run that failed (GitHub's trouble) threw before here and leaves no mark: it is not done.
  await done();
}
