/**
 * Run coordination: N replicas of the app (or two schedulers in one test) see the same due run;
 * exactly one of them may run it. A run is named by a key (e.g. ops repo + environment + scheduled
 * instant), and `shouldRun(key, ttlMs)` answers true to the first caller only; the key is forgotten
 * after `ttlMs`, which must outlast the time other replicas may still see that run as due.
 *
 * The interface is node-cron 4.6's own `RunCoordinator` (`shouldRun(key, ttlMs)`, the hook of its
 * `distributed: true` option; a test checks that ours is assignable to it), so one coordinator
 * serves both. Implementations:
 * - `InProcessCoordinator` (default): one process, a map of keys with their expiry;
 * - `RedisCoordinator` (redis-coordinator.ts): across replicas, Redis `SET key value NX PX ttl`;
 *   `createCoordinator` gives it, with the schedule record (`RecordedRedisCoordinator`), when
 *   REDIS_URL is set.
 * Both keep the scheduler's record of covered time (schedule-record.ts): the in-process one in
 * memory (lost with the process), the Redis one in Redis (what makes missed runs run after downtime).
 */
import type { Logger } from "../use-cases/logger.js";
import { RecordedRedisCoordinator } from "./redis-schedule-record.js";
import { InMemoryScheduleRecord, type ScheduleRecord } from "./schedule-record.js";

export interface RunCoordinator {
  /** True for the first caller of `key` within `ttlMs`; false for everyone else. */
  shouldRun(key: string, ttlMs: number): Promise<boolean>;
  /** Releases connections, if any. */
  close?(): Promise<void>;
}

/** First caller per key wins; the key is forgotten `ttlMs` later (time from `now`, default the system clock). */
export class InProcessCoordinator implements RunCoordinator, ScheduleRecord {
  private readonly claims = new Map<string, number>();
  private readonly now: () => number;
  private readonly record = new InMemoryScheduleRecord();

  constructor(opts: { now?: () => number } = {}) {
    this.now = opts.now ?? Date.now;
  }

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    for (const [claimed, expiresAt] of this.claims) if (expiresAt <= now) this.claims.delete(claimed);
    if (this.claims.has(key)) return false;
    this.claims.set(key, now + Math.max(1, ttlMs));
    return true;
  }

  coveredUpTo(): Promise<Date | null> {
    return this.record.coveredUpTo();
  }

  cover(upTo: Date): Promise<void> {
    return this.record.cover(upTo);
  }
}

/** Redis (with the schedule record) when `redisUrl` is given (REDIS_URL), otherwise in-process. */
export function createCoordinator(opts: { redisUrl?: string; log?: Logger } = {}): RunCoordinator & ScheduleRecord {
  return opts.redisUrl ? new RecordedRedisCoordinator({ url: opts.redisUrl, log: opts.log }) : new InProcessCoordinator();
}
