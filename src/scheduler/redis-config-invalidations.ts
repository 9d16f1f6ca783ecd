/**
 * Config-cache invalidations across replicas (REDIS_URL). With Redis, GitHub's webhook for a push
 * reaches one replica only; the others learn of it here:
 * - every local invalidation of the cache is published on one channel;
 * - every replica subscribes and drops what a message names (its own messages are ignored);
 * - pub/sub is at most once: a replica whose subscription was down may have missed messages, so
 *   each (re)subscription drops the whole cache. The cache's ttl bounds what remains (a publish
 *   that failed: logged).
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../use-cases/logger.js";
import type { ConfigInvalidation, OpsConfigCache } from "../use-cases/ops-config-cache.js";
import { closeRedis, connectRedis } from "./redis-connection.js";

export const CONFIG_INVALIDATION_CHANNEL = "release-bot:config-invalidations";

export interface ConfigInvalidations {
  close(): Promise<void>;
}

export function shareConfigInvalidations(opts: { url: string; cache: OpsConfigCache; log?: Logger; channel?: string }): ConfigInvalidations {
  const channel = opts.channel ?? CONFIG_INVALIDATION_CHANNEL;
  const self = randomUUID();
  const publisher = connectRedis({ url: opts.url, log: opts.log, what: "config invalidations" });
  const subscriber = connectRedis({ url: opts.url, log: opts.log, what: "config invalidations" });
  subscriber.on("ready", () => {
    // Whatever was published while this subscription was down is unknown: drop everything.
    opts.cache.invalidate({ kind: "all" }, { publish: false });
    subscriber.subscribe(channel).catch((error: unknown) => opts.log?.warn({ err: error }, "config invalidations: could not subscribe; the cache's ttl bounds staleness"));
  });
  subscriber.on("message", (_channel: string, text: string) => {
    try {
      const message = JSON.parse(text) as { from?: string; invalidation?: ConfigInvalidation };
      if (message.from === self || !message.invalidation) return;
      opts.cache.invalidate(message.invalidation, { publish: false });
    } catch {
      opts.cache.invalidate({ kind: "all" }, { publish: false });
    }
  });
  subscriber.connect().catch((error: unknown) => opts.log?.warn({ err: error }, "config invalidations: Redis unreachable; the cache's ttl bounds staleness"));
  opts.cache.onInvalidate((invalidation) => {
    publisher.publish(channel, JSON.stringify({ from: self, invalidation })).catch((error: unknown) => opts.log?.warn({ err: error }, "config invalidations: could not publish; other replicas see the change within the cache's ttl"));
  });
  return {
    close: async () => {
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
