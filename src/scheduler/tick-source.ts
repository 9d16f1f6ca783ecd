/**
 * Where the scheduler's sense of time comes from. A tick source calls `onTick` with consecutive
 * half-open windows (after, upTo]: every instant of time that passes falls in exactly one window
 * of a given source, so "what is due in this window" never misses or repeats a scheduled instant.
 *
 * Implementations:
 * - `CronTickSource` (cron-tick-source.ts): real time, a node-cron job every minute, for production;
 * - `ClockTickSource` (clock-tick-source.ts): follows an injected clock (the sandbox's scenario clock)
 *   move by move, for the demo and tests, with no real waiting.
 *
 * A source never runs two ticks at once, and a tick's failure is logged, never thrown at the clock.
 */
import type { Logger } from "../use-cases/logger.js";

export interface TickWindow {
  /** Exclusive start: the previous tick's `upTo`, or when the source started. */
  after: Date;
  /** Inclusive end: now, for this tick. */
  upTo: Date;
}

export type OnTick = (window: TickWindow) => Promise<void>;

export interface TickSource {
  start(onTick: OnTick): void;
  /** Stops ticking and resolves once the tick in progress, if any, has finished. */
  stop(): Promise<void>;
}

/** Runs one tick, logging (not throwing) its failure. */
export async function runTick(onTick: OnTick, window: TickWindow, log: Logger): Promise<void> {
  try {
    await onTick(window);
  } catch (error) {
    log.error({ err: error, after: window.after.toISOString(), upTo: window.upTo.toISOString() }, "scheduler tick failed");
  }
}
