/**
 * The schedule record (schedule-record.ts) in Redis, shared by every replica:
 * - one key, `release-bot:schedule:covered-up-to`, holding epoch milliseconds;
 * - `cover` moves it forward only (a Lua script compares and sets atomically, so a replica with a
 *   lagging clock or a slow tick never moves it back), and keeps it for 30 days;
 * - one Redis command per finished tick; no GitHub request.
 *
 * `RecordedRedisCoordinator` is the run coordinator `createCoordinator` gives when REDIS_URL is
 * set: the `RedisCoordinator` (SET NX PX per due run) plus this record, over one connection.
 */
import { Redis } from "ioredis";
import type { Logger } from "../use-cases/logger.js";
import { RedisCoordinator } from "./redis-coordinator.js";
import type { ScheduleRecord } from "./schedule-record.js";

export const SCHEDULE_RECORD_KEY = "release-bot:schedule:covered-up-to";
export const SCHEDULE_RECORD_TTL_MS = 30 * 24 * 3_600_000;

const ADVANCE = `local current = tonumber(redis.call("GET", KEYS[1]) or "")
if current == nil or tonumber(ARGV[1]) > current then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  return 1
end
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return 0`;

export class RedisScheduleRecord implements ScheduleRecord {
  readonly durable = true;
  private readonly client: Redis;
  private readonly key: string;

  constructor(opts: { client: Redis; key?: string }) {
    this.client = opts.client;
    this.key = opts.key ?? SCHEDULE_RECORD_KEY;
  }

  async coveredUpTo(): Promise<Date | null> {
    const value = await this.client.get(this.key);
    const ms = value === null ? NaN : Number(value);
    return Number.isFinite(ms) ? new Date(ms) : null;
  }

  async cover(upTo: Date): Promise<void> {
    await this.client.eval(ADVANCE, 1, this.key, String(upTo.getTime()), String(SCHEDULE_RECORD_TTL_MS));
  }
}

/** The Redis run coordinator that also keeps the schedule record; owns (and closes) its connection. */
export class RecordedRedisCoordinator extends RedisCoordinator implements ScheduleRecord {
  readonly durable = true;
  private readonly connection: Redis;
  private readonly record: RedisScheduleRecord;

  constructor(opts: { url: string; keyPrefix?: string; recordKey?: string; log?: Logger }) {
    const connection = new Redis(opts.url, { maxRetriesPerRequest: 2, lazyConnect: true });
    connection.on("error", (error: Error) => opts.log?.warn({ err: error }, "scheduler: Redis connection error"));
    super({ client: connection, keyPrefix: opts.keyPrefix, log: opts.log });
    this.connection = connection;
    this.record = new RedisScheduleRecord({ client: connection, key: opts.recordKey });
  }

  coveredUpTo(): Promise<Date | null> {
    return this.record.coveredUpTo();
  }

  cover(upTo: Date): Promise<void> {
    return this.record.cover(upTo);
  }

  override async close(): Promise<void> {
    if (this.connection.status === "wait" || this.connection.status === "end") {
      this.connection.disconnect();
      return;
    }
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
