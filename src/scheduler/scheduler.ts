/**
 * The scheduler: on every tick, ask what is due in the tick's window and run each due job once
 * across all replicas. It knows nothing of GitHub: `jobs(window)` (the app's wiring) reads the
 * installations' configs and returns one job per due run, e.g. with `dueEnvironments` and
 * `activeFreeze` from src/domain/schedule/.
 *
 * - Time comes from a `TickSource`: node-cron in production, the scenario clock in the demo/tests.
 * - A job runs only if `coordinator.shouldRun(job.key, ttl)` says so. Keys must name the run, not the
 *   tick (e.g. `release:<installation>:<owner/repo>:<env>:<dueAt ISO>`): replicas tick at slightly
 *   different moments, but they agree on what is due, so they ask for the same keys.
 * - The ttl (`job.ttlMs`, else `leaseMs`, default 24h) must outlast the time another replica may
 *   still see the run as due (normally one tick window).
 * - Jobs of one `group` (an installation) run one after another (GitHub wants one installation's
 *   writes serialized); groups run in parallel, `concurrency` at a time (default 4). A job's failure, a
 *   coordinator error (fail-closed: that run is skipped) or a `jobs()` failure is logged and
 *   never stops the other jobs or later ticks.
 *
 * Downtime (with a `record`, by default the coordinator's when it keeps one):
 * - after each tick whose jobs were listed and run, the record notes its `upTo` (covered time);
 * - on start, the first tick is a catch-up window from the recorded instant (at most `catchUpMs`,
 *   default a week, back) to the start: what was due while no scheduler ran, each schedule once at
 *   its newest instant; replicas starting together ask for the same run keys, so one runs it;
 * - a tick whose `jobs()` fails (GitHub unreachable) is not covered: the next tick reaches back to
 *   its start, so a run due then is not lost.
 * - with `catchUpByMarks` and no recorded instant (no Redis: the in-process record died with the
 *   last process), the catch-up window spans the whole horizon and is flagged `byMarks`: `jobs()`
 *   keeps the runs that the marks the runs left in GitHub show as missed.
 */
import pLimit from "p-limit";
import { catchUpWindow, DEFAULT_CATCH_UP_MS, widenedWindow } from "../domain/schedule/catch-up-window.js";
import type { Logger } from "../use-cases/logger.js";
import type { RunCoordinator } from "./run-coordinator.js";
import { scheduleRecordOf, type ScheduleRecord } from "./schedule-record.js";
import type { TickSource, TickWindow } from "./tick-source.js";

export interface ScheduledJob {
  /** Names the run across replicas; the coordinator lets one caller per key run it. */
  key: string;
  run: () => Promise<void>;
  /** How long the key stays claimed; default the scheduler's `leaseMs`. */
  ttlMs?: number;
  /** Jobs of one group run one after another; groups run in parallel. Default: one group for every job without one. */
  group?: string;
}

export interface SchedulerOptions {
  ticks: TickSource;
  coordinator: RunCoordinator;
  /** What is due in a window. Called once per tick. */
  jobs: (window: TickWindow) => Promise<ScheduledJob[]>;
  log: Logger;
  /** Default ttl of a claimed key. Default 24h. */
  leaseMs?: number;
  /** Where covered time is recorded; default the coordinator's own record, if it keeps one; null: none. */
  record?: ScheduleRecord | null;
  /** How far back a start (or a failed tick) is made up. Default a week. */
  catchUpMs?: number;
  /** With no recorded instant at start, catch up over the horizon by the runs' marks (`TickWindow.byMarks`). */
  catchUpByMarks?: boolean;
  /** How many job groups run at once. Default 4. */
  concurrency?: number;
}

export const DEFAULT_GROUP_CONCURRENCY = 4;

export const DEFAULT_LEASE_MS = 24 * 3_600_000;

export class Scheduler {
  private readonly opts: SchedulerOptions;
  private readonly record: ScheduleRecord | undefined;
  private started = false;
  /** Start of the oldest window whose jobs could not be listed since the last tick that could. */
  private uncoveredSince: Date | null = null;
  /** The catch-up window at start is to be judged by marks (no recorded instant). */
  private pendingByMarks = false;

  constructor(opts: SchedulerOptions) {
    this.opts = opts;
    this.record = opts.record === null ? undefined : (opts.record ?? scheduleRecordOf(opts.coordinator));
  }

  start(): void {
    if (this.started) throw new Error("Scheduler already started");
    this.started = true;
    const record = this.record;
    const byMarks = this.opts.catchUpByMarks === true;
    if (!record && !byMarks) {
      this.opts.ticks.start((window) => this.tick(window), {});
      return;
    }
    this.opts.ticks.start((window) => this.tick(window), {
      catchUpFrom: async (start) => {
        const coveredUpTo = record ? await record.coveredUpTo() : null;
        if (coveredUpTo || !byMarks) return catchUpWindow({ coveredUpTo, start, horizonMs: this.opts.catchUpMs })?.after ?? null;
        this.pendingByMarks = true;
        return new Date(start.getTime() - Math.max(0, this.opts.catchUpMs ?? DEFAULT_CATCH_UP_MS));
      },
    });
  }

  /** Stops the ticks and waits for the tick in progress. The coordinator stays open (its owner closes it). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.opts.ticks.stop();
  }

  /** One tick: what is due in `window`, each run once. Public so wiring can run a window on demand. */
  async tick(tickWindow: TickWindow): Promise<void> {
    const { log } = this.opts;
    const widened = widenedWindow({ window: tickWindow, uncoveredSince: this.uncoveredSince, horizonMs: this.opts.catchUpMs ?? DEFAULT_CATCH_UP_MS });
    const byMarks = this.pendingByMarks && widened.catchUp === true;
    if (byMarks) this.pendingByMarks = false;
    const window = byMarks ? { ...widened, byMarks: true } : widened;
    let jobs: ScheduledJob[];
    try {
      jobs = await this.opts.jobs(window);
    } catch (error) {
      this.uncoveredSince = window.after;
      // A start judged by marks that could not list its work is judged by marks again at the next tick.
      if (byMarks) this.pendingByMarks = true;
      log.error({ err: error, upTo: window.upTo.toISOString() }, "scheduler: could not list due jobs");
      return;
    }
    this.uncoveredSince = null;
    if (window.catchUp) log.info({ after: window.after.toISOString(), upTo: window.upTo.toISOString(), runs: jobs.length }, "scheduler: catching up on time no tick covered");
    const groups = new Map<string, ScheduledJob[]>();
    for (const job of jobs) groups.set(job.group ?? "", [...(groups.get(job.group ?? "") ?? []), job]);
    const limit = pLimit(this.opts.concurrency ?? DEFAULT_GROUP_CONCURRENCY);
    await Promise.all(
      [...groups.values()].map((group) =>
        limit(async () => {
          for (const job of group) await this.runOnce(job);
        }),
      ),
    );
    try {
      await this.record?.cover(window.upTo);
    } catch (error) {
      log.warn({ err: error, upTo: window.upTo.toISOString() }, "scheduler: could not record covered time");
    }
  }

  private async runOnce(job: ScheduledJob): Promise<void> {
    const { log, coordinator } = this.opts;
    let elected: boolean;
    try {
      elected = await coordinator.shouldRun(job.key, job.ttlMs ?? this.opts.leaseMs ?? DEFAULT_LEASE_MS);
    } catch (error) {
      log.error({ err: error, key: job.key }, "scheduler: run coordinator failed; run skipped");
      return;
    }
    if (!elected) {
      log.info({ key: job.key }, "scheduler: run claimed elsewhere");
      return;
    }
    try {
      log.info({ key: job.key }, "scheduler: running");
      await job.run();
    } catch (error) {
      log.error({ err: error, key: job.key }, "scheduler: run failed");
    }
  }
}
