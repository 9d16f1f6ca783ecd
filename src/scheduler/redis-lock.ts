/**
 * The per-environment lock across replicas (REDIS_URL), with KeyedLock's bounds and errors:
 * - acquire: `SET <prefix><key> <token> NX PX <lease>`; of all replicas asking, one gets "OK". The
 *   others poll with backoff (jittered, capped) and give up after `maxWaitMs` with the same
 *   `LockWaitTimeoutError` (transient: the command says it will be retried);
 * - hold: the lease (default 30 s) is renewed by the holder while its work runs, by a script that
 *   checks the token, and never past `maxHoldMs`: a holder still running then loses the lock
 *   (logged), and a crashed holder frees the key within one lease;
 * - release: a script deletes the key only while it still holds this holder's token, so a holder
 *   whose lease expired can never release the next holder's lock.
 *
 * When Redis cannot be reached the work does not run unlocked: it fails with a transient
 * `LockUnavailableError`, and is retried like any transient failure.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { closeRedis, connectRedis } from "./redis-connection.js";
import { DEFAULT_MAX_HOLD_MS, DEFAULT_MAX_WAIT_MS, KeyedLock, LockWaitTimeoutError, seconds, type Lock, type LockHeld } from "../use-cases/keyed-lock.js";
import type { Logger } from "../use-cases/logger.js";

export const LOCK_KEY_PREFIX = "release-bot:lock:";
/** How long a crashed holder keeps its key. */
export const DEFAULT_LEASE_MS = 30_000;

/** Deletes KEYS[1] only while it holds ARGV[1]. */
const RELEASE_IF_OWNED = `if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("SET", KEYS[2], ARGV[2], "PX", ARGV[3]) return redis.call("DEL", KEYS[1]) end return 0`;
/** How far replicas' clocks may be apart, as far as a release time read from another replica goes. */
const CLOCK_SKEW_MS = 2_000;
/** How long a key's last release time is kept in Redis. */
const RELEASED_AT_TTL_MS = 3_600_000;
/** Sets KEYS[1]'s ttl to ARGV[2] ms only while it holds ARGV[1]. */
const RENEW_IF_OWNED = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end return 0`;

export class LockUnavailableError extends Error {
  readonly transient = true as const;

  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super(`the lock on ${key} could not be taken (Redis unavailable: ${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = "LockUnavailableError";
  }
}

export interface RedisLockOptions {
  /** redis://host:port/db; or pass an existing `client` (not closed by `close()`). */
  url?: string;
  client?: Redis;
  /** Prepended to every key. Default "release-bot:lock:". */
  keyPrefix?: string;
  maxWaitMs?: number;
  maxHoldMs?: number;
  /** TTL of the key between renewals. Default 30 s (at most maxHoldMs). */
  leaseMs?: number;
  /** First and longest pause between two tries while another holder has the key. Default 20 ms, 500 ms. */
  pollMs?: { min: number; max: number };
  log?: Logger;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisLock implements Lock {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;
  private readonly maxWaitMs: number;
  private readonly maxHoldMs: number;
  private readonly leaseMs: number;
  private readonly pollMs: { min: number; max: number };
  private readonly log?: Logger;

  constructor(opts: RedisLockOptions) {
    if (!opts.client && !opts.url) throw new Error("RedisLock needs a url or a client");
    this.ownsClient = !opts.client;
    this.client = opts.client ?? connectRedis({ url: opts.url!, log: opts.log, what: "lock" });
    this.keyPrefix = opts.keyPrefix ?? LOCK_KEY_PREFIX;
    this.maxWaitMs = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.maxHoldMs = opts.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
    this.leaseMs = Math.max(1, Math.min(opts.leaseMs ?? DEFAULT_LEASE_MS, this.maxHoldMs));
    this.pollMs = opts.pollMs ?? { min: 20, max: 500 };
    this.log = opts.log;
  }

  async run<T>(key: string, work: (held: LockHeld) => Promise<T>): Promise<T> {
    const redisKey = this.keyPrefix + key;
    const token = randomUUID();
    await this.acquire(key, redisKey, token);
    // When another replica (or this one) last let go of the key: what the holder read before then may be stale.
    const releasedAt = await this.client.get(releasedKey(redisKey)).catch(() => null);
    const started = Date.now();
    const holdEnds = started + this.maxHoldMs;
    let renewTimer: NodeJS.Timeout | undefined;
    let done = false;
    const renew = async () => {
      const left = holdEnds - Date.now();
      if (done) return;
      if (left <= 0) {
        this.log?.warn({ key, heldMs: Date.now() - started }, `lock ${key} held longer than ${seconds(this.maxHoldMs)}: released so the next work can start (the overdue work goes on unlocked)`);
        await this.release(key, redisKey, token);
        return;
      }
      try {
        const renewed = await this.client.eval(RENEW_IF_OWNED, 1, redisKey, token, String(Math.min(this.leaseMs, left)));
        if (renewed !== 1) {
          this.log?.warn({ key }, `lock ${key} was lost (its lease expired before it was renewed): the work goes on unlocked`);
          return;
        }
      } catch (error) {
        this.log?.warn({ err: error, key }, `lock ${key}: could not renew its lease in Redis; trying again`);
      }
      schedule();
    };
    const schedule = () => {
      if (done) return;
      const left = holdEnds - Date.now();
      renewTimer = setTimeout(() => void renew(), Math.max(0, Math.min(this.leaseMs / 3, left)));
      renewTimer.unref();
    };
    // The first lease already runs up to min(lease, maxHold).
    schedule();
    try {
      // Replicas' clocks differ a little: the release is taken as a little later than its holder's clock said.
      return await work(releasedAt && Number(releasedAt) > 0 ? { lastReleasedAt: Number(releasedAt) + CLOCK_SKEW_MS } : {});
    } finally {
      done = true;
      clearTimeout(renewTimer);
      await this.release(key, redisKey, token);
    }
  }

  private async acquire(key: string, redisKey: string, token: string): Promise<void> {
    const deadline = Date.now() + this.maxWaitMs;
    let pause = this.pollMs.min;
    for (;;) {
      let reply: string | null;
      try {
        reply = await this.client.set(redisKey, token, "PX", this.leaseMs, "NX");
      } catch (error) {
        throw new LockUnavailableError(key, error);
      }
      if (reply === "OK") return;
      const left = deadline - Date.now();
      if (left <= 0) throw new LockWaitTimeoutError(key, this.maxWaitMs);
      // Jittered so that replicas waiting on one key do not ask in step.
      await sleep(Math.min(left, pause * (0.5 + Math.random() / 2)));
      pause = Math.min(this.pollMs.max, pause * 2);
    }
  }

  private async release(key: string, redisKey: string, token: string): Promise<void> {
    try {
      await this.client.eval(RELEASE_IF_OWNED, 2, redisKey, releasedKey(redisKey), token, String(Date.now()), String(RELEASED_AT_TTL_MS));
    } catch (error) {
      // The key then expires by itself within one lease.
      this.log?.warn({ err: error, key }, `lock ${key}: could not release it in Redis (it expires within ${seconds(this.leaseMs)})`);
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeRedis(this.client);
  }
}

/** Redis when `redisUrl` is given (REDIS_URL), so all replicas share it; otherwise this process's KeyedLock. */
export function createLock(opts: { redisUrl?: string; log?: Logger } = {}): Lock {
  return opts.redisUrl ? new RedisLock({ url: opts.redisUrl, log: opts.log }) : new KeyedLock({ log: opts.log });
}

const releasedKey = (redisKey: string): string => `${redisKey}:released-at`;
