/**
 * How release-bot connects to Redis (REDIS_URL), for the run coordinator and the delivery record:
 * ioredis 5 (the client Probot itself loads for its cluster-wide throttling), commands failing
 * after a couple of retries rather than queueing forever when Redis is down, connection errors
 * logged, connected on first use.
 */
import { Redis } from "ioredis";
import type { Logger } from "../use-cases/logger.js";

export function connectRedis(opts: { url: string; log?: Logger; what: string }): Redis {
  const client = new Redis(opts.url, { maxRetriesPerRequest: 2, lazyConnect: true });
  client.on("error", (error: Error) => opts.log?.warn({ err: error }, `${opts.what}: Redis connection error`));
  return client;
}

/** Quits politely when connected, drops the socket otherwise. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === "wait" || client.status === "end") {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
