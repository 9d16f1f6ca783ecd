/**
 * Soak time: a promoted version must have been successfully deployed upstream for at least
 * `minSoak` (config, e.g. "24h", read with `parseDurationMs`) before it may move on.
 */

export interface SoakStatus {
  /** True when `now` is at or past `readyAt`. */
  ready: boolean;
  /** When the version has soaked long enough: deployedAt + minSoak. */
  readyAt: Date;
}

export function soakStatus(opts: { deployedAt: Date; minSoakMs: number; now: Date }): SoakStatus {
  const readyAt = new Date(opts.deployedAt.getTime() + Math.max(0, opts.minSoakMs));
  return { ready: opts.now.getTime() >= readyAt.getTime(), readyAt };
}
