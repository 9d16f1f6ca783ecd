import { describe, expect, it } from "vitest";
import { catchUpWindow, DEFAULT_CATCH_UP_MS, widenedWindow } from "../../../src/domain/schedule/catch-up-window.js";
import { dueEnvironments } from "../../../src/domain/schedule/due-environments.js";
import { weeklyChain } from "../../scheduler/scheduler-fixtures.js";

const t = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe("catchUpWindow: the time a starting scheduler missed", () => {
  const start = t("2026-11-24T09:30:00Z");
  it.each([
    { name: "no record (first start): nothing is known to be missed", covered: null, horizon: undefined, want: null },
    { name: "covered up to the start: nothing missed", covered: "2026-11-24T09:30:00Z", horizon: undefined, want: null },
    { name: "covered past the start (another replica ahead): nothing missed", covered: "2026-11-24T09:31:00Z", horizon: undefined, want: null },
    { name: "down since 07:00: (07:00, start]", covered: "2026-11-24T07:00:00Z", horizon: undefined, want: ["2026-11-24T07:00:00.000Z", "2026-11-24T09:30:00.000Z"] },
    { name: "down for a month: at most a week back", covered: "2026-10-20T07:00:00Z", horizon: undefined, want: ["2026-11-17T09:30:00.000Z", "2026-11-24T09:30:00.000Z"] },
    { name: "a custom horizon of 1h", covered: "2026-11-24T07:00:00Z", horizon: HOUR, want: ["2026-11-24T08:30:00.000Z", "2026-11-24T09:30:00.000Z"] },
    { name: "a zero horizon: no catch-up", covered: "2026-11-24T07:00:00Z", horizon: 0, want: null },
  ])("$name", ({ covered, horizon, want }) => {
    const got = catchUpWindow({ coveredUpTo: covered ? t(covered) : null, start, horizonMs: horizon });
    expect(got && [got.after.toISOString(), got.upTo.toISOString()]).toEqual(want);
  });

  it("defaults to a week", () => {
    expect(DEFAULT_CATCH_UP_MS).toBe(7 * 24 * HOUR);
  });
});

describe("widenedWindow: a tick after ticks that could not list their work", () => {
  const window = { after: t("2026-11-24T09:29:00Z"), upTo: t("2026-11-24T09:30:00Z") };
  it.each([
    { name: "no failed tick: the window itself", since: null, want: ["2026-11-24T09:29:00.000Z", undefined] },
    { name: "failed since 08:55: reaches back to it, as a catch-up", since: "2026-11-24T08:55:00Z", want: ["2026-11-24T08:55:00.000Z", true] },
    { name: "failed since 10 days ago: at most a week back", since: "2026-11-14T09:00:00Z", want: ["2026-11-17T09:30:00.000Z", true] },
    { name: "a failure marker not older than the window: the window itself", since: "2026-11-24T09:29:00Z", want: ["2026-11-24T09:29:00.000Z", undefined] },
  ])("$name", ({ since, want }) => {
    const got = widenedWindow({ window, uncoveredSince: since ? t(since) : null });
    expect([got.after.toISOString(), got.catchUp]).toEqual(want);
    expect(got.upTo).toEqual(window.upTo);
  });
});

describe("what runs in a catch-up window (Rome: staging weekdays 09:00, demo Friday, production Monday)", () => {
  // Rome is UTC+1 in November: 09:00 local is 08:00Z.
  it.each([
    { name: "down across Tuesday 09:00: Tuesday's staging run, once", after: "2026-11-24T07:30:00Z", upTo: "2026-11-24T09:30:00Z", want: ["staging@2026-11-24T08:00:00.000Z"] },
    { name: "down from Monday 08:30 to Wednesday 10:00: only Wednesday's staging run (its next run is due), and Monday's production", after: "2026-11-23T07:30:00Z", upTo: "2026-11-25T09:00:00Z", want: ["production@2026-11-23T08:00:00.000Z", "staging@2026-11-25T08:00:00.000Z"] },
    { name: "down Friday 08:30 to Monday 10:00: Monday's staging and production; Friday's demo too (not due since)", after: "2026-11-27T07:30:00Z", upTo: "2026-11-30T09:00:00Z", want: ["demo@2026-11-27T08:00:00.000Z", "production@2026-11-30T08:00:00.000Z", "staging@2026-11-30T08:00:00.000Z"] },
    { name: "down over a weekend with no due run: nothing", after: "2026-11-28T07:30:00Z", upTo: "2026-11-29T23:00:00Z", want: [] },
    { name: "a run due exactly at the start belongs to the catch-up window", after: "2026-11-24T07:00:00Z", upTo: "2026-11-24T08:00:00Z", want: ["staging@2026-11-24T08:00:00.000Z"] },
    { name: "a run due exactly when coverage stopped already ran: not in it", after: "2026-11-24T08:00:00Z", upTo: "2026-11-24T09:00:00Z", want: [] },
  ])("$name", ({ after, upTo, want }) => {
    const due = dueEnvironments({ config: weeklyChain, after: t(after), upTo: t(upTo) });
    expect(due.map((d) => `${d.environment}@${d.dueAt.toISOString()}`).sort()).toEqual(want);
  });
});
