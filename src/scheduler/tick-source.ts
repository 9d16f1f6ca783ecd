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
 *
 * Started with `catchUpFrom`, a source first ticks a catch-up window (from, start], at once and
 * before any other tick: the time before it started that no scheduler covered (downtime).
 */
import type { Logger } from "../use-cases/logger.js";

export interface TickWindow {
  /** Exclusive start: the previous tick's `upTo`, or when the source started. */
  after: Date;
  /** Inclusive end: now, for this tick. */
  upTo: Date;
  /** The window reaches back over time no tick covered (downtime, a failed tick): what is due in it runs late. */
  catchUp?: boolean;
  /**
   * A catch-up window over the whole horizon because no record says when time was last covered
   * (no Redis, or its record lost): which runs in it were missed is known only from the marks the
   * runs left in GitHub (src/github/schedule-marks.ts). A run without a newer mark runs; an
   * environment with no mark at all has none made up (a first start invents nothing).
   */
  byMarks?: boolean;
}

export type OnTick = (window: TickWindow) => Promise<void>;

export interface TickStartOptions {
  /** Where the time no scheduler covered began, given this source's start; null when nothing was missed. */
  catchUpFrom?: (start: Date) => Promise<Date | null>;
}

export interface TickSource {
  start(onTick: OnTick, opts?: TickStartOptions): void;
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

/** The catch-up tick of a source started at `start` (see `TickStartOptions`); failures are logged. */
export async function runCatchUpTick(onTick: OnTick, start: Date, opts: TickStartOptions | undefined, log: Logger): Promise<void> {
  if (!opts?.catchUpFrom) return;
  let from: Date | null;
  try {
    from = await opts.catchUpFrom(start);
  } catch (error) {
    log.error({ err: error, start: start.toISOString() }, "scheduler: could not read when scheduled time was last covered; no catch-up");
    return;
  }
  if (from && from.getTime() < start.getTime()) await runTick(onTick, { after: from, upTo: new Date(start), catchUp: true }, log);
}
