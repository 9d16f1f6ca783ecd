/**
 * Ticks that follow an injected clock (the sandbox's `SandboxClock`, or any object with `now()` and
 * `onChange(listener)`): each move of the clock yields one window (previous, now]. The demo and tests
 * move the scenario clock and the scheduler sees exactly the time that passed, with no real waiting.
 *
 * - Ticks are queued and run one at a time, in clock order; each is awaited before the next.
 *   The clock does not await its listeners, so `idle()` is how a caller waits until the ticks its
 *   clock moves triggered are finished (including ticks queued while waiting).
 * - A move backwards or to the same instant yields no window: time already seen is never replayed.
 * - A tick's failure is logged and the queue goes on.
 * - With `catchUpFrom`, the catch-up window (from, start] is the first tick queued (see tick-source.ts).
 */
import type { Logger } from "../use-cases/logger.js";
import { runCatchUpTick, runTick, type OnTick, type TickSource, type TickStartOptions } from "./tick-source.js";

export interface TickClock {
  now(): Date;
  /** Subscribes to clock moves; returns the unsubscribe function. */
  onChange(listener: (now: Date, previous: Date) => void | Promise<void>): () => void;
}

export class ClockTickSource implements TickSource {
  private readonly clock: TickClock;
  private readonly log: Logger;
  private unsubscribe: (() => void) | null = null;
  private queue: Promise<void> = Promise.resolve();
  private last = new Date(0);

  constructor(opts: { clock: TickClock; log: Logger }) {
    this.clock = opts.clock;
    this.log = opts.log;
  }

  start(onTick: OnTick, opts?: TickStartOptions): void {
    if (this.unsubscribe) throw new Error("ClockTickSource already started");
    const start = this.clock.now();
    this.last = start;
    this.queue = this.queue.then(() => runCatchUpTick(onTick, start, opts, this.log));
    this.unsubscribe = this.clock.onChange((now) => {
      this.queue = this.queue.then(() => this.tick(onTick, now));
    });
  }

  private async tick(onTick: OnTick, now: Date): Promise<void> {
    if (now.getTime() <= this.last.getTime()) return;
    const window = { after: this.last, upTo: new Date(now) };
    this.last = window.upTo;
    await runTick(onTick, window, this.log);
  }

  /** Resolves once every tick queued so far, and any queued meanwhile, has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.idle();
  }
}
