/**
 * Signed webhook deliveries, POSTed to the bot in the order events happened: one at a time, or a
 * batch at the same moment (`concurrently` steps, `redeliver … atOnce`). Deliveries wait while no
 * target is set, and fail while the bot is down (`botDown`), as GitHub records deliveries to a dead
 * receiver. Every delivery is kept (with its response status) so that a scenario can redeliver
 * one, as GitHub's "Redeliver" button does.
 *
 * GitHub's docs: "If you request a redelivery, the `X-GitHub-Delivery` header will be the same as
 * in the original delivery" (docs.github.com, webhooks best practices, "Use the X-GitHub-Delivery
 * header"); the REST hook-delivery object's `guid` is the "unique identifier for the event (shared
 * with all deliveries for all webhooks that subscribe to this event)", with `redelivery: true` on
 * redeliveries. So a redelivery carries the same GUID, event, payload and signature.
 */
import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import type { WebhookMessage } from "./build-webhook.js";

export interface Delivery extends WebhookMessage {
  /** x-github-delivery */
  guid: string;
  redelivery: boolean;
  /** HTTP status of the bot's answer; 0 when the request failed; undefined while queued. */
  status?: number;
  error?: string;
  /** Sandbox clock time of the event. */
  at: string;
  /** Failed because the bot was down (killed by a `crash` step), not because it answered badly. */
  whileBotDown?: boolean;
  /** Real time (ms) the POST started and ended, for tests of simultaneity. */
  sentAt?: number;
  answeredAt?: number;
}

export class WebhookQueue {
  readonly deliveries: Delivery[] = [];
  delivered = 0;
  failed = 0;
  /** Batches waiting; each batch is POSTed at the same moment, batches one after another. */
  private readonly queue: Delivery[][] = [];
  private held: Delivery[] | undefined;
  private target: string | undefined;
  private pumping = false;
  private readonly inFlight = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: { secret: string; appId: number; timeoutMs?: number; botDown?: () => boolean }) {}

  setTarget(url: string | undefined): void {
    this.target = url;
    void this.pump();
  }

  enqueue(message: WebhookMessage, at: string): Delivery {
    const delivery: Delivery = { ...message, guid: randomUUID(), redelivery: false, at };
    this.push([delivery]);
    return delivery;
  }

  /** Sends an earlier delivery again (same GUID and payload), `copies` times; `atOnce`: all at the same moment. */
  redeliver(delivery: Delivery, at: string, opts: { copies?: number; atOnce?: boolean } = {}): Delivery[] {
    const copies = Array.from({ length: opts.copies ?? 1 }, (): Delivery => ({
      ...delivery,
      redelivery: true,
      status: undefined,
      error: undefined,
      whileBotDown: undefined,
      sentAt: undefined,
      answeredAt: undefined,
      at,
    }));
    if (opts.atOnce) this.push(copies);
    else for (const copy of copies) this.push([copy]);
    return copies;
  }

  /** Until release(), new deliveries are collected instead of sent. */
  hold(): void {
    this.held ??= [];
  }

  /** Sends everything collected since hold() at the same moment (in parallel). */
  release(): void {
    const batch = this.held ?? [];
    this.held = undefined;
    if (batch.length) this.queue.push(batch);
    void this.pump();
  }

  /** The bot died: the deliveries in flight are cut (they fail, as its connections dropped). */
  cutInFlight(): void {
    for (const controller of this.inFlight) controller.abort(new Error("the bot process died"));
  }

  hasTarget(): boolean {
    return this.target !== undefined;
  }

  /** Queued or in flight. */
  busy(): boolean {
    return this.pumping || this.queue.length > 0;
  }

  /** Resolves when nothing is queued or in flight (immediately when no target is set). */
  idle(): Promise<void> {
    if (!this.busy() || !this.target) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private push(batch: Delivery[]): void {
    this.deliveries.push(...batch);
    if (this.held) this.held.push(...batch);
    else this.queue.push(batch);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping || !this.target) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.target) {
        const target = this.target;
        await Promise.all(this.queue.shift()!.map((delivery) => this.post(delivery, target)));
      }
    } finally {
      this.pumping = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async post(delivery: Delivery, target: string): Promise<void> {
    const body = JSON.stringify(delivery.payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/sandbox",
      "x-github-event": delivery.event,
      "x-github-delivery": delivery.guid,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-id": String(this.opts.appId),
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature-256": await sign(this.opts.secret, body),
    };
    delivery.sentAt = Date.now();
    if (this.opts.botDown?.()) return this.fail(delivery, "connect ECONNREFUSED (the bot process is down)", true);
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(this.opts.timeoutMs ?? 60_000)]);
      const response = await fetch(target, { method: "POST", headers, body, signal });
      await response.arrayBuffer();
      delivery.answeredAt = Date.now();
      delivery.status = response.status;
      if (response.ok) this.delivered++;
      else this.failed++;
    } catch (error) {
      this.fail(delivery, error instanceof Error ? error.message : String(error), controller.signal.aborted);
    } finally {
      this.inFlight.delete(controller);
    }
  }

  private fail(delivery: Delivery, error: string, whileBotDown: boolean): void {
    delivery.answeredAt = Date.now();
    delivery.status = 0;
    delivery.error = error;
    if (whileBotDown) delivery.whileBotDown = true;
    this.failed++;
  }
}
