/**
 * Wall-clock time in an IANA time zone, with nothing but `Intl` (no ambient clock, no globals
 * beyond a cache of immutable formatters).
 *
 * - `zonedToUtc` turns a local date and time into the instant it names. A local time skipped by
 *   a spring-forward change (02:30 in Europe/Rome on 2026-03-29) maps to the instant as far past
 *   the change as it was meant to be past the previous hour (03:30 CEST), which is what croner does
 *   for cron schedules; a local time that happens twice (fall-back) maps to its first occurrence.
 * - `formatZoned` writes an instant as "2026-12-24 09:00" in the zone, for people.
 */

export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local date and time an instant reads as in `timeZone`. */
export function localDateTimeOf(instant: Date, timeZone: string): Required<LocalDateTime> {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

function wallMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
}

/** Milliseconds the zone is ahead of UTC at an instant (Europe/Rome in winter: 3,600,000). */
export function offsetMsAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallMs(localDateTimeOf(new Date(whole), timeZone)) - whole;
}

/** The instant a local date and time names in `timeZone` (see the file comment for DST gaps and overlaps). */
export function zonedToUtc(local: LocalDateTime, timeZone: string): Date {
  const wall = wallMs(local);
  // The offset can only be one of the offsets in force a day either side of the wall time.
  const before = offsetMsAt(wall - 86_400_000, timeZone);
  const after = offsetMsAt(wall + 86_400_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => wall - offsetMsAt(instant, timeZone) === instant)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // Skipped by a forward change: shift by the offset in force before it.
  return new Date(wall - Math.min(before, after));
}

/** "2026-12-24 09:00" (seconds only when not zero) as read in `timeZone`. */
export function formatZoned(instant: Date, timeZone: string): string {
  const t = localDateTimeOf(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  const seconds = t.second ? `:${two(t.second)}` : "";
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}${seconds}`;
}
