/**
 * Release freezes (config `freeze`): is an environment frozen at an instant, by which window,
 * and until when. Scheduled releases are skipped and `/release` is refused while one is active.
 *
 * Each window is half-open, [start, end): at `endsAt` releases are allowed again.
 * - Date windows `{ from, to }` read in the config's `timezone` unless they carry an offset.
 *   A date without a time covers its whole day: `from: 2026-12-24` starts at local midnight,
 *   `to: 2027-01-06` ends when 2027-01-07 starts. A date with a time is that instant.
 * - Recurring windows `{ cron, duration }` start whenever the cron fires (in `timezone`) and last
 *   `duration`: one is active at `at` when a start lies in (at - duration, at].
 * - `environments` defaults to all.
 * When several windows are active, the one that ends last is returned, so "frozen until" is honest.
 * Entries that cannot be read (bad date, cron or duration) are ignored here; config checks report them.
 */
import { parseDurationMs, type FreezeConfig } from "../config-schema.js";
import { latestRun } from "./due-runs.js";
import { formatZoned, zonedToUtc } from "./zoned-time.js";

export interface ActiveFreeze {
  /** The entry's `reason`, or "Release freeze". */
  reason: string;
  /** When this window ends (exclusive). */
  endsAt: Date;
  /** For people: "Holidays, 2026-12-24 → 2027-01-06 (Europe/Rome)". */
  window: string;
}

export interface ActiveFreezeOptions {
  freeze: readonly FreezeConfig[] | undefined;
  environment: string;
  at: Date;
  /** The config's IANA time zone. */
  timezone: string;
}

const DEFAULT_REASON = "Release freeze";
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** True when the fields name a real date and time (no 13th month, 31 April or 25:00). */
function isCalendarDateTime([year, month, day, hour, minute, second]: number[]): boolean {
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
}

/** A config date as an instant: `end` turns a date without a time into the start of the next day. */
function instantOf(text: string, timezone: string, edge: "start" | "end"): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, year, month, day, hour, minute, second, offset] = m;
  if (!isCalendarDateTime([year, month, day, hour ?? "0", minute ?? "0", second ?? "0"].map(Number))) return null;
  if (hour === undefined) {
    const local = { year: Number(year), month: Number(month), day: Number(day) + (edge === "end" ? 1 : 0) };
    // Date.UTC normalizes day 32 into the next month; re-read it as a calendar date first.
    const calendar = new Date(Date.UTC(local.year, local.month - 1, local.day));
    return zonedToUtc({ year: calendar.getUTCFullYear(), month: calendar.getUTCMonth() + 1, day: calendar.getUTCDate() }, timezone);
  }
  if (offset !== undefined) {
    const normalized = offset === "Z" ? "Z" : offset.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
    const instant = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second ?? "00"}${normalized}`);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  return zonedToUtc({ year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second ?? 0) }, timezone);
}

function windowAt(entry: FreezeConfig, at: Date, timezone: string): ActiveFreeze | null {
  const reason = entry.reason?.trim() || DEFAULT_REASON;
  if ("cron" in entry) {
    const duration = parseDurationMs(entry.duration);
    if (!duration) return null;
    const start = latestRun({ cron: entry.cron, timezone, after: new Date(at.getTime() - duration), upTo: at });
    if (!start) return null;
    const endsAt = new Date(start.getTime() + duration);
    return { reason, endsAt, window: `${reason}, ${formatZoned(start, timezone)} → ${formatZoned(endsAt, timezone)} (${timezone})` };
  }
  const start = instantOf(entry.from, timezone, "start");
  const endsAt = instantOf(entry.to, timezone, "end");
  if (!start || !endsAt || at < start || at >= endsAt) return null;
  const human = (text: string) => text.trim().replace("T", " ");
  return { reason, endsAt, window: `${reason}, ${human(entry.from)} → ${human(entry.to)} (${timezone})` };
}

/** The freeze holding `environment` at `at`, or null when releases may go ahead. */
export function activeFreeze(opts: ActiveFreezeOptions): ActiveFreeze | null {
  let active: ActiveFreeze | null = null;
  for (const entry of opts.freeze ?? []) {
    if (entry.environments && !entry.environments.includes(opts.environment)) continue;
    let found: ActiveFreeze | null;
    try {
      found = windowAt(entry, opts.at, opts.timezone);
    } catch {
      continue;
    }
    if (found && (!active || found.endsAt > active.endsAt)) active = found;
  }
  return active;
}
