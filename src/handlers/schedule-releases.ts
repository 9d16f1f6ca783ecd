import type { Probot } from "probot";
import type { ContentBudget } from "../github/content-budget.js";
import { installationDirectory } from "../github/installation-directory.js";
import type { OpsConfigCache } from "../use-cases/ops-config-cache.js";
import type { RunCoordinator } from "../scheduler/run-coordinator.js";
import { scheduleRecordOf } from "../scheduler/schedule-record.js";
import { Scheduler } from "../scheduler/scheduler.js";
import type { TickSource } from "../scheduler/tick-source.js";
import { scheduledJobs } from "../use-cases/scheduled-jobs.js";
import type { AppDeps } from "./app-deps.js";

/** The time-driven entry point: scheduled releases and promotions, deploy-timeout sweeps and reconciliation, for every installation. */
export function scheduleReleases(app: Probot, deps: AppDeps, opts: { ticks: TickSource; coordinator: RunCoordinator; configs: OpsConfigCache; budget: ContentBudget }): Scheduler {
  const log = app.log.child({ name: "scheduler" });
  let starting = true;
  // Without a durable record (Redis), the scheduled runs leave marks in GitHub, and a start catches up by them.
  const markRuns = scheduleRecordOf(opts.coordinator)?.durable !== true;
  // Installations and their ops repos' configs come from the process's cache: an idle tick asks GitHub nothing.
  const installations = installationDirectory({ app, identity: deps.identity, seal: deps.seal, cache: opts.configs, budget: opts.budget });
  const scheduler = new Scheduler({
    ticks: opts.ticks,
    coordinator: opts.coordinator,
    log,
    catchUpByMarks: true,
    jobs: async (window) => {
      const jobs = await scheduledJobs({
        installations,
        configs: (installation) => opts.configs.configs({ installationId: installation.id, github: installation.github, opsRepos: deps.opsRepos }),
        window,
        lock: deps.lock,
        log,
        opsRepos: deps.opsRepos,
        notify: deps.notify,
        starting,
        markRuns,
      });
      // Reconciling "on start" stays pending until a tick could list the work.
      starting = false;
      return jobs;
    },
  });
  scheduler.start();
  return scheduler;
}
