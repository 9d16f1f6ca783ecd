import { describe, expect, it } from "vitest";
import type { Config } from "../../../src/domain/config-schema.js";
import { dueEnvironments } from "../../../src/domain/schedule/due-environments.js";

type Envs = Config["environments"];
const env = (over: Partial<Envs[string]> = {}): Envs[string] => ({ from: "builds", deployTimeout: "60m", ...over });
const environments: Envs = {
  staging: env({ schedule: "0 9 * * 1-5" }),
  demo: env({ from: "staging", schedule: "0 9 * * 5" }),
  production: env({ from: "demo", schedule: "0 9 * * 1" }),
  "client-a-staging": env({ from: "production", schedule: "0 11 * * 2" }),
  adhoc: env({ from: "staging" }),
};
const config = { timezone: "Europe/Rome", environments };
const due = (after: string, upTo: string, cfg: Pick<Config, "timezone" | "environments"> = config) =>
  dueEnvironments({ config: cfg, after: new Date(after), upTo: new Date(upTo) }).map((d) => `${d.environment}@${d.dueAt.toISOString()}`);

// 2026-11-27 is a Friday; Rome is UTC+1 in November.
describe("dueEnvironments", () => {
  it.each([
    { situation: "Friday 09:00 minute: staging and demo, by name", after: "2026-11-27T07:59:00Z", upTo: "2026-11-27T08:00:00Z", expected: ["demo@2026-11-27T08:00:00.000Z", "staging@2026-11-27T08:00:00.000Z"] },
    { situation: "the minute after: nothing", after: "2026-11-27T08:00:00Z", upTo: "2026-11-27T08:01:00Z", expected: [] },
    { situation: "Monday 09:00: staging and production", after: "2026-11-30T07:59:00Z", upTo: "2026-11-30T08:00:00Z", expected: ["production@2026-11-30T08:00:00.000Z", "staging@2026-11-30T08:00:00.000Z"] },
    {
      situation: "a window spanning Monday to Tuesday noon: each environment once, at its latest instant, sorted by time",
      after: "2026-11-30T07:00:00Z", upTo: "2026-12-01T11:00:00Z",
      expected: ["production@2026-11-30T08:00:00.000Z", "staging@2026-12-01T08:00:00.000Z", "client-a-staging@2026-12-01T10:00:00.000Z"],
    },
    {
      situation: "after a week of downtime: no burst, one run each",
      after: "2026-11-20T00:00:00Z", upTo: "2026-11-28T00:00:00Z",
      expected: ["production@2026-11-23T08:00:00.000Z", "client-a-staging@2026-11-24T10:00:00.000Z", "demo@2026-11-27T08:00:00.000Z", "staging@2026-11-27T08:00:00.000Z"],
    },
    { situation: "the weekend: nothing", after: "2026-11-28T00:00:00Z", upTo: "2026-11-29T23:00:00Z", expected: [] },
  ])("$situation", ({ after, upTo, expected }) => {
    expect(due(after, upTo)).toEqual(expected);
  });

  it("follows the config's timezone across DST (Monday after the spring change: 07:00Z)", () => {
    expect(due("2026-03-30T06:59:00Z", "2026-03-30T07:00:00Z")).toEqual(["production@2026-03-30T07:00:00.000Z", "staging@2026-03-30T07:00:00.000Z"]);
  });

  it("leaves out an environment whose schedule cannot be computed and keeps the others", () => {
    const broken = { timezone: "UTC", environments: { bad: env({ schedule: "not cron" }), good: env({ schedule: "0 9 * * *" }) } };
    expect(due("2026-11-27T08:59:00Z", "2026-11-27T09:00:00Z", broken)).toEqual(["good@2026-11-27T09:00:00.000Z"]);
  });
});
