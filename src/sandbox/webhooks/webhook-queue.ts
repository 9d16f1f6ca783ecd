/**
 * Signed webhook deliveries, POSTed to the bot one at a time in the order events happened.
 * Deliveries wait while no target is set. Every delivery is kept (with its response status) so
 * that a scenario can redeliver one, as GitHub's "Redeliver" button does (same GUID).
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
}

export class WebhookQueue {
  readonly deliveries: Delivery[] = [];
  delivered = 0;
  failed = 0;
  private readonly queue: Delivery[] = [];
  private target: string | undefined;
  private pumping = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: { secret: string; appId: number; timeoutMs?: number }) {}

  setTarget(url: string | undefined): void {
    this.target = url;
    void this.pump();
  }

  enqueue(message: WebhookMessage, at: string): Delivery {
    const delivery: Delivery = { ...message, guid: randomUUID(), redelivery: false, at };
    this.deliveries.push(delivery);
    this.queue.push(delivery);
    void this.pump();
    return delivery;
  }

  /** Sends an earlier delivery again (same GUID and payload). */
  redeliver(delivery: Delivery, at: string): Delivery {
    const copy: Delivery = { ...delivery, redelivery: true, status: undefined, error: undefined, at };
    this.deliveries.push(copy);
    this.queue.push(copy);
    void this.pump();
    return copy;
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

  private async pump(): Promise<void> {
    if (this.pumping || !this.target) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.target) await this.post(this.queue.shift()!, this.target);
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
    try {
      const response = await fetch(target, { method: "POST", headers, body, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000) });
      await response.arrayBuffer();
      delivery.status = response.status;
      if (response.ok) this.delivered++;
      else this.failed++;
    } catch (error) {
      delivery.status = 0;
      delivery.error = error instanceof Error ? error.message : String(error);
      this.failed++;
    }
  }
}
