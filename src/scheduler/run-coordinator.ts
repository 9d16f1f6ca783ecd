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
 *   chosen by `createCoordinator` when REDIS_URL is set.
 */
import type { Logger } from "../use-cases/logger.js";
import { RedisCoordinator } from "./redis-coordinator.js";

export interface RunCoordinator {
  /** True for the first caller of `key` within `ttlMs`; false for everyone else. */
  shouldRun(key: string, ttlMs: number): Promise<boolean>;
  /** Releases connections, if any. */
  close?(): Promise<void>;
}

/** First caller per key wins; the key is forgotten `ttlMs` later (time from `now`, default the system clock). */
export class InProcessCoordinator implements RunCoordinator {
  private readonly claims = new Map<string, number>();
  private readonly now: () => number;

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
}

/** Redis when `redisUrl` is given (REDIS_URL), otherwise in-process. */
export function createCoordinator(opts: { redisUrl?: string; log?: Logger } = {}): RunCoordinator {
  return opts.redisUrl ? new RedisCoordinator({ url: opts.redisUrl, log: opts.log }) : new InProcessCoordinator();
}
