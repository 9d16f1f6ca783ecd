import { describe, expect, it } from "vitest";
import { dueRuns, latestRun, nextRun } from "../../../src/domain/schedule/due-runs.js";

const ROME = "Europe/Rome";
const at = (iso: string) => new Date(iso);
const isos = (dates: Date[]) => dates.map((d) => d.toISOString());

// Europe/Rome in 2026: CET (+01:00) until Sunday 29 March 02:00 → 03:00 CEST (+02:00);
// CEST until Sunday 25 October 03:00 → 02:00 CET.
describe("dueRuns across DST in Europe/Rome", () => {
  it.each([
    {
      situation: "02:30 daily on the spring-forward day runs once, at 03:30 CEST (02:30 does not exist)",
      cron: "30 2 * * *",
      after: "2026-03-27T12:00:00Z",
      upTo: "2026-03-30T12:00:00Z",
      expected: ["2026-03-28T01:30:00.000Z", "2026-03-29T01:30:00.000Z", "2026-03-30T00:30:00.000Z"],
    },
    {
      situation: "02:30 daily on the fall-back day runs once (02:30 happens twice), at 02:30 CET",
      cron: "30 2 * * *",
      after: "2026-10-24T12:00:00Z",
      upTo: "2026-10-26T12:00:00Z",
      expected: ["2026-10-25T01:30:00.000Z", "2026-10-26T01:30:00.000Z"],
    },
    {
      situation: "09:00 daily stays 09:00 local across the spring change (08:00Z → 07:00Z)",
      cron: "0 9 * * *",
      after: "2026-03-27T12:00:00Z",
      upTo: "2026-03-30T12:00:00Z",
      expected: ["2026-03-28T08:00:00.000Z", "2026-03-29T07:00:00.000Z", "2026-03-30T07:00:00.000Z"],
    },
    {
      situation: "09:00 daily stays 09:00 local across the autumn change (07:00Z → 08:00Z)",
      cron: "0 9 * * *",
      after: "2026-10-23T12:00:00Z",
      upTo: "2026-10-26T12:00:00Z",
      expected: ["2026-10-24T07:00:00.000Z", "2026-10-25T08:00:00.000Z", "2026-10-26T08:00:00.000Z"],
    },
    {
      situation: "weekdays at 09:00 skip the weekend of the spring change",
      cron: "0 9 * * 1-5",
      after: "2026-03-26T12:00:00Z",
      upTo: "2026-03-31T12:00:00Z",
      expected: ["2026-03-27T08:00:00.000Z", "2026-03-30T07:00:00.000Z", "2026-03-31T07:00:00.000Z"],
    },
  ])("$situation", ({ cron, after, upTo, expected }) => {
    expect(isos(dueRuns({ cron, timezone: ROME, after: at(after), upTo: at(upTo) }))).toEqual(expected);
  });
});

describe("dueRuns window edges: (after, upTo]", () => {
  const cron = "0 9 * * *";
  it.each([
    { situation: "an instant equal to upTo is in", after: "2026-06-01T08:59:00Z", upTo: "2026-06-01T09:00:00Z", expected: ["2026-06-01T09:00:00.000Z"] },
    { situation: "an instant equal to after is out", after: "2026-06-01T09:00:00Z", upTo: "2026-06-01T09:01:00Z", expected: [] },
    { situation: "milliseconds past the instant are out", after: "2026-06-01T09:00:00.500Z", upTo: "2026-06-01T10:00:00Z", expected: [] },
    { situation: "an empty window has none", after: "2026-06-01T09:00:00Z", upTo: "2026-06-01T09:00:00Z", expected: [] },
    { situation: "a reversed window has none", after: "2026-06-02T09:00:00Z", upTo: "2026-06-01T09:00:00Z", expected: [] },
  ])("$situation", ({ after, upTo, expected }) => {
    expect(isos(dueRuns({ cron, timezone: "UTC", after: at(after), upTo: at(upTo) }))).toEqual(expected);
  });
});

describe("nextRun", () => {
  it.each([
    { situation: "Monday 09:00 Rome from a Friday in winter", cron: "0 9 * * 1", timezone: ROME, after: "2026-11-27T10:00:00Z", expected: "2026-11-30T08:00:00.000Z" },
    { situation: "Monday 09:00 Rome from the Friday before the spring change", cron: "0 9 * * 1", timezone: ROME, after: "2026-03-27T10:00:00Z", expected: "2026-03-30T07:00:00.000Z" },
    { situation: "strictly after an instant that is itself a run", cron: "0 9 * * *", timezone: "UTC", after: "2026-06-01T09:00:00Z", expected: "2026-06-02T09:00:00.000Z" },
    { situation: "New York's 09:00", cron: "0 9 * * *", timezone: "America/New_York", after: "2026-06-01T00:00:00Z", expected: "2026-06-01T13:00:00.000Z" },
    { situation: "a date that never comes (30 February)", cron: "0 0 30 2 *", timezone: "UTC", after: "2026-01-01T00:00:00Z", expected: null },
  ])("$situation", ({ cron, timezone, after, expected }) => {
    expect(nextRun({ cron, timezone, after: at(after) })?.toISOString() ?? null).toBe(expected);
  });

  it("throws on an invalid expression or zone (config checks catch both first)", () => {
    expect(() => nextRun({ cron: "bad", timezone: "UTC", after: at("2026-01-01T00:00:00Z") })).toThrow();
    expect(() => nextRun({ cron: "0 9 * * *", timezone: "Nowhere/Else", after: at("2026-01-01T00:00:00Z") })).toThrow();
  });
});

describe("latestRun agrees with the last of dueRuns", () => {
  it.each([
    { cron: "* * * * *", timezone: "UTC", after: "2026-06-01T00:00:00Z", upTo: "2026-06-01T00:10:30Z" },
    { cron: "0 9 * * 1-5", timezone: ROME, after: "2026-03-20T00:00:00Z", upTo: "2026-03-31T00:00:00Z" },
    { cron: "30 2 * * *", timezone: ROME, after: "2026-10-20T00:00:00Z", upTo: "2026-10-25T01:30:00Z" },
    { cron: "0 9 1 1 *", timezone: ROME, after: "2020-01-01T00:00:00Z", upTo: "2026-12-31T00:00:00Z" },
    { cron: "0 9 * * 1", timezone: ROME, after: "2026-06-02T00:00:00Z", upTo: "2026-06-07T00:00:00Z" },
    { cron: "0 9 * * *", timezone: "UTC", after: "2026-06-01T09:00:00Z", upTo: "2026-06-01T09:00:00Z" },
  ])("$cron in $timezone over ($after, $upTo]", ({ cron, timezone, after, upTo }) => {
    const all = dueRuns({ cron, timezone, after: at(after), upTo: at(upTo) });
    expect(latestRun({ cron, timezone, after: at(after), upTo: at(upTo) })).toEqual(all.at(-1) ?? null);
  });
});
