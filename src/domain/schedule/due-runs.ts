/**
 * When a cron schedule fires, computed from explicit instants (never the wall clock), so the
 * sandbox's scenario clock and tests can ask about any moment.
 *
 * croner does the calendar work in the schedule's IANA time zone, DST-correct:
 * - a local time skipped by the spring-forward change (02:30 on Europe/Rome's last Sunday of March)
 *   still runs that day, at 03:30 local;
 * - a local time that happens twice at the fall-back change (02:30 on the last Sunday of October)
 *   runs once, at its second occurrence (02:30 CET);
 * - every other local time stays put (09:00 stays 09:00 local across both changes).
 *
 * Windows are half-open, (after, upTo]: consecutive windows (t0, t1], (t1, t2] never see an instant twice.
 * Invalid expressions or time zones throw (config checks report them to people first).
 */
import { Cron } from "croner";

export interface CronInZone {
  /** 5-field cron expression. */
  cron: string;
  /** IANA time zone the expression reads in. */
  timezone: string;
}

export interface DueRunsOptions extends CronInZone {
  /** Exclusive start of the window. */
  after: Date;
  /** Inclusive end of the window. */
  upTo: Date;
}

function cronOf({ cron, timezone }: CronInZone): Cron {
  return new Cron(cron, { timezone, paused: true });
}

/** The first instant strictly after `after` at which the schedule fires; null when it never does again. */
export function nextRun(opts: CronInZone & { after: Date }): Date | null {
  return cronOf(opts).nextRun(opts.after);
}

/** Every instant in (after, upTo] at which the schedule fires, oldest first. */
export function dueRuns(opts: DueRunsOptions): Date[] {
  const job = cronOf(opts);
  const runs: Date[] = [];
  for (let run = job.nextRun(opts.after); run && run <= opts.upTo; run = job.nextRun(run)) runs.push(run);
  return runs;
}

/**
 * The newest instant in (after, upTo] at which the schedule fires, or null. Looks back from `upTo`
 * in doubling steps, so a window of months costs a few dozen computations, not one per run.
 */
export function latestRun(opts: DueRunsOptions): Date | null {
  const job = cronOf(opts);
  const after = opts.after.getTime();
  const upTo = opts.upTo.getTime();
  if (upTo <= after) return null;
  for (let lookBack = 60_000; ; lookBack *= 2) {
    const from = Math.max(after, upTo - lookBack);
    let latest: Date | null = null;
    for (let run = job.nextRun(new Date(from)); run && run.getTime() <= upTo; run = job.nextRun(run)) latest = run;
    if (latest || from === after) return latest;
  }
}
