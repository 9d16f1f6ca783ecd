import type { Probot } from "probot";
import { listInstallations } from "../github/installations.js";
import type { RunCoordinator } from "../scheduler/run-coordinator.js";
import { scheduleRecordOf } from "../scheduler/schedule-record.js";
import { Scheduler } from "../scheduler/scheduler.js";
import type { TickSource } from "../scheduler/tick-source.js";
import { scheduledJobs } from "../use-cases/scheduled-jobs.js";
import type { AppDeps } from "./app-deps.js";

/** The time-driven entry point: scheduled releases and promotions, deploy-timeout sweeps and reconciliation, for every installation. */
export function scheduleReleases(app: Probot, deps: AppDeps, opts: { ticks: TickSource; coordinator: RunCoordinator }): Scheduler {
  const log = app.log.child({ name: "scheduler" });
  let starting = true;
  // Without a durable record (Redis), the scheduled runs leave marks in GitHub, and a start catches up by them.
  const markRuns = scheduleRecordOf(opts.coordinator)?.durable !== true;
  const scheduler = new Scheduler({
    ticks: opts.ticks,
    coordinator: opts.coordinator,
    log,
    catchUpByMarks: true,
    jobs: async (window) => {
      const jobs = await scheduledJobs({
        installations: async () => listInstallations(app, await deps.identity(), deps.seal),
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
