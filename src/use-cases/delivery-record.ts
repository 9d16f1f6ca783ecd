/**
 * Once per delivery: a webhook delivery (`x-github-delivery`) received several times, or many
 * times at once, is processed once. The first copy claims the delivery ("in progress"), and marks
 * it "done" when it finished; a copy that arrives while it is in progress or done is acknowledged
 * and skipped. When processing fails, the claim is released, so GitHub's redelivery is processed.
 *
 * Records: `InMemoryDeliveryRecord` for one process; `RedisDeliveryRecord`
 * (src/scheduler/redis-delivery-record.ts) when REDIS_URL is set, shared by all replicas.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "./logger.js";
import { RetryLaterError } from "./read-failed.js";

export type Claim = { claimed: true; token: string } | { claimed: false; state: "in-progress" | "done" };

export interface DeliveryRecord {
  /** Claims `id` for this caller, or says who has it. */
  begin(id: string): Promise<Claim>;
  /** The claimed delivery was processed: copies from now on are skipped. */
  finish(id: string, token: string): Promise<void>;
  /** The claimed delivery failed: the next copy (a redelivery) processes it. */
  release(id: string, token: string): Promise<void>;
}

/** An in-progress claim outlives any handler (locks and timeouts bound them), then expires: a crashed claimer's delivery is processed again. */
export const IN_PROGRESS_TTL_MS = 15 * 60_000;
/** GitHub keeps deliveries for redelivery for 3 days. */
export const DONE_TTL_MS = 3 * 24 * 60 * 60_000;

/** One process's record: a map with expiries, bounded (oldest entries go first). */
export class InMemoryDeliveryRecord implements DeliveryRecord {
  private readonly entries = new Map<string, { state: "in-progress" | "done"; token: string; expiresAt: number }>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(opts: { now?: () => number; maxEntries?: number } = {}) {
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 100_000;
  }

  async begin(id: string): Promise<Claim> {
    const now = this.now();
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt > now) return { claimed: false, state: entry.state };
    this.entries.delete(id);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const token = randomUUID();
    this.entries.set(id, { state: "in-progress", token, expiresAt: now + IN_PROGRESS_TTL_MS });
    return { claimed: true, token };
  }

  async finish(id: string, token: string): Promise<void> {
    if (this.entries.get(id)?.token !== token) return;
    this.entries.delete(id);
    this.entries.set(id, { state: "done", token, expiresAt: this.now() + DONE_TTL_MS });
  }

  async release(id: string, token: string): Promise<void> {
    if (this.entries.get(id)?.token === token) this.entries.delete(id);
  }
}

/**
 * Runs `work` for the first copy of delivery `id` only. Without an id (a test calling the handler
 * directly) it just runs. When `work` fails, the claim is released so a redelivery is processed:
 * a `RetryLaterError` (whoever asked was told it will be retried) is logged and acknowledged,
 * any other error is rethrown (the delivery fails, and GitHub lists it as failed).
 */
export async function processOnce(opts: { record: DeliveryRecord; id: string | undefined; what: string; log: Logger; work: () => Promise<void> }): Promise<void> {
  const { record, id, log } = opts;
  const claim = id ? await record.begin(id) : undefined;
  if (claim && !claim.claimed) {
    log.info({ delivery: id }, `delivery ${id} (${opts.what}) is already ${claim.state === "done" ? "processed" : "being processed"}: acknowledged, not processed again`);
    return;
  }
  try {
    await opts.work();
  } catch (error) {
    if (id && claim?.claimed) await record.release(id, claim.token);
    if (!(error instanceof RetryLaterError)) throw error;
    log.warn({ delivery: id, err: error }, `delivery ${id ?? "(no id)"} (${opts.what}) not finished: ${error.message}`);
    return;
  }
  if (id && claim?.claimed) await record.finish(id, claim.token);
}
