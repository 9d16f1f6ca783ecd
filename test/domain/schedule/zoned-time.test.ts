import { describe, expect, it } from "vitest";
import { formatZoned, zonedToUtc, type LocalDateTime } from "../../../src/domain/schedule/zoned-time.js";

describe("zonedToUtc", () => {
  it.each<{ situation: string; local: LocalDateTime; timeZone: string; expected: string }>([
    { situation: "winter midnight in Rome", local: { year: 2026, month: 12, day: 24 }, timeZone: "Europe/Rome", expected: "2026-12-23T23:00:00.000Z" },
    { situation: "summer 09:00 in Rome", local: { year: 2026, month: 7, day: 1, hour: 9 }, timeZone: "Europe/Rome", expected: "2026-07-01T07:00:00.000Z" },
    { situation: "02:30 skipped by spring-forward becomes 03:30 CEST", local: { year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, timeZone: "Europe/Rome", expected: "2026-03-29T01:30:00.000Z" },
    { situation: "02:30 repeated at fall-back is its first occurrence (CEST)", local: { year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, timeZone: "Europe/Rome", expected: "2026-10-25T00:30:00.000Z" },
    { situation: "UTC is itself", local: { year: 2026, month: 1, day: 1, hour: 12, minute: 5, second: 7 }, timeZone: "UTC", expected: "2026-01-01T12:05:07.000Z" },
    { situation: "a negative offset (New York, winter)", local: { year: 2026, month: 1, day: 1 }, timeZone: "America/New_York", expected: "2026-01-01T05:00:00.000Z" },
  ])("$situation", ({ local, timeZone, expected }) => {
    expect(zonedToUtc(local, timeZone).toISOString()).toBe(expected);
  });
});

describe("formatZoned", () => {
  it.each([
    { instant: "2026-12-23T23:00:00Z", timeZone: "Europe/Rome", expected: "2026-12-24 00:00" },
    { instant: "2026-07-01T07:00:30Z", timeZone: "Europe/Rome", expected: "2026-07-01 09:00:30" },
    { instant: "2026-01-01T05:00:00Z", timeZone: "America/New_York", expected: "2026-01-01 00:00" },
  ])("$instant in $timeZone reads $expected", ({ instant, timeZone, expected }) => {
    expect(formatZoned(new Date(instant), timeZone)).toBe(expected);
  });
});
