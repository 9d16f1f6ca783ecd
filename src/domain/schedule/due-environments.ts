/**
 * Which environments' scheduled releases are due in a window (after, upTo] of time: the pure
 * heart of the scheduler ("which promotions are due at time T").
 *
 * - Every environment with a `schedule` (cron in the config's `timezone`) is considered.
 * - An environment due several times in the window (the app was down, or the scenario clock
 *   jumped days) counts once, at its newest instant: no burst of catch-up releases.
 * - An environment whose schedule cannot be computed (bad cron, bad timezone) is left out, so the
 *   others still run; the config checks report the bad key to people.
 * - Sorted by due time, then name, so a window that spans several schedules runs them in order.
 * Freeze windows are not applied here: callers ask `activeFreeze` so they can say why a run was skipped.
 */
import type { Config } from "../config-schema.js";
import { latestRun } from "./due-runs.js";

export interface DueEnvironment {
  environment: string;
  /** The scheduled instant this run stands for (a stable part of its run key). */
  dueAt: Date;
}

export function dueEnvironments(opts: { config: Pick<Config, "timezone" | "environments">; after: Date; upTo: Date }): DueEnvironment[] {
  const { config, after, upTo } = opts;
  const due: DueEnvironment[] = [];
  for (const [environment, env] of Object.entries(config.environments)) {
    if (!env.schedule) continue;
    let dueAt: Date | null;
    try {
      dueAt = latestRun({ cron: env.schedule, timezone: config.timezone, after, upTo });
    } catch {
      continue;
    }
    if (dueAt) due.push({ environment, dueAt });
  }
  return due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : 0));
}
