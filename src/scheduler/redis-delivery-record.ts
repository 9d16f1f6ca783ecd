/**
 * The delivery record across replicas (see src/use-cases/delivery-record.ts), in Redis:
 * - claim: `SET <prefix><id> in-progress:<token> NX PX <15 min>`: of all replicas receiving copies
 *   of one delivery, one gets "OK";
 * - done: the claimer swaps its value for `done` with a TTL of 3 days (a script checks the token);
 * - release: the claimer deletes its claim (same check), so a redelivery is processed.
 *
 * Connection handling is the run coordinator's (redis-coordinator.ts): ioredis with a couple of
 * retries per command, connection errors logged. When Redis cannot be reached, the copies this
 * process receives are still deduplicated in memory (and the failure is logged): a delivery is
 * never dropped because Redis is down.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { closeRedis, connectRedis } from "./redis-connection.js";
import { DONE_TTL_MS, IN_PROGRESS_TTL_MS, InMemoryDeliveryRecord, type Claim, type DeliveryRecord } from "../use-cases/delivery-record.js";
import type { Logger } from "../use-cases/logger.js";

export const DELIVERY_KEY_PREFIX = "release-bot:delivery:";

/** Sets KEYS[1] to ARGV[2] with ttl ARGV[3] (or deletes it when ARGV[2] is empty), only while it holds ARGV[1]. */
const SWAP_IF_OWNED = `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == "" then return redis.call("DEL", KEYS[1]) end
redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3]) return 1`;

export class RedisDeliveryRecord implements DeliveryRecord {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;
  private readonly log?: Logger;
  private readonly fallback = new InMemoryDeliveryRecord();
  /** Claims made by the fallback while Redis was unreachable. */
  private readonly local = new Set<string>();

  constructor(opts: { url?: string; client?: Redis; keyPrefix?: string; log?: Logger }) {
    if (!opts.client && !opts.url) throw new Error("RedisDeliveryRecord needs a url or a client");
    this.ownsClient = !opts.client;
    this.client = opts.client ?? connectRedis({ url: opts.url!, log: opts.log, what: "delivery record" });
    this.keyPrefix = opts.keyPrefix ?? DELIVERY_KEY_PREFIX;
    this.log = opts.log;
  }

  async begin(id: string): Promise<Claim> {
    try {
      const token = `in-progress:${randomUUID()}`;
      if ((await this.client.set(this.keyPrefix + id, token, "PX", IN_PROGRESS_TTL_MS, "NX")) === "OK") return { claimed: true, token };
      const state = await this.client.get(this.keyPrefix + id);
      // Expired between the two commands: claim again.
      if (state === null) return this.begin(id);
      return { claimed: false, state: state === "done" ? "done" : "in-progress" };
    } catch (error) {
      this.log?.warn({ err: error, delivery: id }, "delivery record: Redis unavailable; copies are deduplicated in this process only");
      const claim = await this.fallback.begin(id);
      if (claim.claimed) this.local.add(claim.token);
      return claim;
    }
  }

  async finish(id: string, token: string): Promise<void> {
    await this.swap(id, token, "done", DONE_TTL_MS);
  }

  async release(id: string, token: string): Promise<void> {
    await this.swap(id, token, "", 0);
  }

  private async swap(id: string, token: string, value: string, ttlMs: number): Promise<void> {
    if (this.local.delete(token)) {
      await (value ? this.fallback.finish(id, token) : this.fallback.release(id, token));
      return;
    }
    try {
      await this.client.eval(SWAP_IF_OWNED, 1, this.keyPrefix + id, token, value, String(ttlMs));
    } catch (error) {
      // The claim then expires by itself (IN_PROGRESS_TTL_MS).
      this.log?.warn({ err: error, delivery: id }, `delivery record: could not mark delivery ${id} ${value || "released"} in Redis`);
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeRedis(this.client);
  }
}

/** Redis when `redisUrl` is given (REDIS_URL), so all replicas share it; otherwise this process's memory. */
export function createDeliveryRecord(opts: { redisUrl?: string; log?: Logger } = {}): DeliveryRecord {
  return opts.redisUrl ? new RedisDeliveryRecord({ url: opts.redisUrl, log: opts.log }) : new InMemoryDeliveryRecord();
}
