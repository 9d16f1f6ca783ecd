/**
 * Downtime: which stretch of time a starting scheduler must look back over, so that a scheduled
 * run missed while no scheduler was running (or while a tick could not list its work) runs once.
 *
 * - The record says up to when scheduled time was covered (`coveredUpTo`: the newest tick window
 *   any replica finished). The catch-up window is (coveredUpTo, start]: exactly the time nobody
 *   looked at. No record (a first start, or the record was lost) means nothing is known to be
 *   missed: no catch-up, so a first start never releases what was due before it existed.
 * - It reaches back at most `horizonMs` (a week by default): older misses are not made up.
 * - Within the window, each schedule counts once, at its newest instant (`dueEnvironments` does
 *   that): a missed run whose next run is already due is replaced by that next run, never a burst.
 */

/** How far back a start looks for missed scheduled runs. */
export const DEFAULT_CATCH_UP_MS = 7 * 24 * 3_600_000;

export interface CatchUpWindow {
  /** Exclusive start: when scheduled time stopped being covered (bounded by the horizon). */
  after: Date;
  /** Inclusive end: the start of this scheduler. */
  upTo: Date;
}

/** The window of scheduled time a scheduler starting at `start` missed, or null when none was. */
export function catchUpWindow(opts: { coveredUpTo: Date | null; start: Date; horizonMs?: number }): CatchUpWindow | null {
  const { coveredUpTo, start } = opts;
  if (!coveredUpTo || coveredUpTo.getTime() >= start.getTime()) return null;
  const horizon = Math.max(0, opts.horizonMs ?? DEFAULT_CATCH_UP_MS);
  const after = Math.max(coveredUpTo.getTime(), start.getTime() - horizon);
  return after < start.getTime() ? { after: new Date(after), upTo: new Date(start) } : null;
}

/**
 * A tick window widened back to `uncoveredSince` (the start of a window whose tick could not list
 * its work, e.g. GitHub was unreachable), bounded by the horizon; the window itself otherwise.
 */
export function widenedWindow<W extends { after: Date; upTo: Date }>(opts: { window: W; uncoveredSince: Date | null; horizonMs?: number }): W & { catchUp?: boolean } {
  const { window, uncoveredSince } = opts;
  if (!uncoveredSince || uncoveredSince.getTime() >= window.after.getTime()) return window;
  const horizon = Math.max(0, opts.horizonMs ?? DEFAULT_CATCH_UP_MS);
  const after = Math.max(uncoveredSince.getTime(), window.upTo.getTime() - horizon);
  if (after >= window.after.getTime()) return window;
  return { ...window, after: new Date(after), catchUp: true };
}
