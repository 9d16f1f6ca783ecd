/**
 * Run coordination across replicas with one Redis command: `SET <prefix><key> <owner> NX PX <ttl>`.
 * Redis executes it atomically, so of all replicas asking for the same key only one gets "OK";
 * the key expires by itself after the ttl (no unlock step that a crash could skip).
 *
 * Client: ioredis 5, the client Probot itself loads when REDIS_URL is set (for its cluster-wide
 * throttling), so one REDIS_URL serves both. Commands fail after a couple of retries rather than
 * queueing forever when Redis is down; the `Scheduler` then skips that run (fail-closed, like
 * node-cron's `distributed` mode) and logs it, and the next due run tries again.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { closeRedis, connectRedis } from "./redis-connection.js";
import type { Logger } from "../use-cases/logger.js";
import type { RunCoordinator } from "./run-coordinator.js";

export const DEFAULT_KEY_PREFIX = "release-bot:run:";

export interface RedisCoordinatorOptions {
  /** redis://host:port/db; or pass an existing `client` (not closed by `close()`). */
  url?: string;
  client?: Redis;
  /** Prepended to every key. Default "release-bot:run:". */
  keyPrefix?: string;
  log?: Logger;
}

export class RedisCoordinator implements RunCoordinator {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;
  /** Stored as the key's value: which replica claimed the run, for whoever inspects Redis. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(opts: RedisCoordinatorOptions) {
    if (!opts.client && !opts.url) throw new Error("RedisCoordinator needs a url or a client");
    this.ownsClient = !opts.client;
    this.client = opts.client ?? connectRedis({ url: opts.url!, log: opts.log, what: "run coordinator" });
    this.keyPrefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
  }

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const reply = await this.client.set(this.keyPrefix + key, this.owner, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
    return reply === "OK";
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeRedis(this.client);
  }
}
