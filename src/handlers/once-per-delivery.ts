/**
 * Wraps a handler so that each webhook delivery (Probot's `context.id`, GitHub's
 * `x-github-delivery`) is processed once, whatever number of copies arrive (delivery-record.ts).
 * A copy that is skipped is acknowledged (200). A failed one releases its claim, so its
 * redelivery is processed: it fails (GitHub lists it as failed), unless whoever asked was told
 * it will be retried (`RetryLaterError`), which is logged and acknowledged.
 */
import type { Context } from "probot";
import { processOnce, type DeliveryRecord } from "../use-cases/delivery-record.js";

export function oncePerDelivery(record: DeliveryRecord) {
  return <C extends Context>(handler: (context: C) => Promise<void>) =>
    (context: C): Promise<void> =>
      processOnce({ record, id: context.id, what: String(context.name), log: context.log, work: () => handler(context) });
}
