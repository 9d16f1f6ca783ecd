import { describe, expect, it } from "vitest";
import type { FreezeConfig } from "../../../src/domain/config-schema.js";
import { activeFreeze } from "../../../src/domain/schedule/freeze.js";

const ROME = "Europe/Rome";
const holidays: FreezeConfig = { from: "2026-12-24", to: "2027-01-06", environments: ["production"], reason: "Holidays" };
// Fridays 16:00 Rome for 64h: until Monday 08:00.
const weekend: FreezeConfig = { cron: "0 16 * * 5", duration: "64h", environments: ["production"], reason: "Weekend" };
const everywhere: FreezeConfig = { from: "2026-08-10T18:00", to: "2026-08-11T09:00" };
const withOffset: FreezeConfig = { from: "2026-09-01T00:00Z", to: "2026-09-02 00:00+0000", reason: "Migration" };

type Row = { situation: string; freeze: FreezeConfig[]; environment: string; at: string; expected: null | { reason: string; endsAt: string; window: string } };

describe("activeFreeze", () => {
  it.each<Row>([
    {
      situation: "date window: its first local midnight is frozen (23:00Z the day before)",
      freeze: [holidays], environment: "production", at: "2026-12-23T23:00:00Z",
      expected: { reason: "Holidays", endsAt: "2027-01-06T23:00:00.000Z", window: "Holidays, 2026-12-24 → 2027-01-06 (Europe/Rome)" },
    },
    { situation: "date window: one second before its first local midnight is not", freeze: [holidays], environment: "production", at: "2026-12-23T22:59:59Z", expected: null },
    {
      situation: "date window: the to-date's whole day is frozen (23:59 local on 6 January)",
      freeze: [holidays], environment: "production", at: "2027-01-06T22:59:00Z",
      expected: { reason: "Holidays", endsAt: "2027-01-06T23:00:00.000Z", window: "Holidays, 2026-12-24 → 2027-01-06 (Europe/Rome)" },
    },
    { situation: "date window: the next local midnight is free again", freeze: [holidays], environment: "production", at: "2027-01-06T23:00:00Z", expected: null },
    { situation: "date window: environments not listed are free", freeze: [holidays], environment: "staging", at: "2026-12-28T09:00:00Z", expected: null },
    {
      situation: "date-time window without environments freezes all, read in the zone (18:00 CEST = 16:00Z)",
      freeze: [everywhere], environment: "staging", at: "2026-08-10T16:00:00Z",
      expected: { reason: "Release freeze", endsAt: "2026-08-11T07:00:00.000Z", window: "Release freeze, 2026-08-10 18:00 → 2026-08-11 09:00 (Europe/Rome)" },
    },
    { situation: "date-time window: a minute before its start is free", freeze: [everywhere], environment: "staging", at: "2026-08-10T15:59:00Z", expected: null },
    {
      situation: "date-time window with an explicit offset ignores the zone",
      freeze: [withOffset], environment: "demo", at: "2026-09-01T12:00:00Z",
      expected: { reason: "Migration", endsAt: "2026-09-02T00:00:00.000Z", window: "Migration, 2026-09-01 00:00Z → 2026-09-02 00:00+0000 (Europe/Rome)" },
    },
    {
      situation: "recurring window: Friday 16:00 local is frozen (CET, 15:00Z)",
      freeze: [weekend], environment: "production", at: "2026-11-27T15:00:00Z",
      expected: { reason: "Weekend", endsAt: "2026-11-30T07:00:00.000Z", window: "Weekend, 2026-11-27 16:00 → 2026-11-30 08:00 (Europe/Rome)" },
    },
    { situation: "recurring window: Friday 15:59 local is free", freeze: [weekend], environment: "production", at: "2026-11-27T14:59:00Z", expected: null },
    {
      situation: "recurring window: Sunday is frozen by Friday's start",
      freeze: [weekend], environment: "production", at: "2026-11-29T12:00:00Z",
      expected: { reason: "Weekend", endsAt: "2026-11-30T07:00:00.000Z", window: "Weekend, 2026-11-27 16:00 → 2026-11-30 08:00 (Europe/Rome)" },
    },
    { situation: "recurring window: Monday 08:00 local, when it ends, is free", freeze: [weekend], environment: "production", at: "2026-11-30T07:00:00Z", expected: null },
    {
      situation: "recurring window across the autumn change: 64h from Friday 16:00 CEST ends Monday 07:00 CET",
      freeze: [weekend], environment: "production", at: "2026-10-25T12:00:00Z",
      expected: { reason: "Weekend", endsAt: "2026-10-26T06:00:00.000Z", window: "Weekend, 2026-10-23 16:00 → 2026-10-26 07:00 (Europe/Rome)" },
    },
    {
      situation: "overlapping windows: the one that ends last is reported",
      freeze: [weekend, holidays], environment: "production", at: "2026-12-25T12:00:00Z",
      expected: { reason: "Holidays", endsAt: "2027-01-06T23:00:00.000Z", window: "Holidays, 2026-12-24 → 2027-01-06 (Europe/Rome)" },
    },
    { situation: "an unreadable cron entry is ignored (config checks report it)", freeze: [{ cron: "nope", duration: "1h" }], environment: "production", at: "2026-12-25T12:00:00Z", expected: null },
    { situation: "an impossible date is ignored, not rolled over (2026-13-45 is not 2027-02-14)", freeze: [{ from: "2026-13-45", to: "2026-13-46" }], environment: "production", at: "2027-02-14T12:00:00Z", expected: null },
    { situation: "an impossible time is ignored", freeze: [{ from: "2026-12-01T25:00", to: "2026-12-31" }], environment: "production", at: "2026-12-25T12:00:00Z", expected: null },
    { situation: "no freeze config", freeze: [], environment: "production", at: "2026-12-25T12:00:00Z", expected: null },
  ])("$situation", ({ freeze, environment, at, expected }) => {
    const found = activeFreeze({ freeze, environment, at: new Date(at), timezone: ROME });
    expect(found && { ...found, endsAt: found.endsAt.toISOString() }).toEqual(expected);
  });

  it("treats a missing freeze list as none", () => {
    expect(activeFreeze({ freeze: undefined, environment: "production", at: new Date("2026-12-25T12:00:00Z"), timezone: ROME })).toBeNull();
  });
});
