/**
 * Serializes work per key (e.g. "acme/ops:staging"), so two triggers for the same release never
 * interleave their reads and writes. `Lock` is what the use cases need; `KeyedLock` is the
 * in-process one (one instance per app), `RedisLock` (src/scheduler/redis-lock.ts) the one shared
 * by replicas when REDIS_URL is set.
 *
 * Both sides are bounded: a waiter gives up after `maxWaitMs` with a `LockWaitTimeoutError` (a
 * transient failure: the command says it will be retried), and a holder still running after
 * `maxHoldMs` loses the lock (logged) so one hung piece of work never blocks its key for good.
 * The request policy's timeouts keep a holder well within the bound in practice.
 */
import type { Logger } from "./logger.js";

/** A release touches a few dozen requests of at most 30 s × 3 attempts each when GitHub is slow. */
export const DEFAULT_MAX_HOLD_MS = 5 * 60_000;
/** Long enough to outlast the holder ahead and one more. */
export const DEFAULT_MAX_WAIT_MS = 2 * DEFAULT_MAX_HOLD_MS;

/** What the holder learns as it gets the lock. */
export interface LockHeld {
  /** When (epoch ms) the key's lock was last released, as far as the lock knows: what was read before then may be stale. */
  lastReleasedAt?: number;
}

/** Runs `work` while holding `key`'s lock; throws `LockWaitTimeoutError` when it could not get it in time. */
export interface Lock {
  run<T>(key: string, work: (held: LockHeld) => Promise<T>): Promise<T>;
  /** Releases what the lock holds outside the process (a Redis connection). */
  close?(): Promise<void>;
}

/** Keys whose last release time is remembered. */
const RELEASES_KEPT = 1000;

export const seconds = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`);

export class LockWaitTimeoutError extends Error {
  readonly transient = true as const;

  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`other work on ${key} was still running after ${seconds(waitedMs)} of waiting, so this one gave up`);
    this.name = "LockWaitTimeoutError";
  }
}

export class KeyedLock implements Lock {
  private readonly tails = new Map<string, Promise<void>>();
  /** Per key, when its lock was last released (bounded: the oldest go first). */
  private readonly released = new Map<string, number>();
  private readonly maxWaitMs: number;
  private readonly maxHoldMs: number;
  private readonly log?: Logger;

  constructor(opts: { maxWaitMs?: number; maxHoldMs?: number; log?: Logger } = {}) {
    this.maxWaitMs = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.maxHoldMs = opts.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
    this.log = opts.log;
  }

  async run<T>(key: string, work: (held: LockHeld) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // The next one in line waits for everyone ahead, and for this one.
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });

    let waitTimer: NodeJS.Timeout | undefined;
    const acquired = await Promise.race([
      previous.then(() => true),
      new Promise<false>((resolve) => (waitTimer = setTimeout(() => resolve(false), this.maxWaitMs))),
    ]);
    clearTimeout(waitTimer);
    if (!acquired) {
      release();
      throw new LockWaitTimeoutError(key, this.maxWaitMs);
    }

    const started = Date.now();
    const holdTimer = setTimeout(() => {
      this.log?.warn({ key, heldMs: Date.now() - started }, `lock ${key} held longer than ${seconds(this.maxHoldMs)}: released so the next work can start (the overdue work goes on unlocked)`);
      release();
    }, this.maxHoldMs);
    holdTimer.unref();
    try {
      return await work({ lastReleasedAt: this.released.get(key) });
    } finally {
      clearTimeout(holdTimer);
      this.released.delete(key);
      this.released.set(key, Date.now());
      for (const oldest of this.released.keys()) {
        if (this.released.size <= RELEASES_KEPT) break;
        this.released.delete(oldest);
      }
      release();
    }
  }
}
