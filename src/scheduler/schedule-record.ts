/**
 * The scheduler's durable record: up to which instant scheduled time has been covered, that is,
 * the newest tick window any replica finished listing and running. A starting scheduler reads it
 * to find the time nobody looked at (downtime) and runs what was missed there (catch-up-window.ts).
 *
 * It lives where the run coordinator lives, so one REDIS_URL gives both and every replica shares
 * it: `RecordedRedisCoordinator` (redis-schedule-record.ts) keeps it in Redis. The in-process
 * coordinator keeps it in memory, which dies with the process: without Redis a fresh process has
 * no record, and its catch-up is judged by the marks the runs leave in GitHub instead
 * (src/github/schedule-marks.ts; a test may share one coordinator across bot restarts to stand for Redis).
 */
export interface ScheduleRecord {
  /** True when the record outlives the process (Redis); the scheduled runs then leave no marks in GitHub. */
  readonly durable?: boolean;
  /** The newest instant covered by a finished tick, or null when none is recorded. */
  coveredUpTo(): Promise<Date | null>;
  /** Records that scheduled time up to `upTo` was covered; never moves the record backwards. */
  cover(upTo: Date): Promise<void>;
}

/** The coordinator's record, when it keeps one. */
export function scheduleRecordOf(coordinator: object): ScheduleRecord | undefined {
  const candidate = coordinator as Partial<ScheduleRecord>;
  return typeof candidate.coveredUpTo === "function" && typeof candidate.cover === "function" ? (candidate as ScheduleRecord) : undefined;
}

/** A record in this process's memory (the in-process coordinator's). */
export class InMemoryScheduleRecord implements ScheduleRecord {
  readonly durable = false;
  private covered: number | null = null;

  async coveredUpTo(): Promise<Date | null> {
    return this.covered === null ? null : new Date(this.covered);
  }

  async cover(upTo: Date): Promise<void> {
    this.covered = Math.max(this.covered ?? -Infinity, upTo.getTime());
  }
}
