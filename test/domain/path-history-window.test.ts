import { describe, expect, it } from "vitest";
import { pathHistoryWindow } from "../../src/domain/path-history-window.js";

const at = (...dates: (string | undefined)[]) => dates.map((committedAt) => (committedAt ? { committedAt } : {}));
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ committedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));

describe("pathHistoryWindow", () => {
  it.each<[string, Parameters<typeof pathHistoryWindow>[0], ReturnType<typeof pathHistoryWindow>]>([
    [
      "dates bound the read to the range, oldest to newest whatever their order",
      { paths: ["services/api"], commits: at("2026-11-23T07:00:00Z", "2026-11-22T07:00:00Z", "2026-11-23T06:00:00Z") },
      { paths: ["services/api"], since: "2026-11-22T07:00:00Z", until: "2026-11-23T07:00:00Z", first: 4, maxPages: 2 },
    ],
    [
      "time zones are normalised to UTC",
      { paths: ["a"], commits: at("2026-11-23T09:00:00+01:00") },
      { paths: ["a"], since: "2026-11-23T08:00:00Z", until: "2026-11-23T08:00:00Z", first: 2, maxPages: 2 },
    ],
    [
      "a missing date leaves the read unbounded by dates, capped by pages",
      { paths: ["a"], commits: at("2026-11-23T07:00:00Z", undefined) },
      { paths: ["a"], first: 3, maxPages: 2 },
    ],
    [
      "trailing slashes are dropped and duplicates read once",
      { paths: ["services/api/", "services/api", "libs/shared//"], commits: at("2026-11-23T07:00:00Z") },
      { paths: ["services/api", "libs/shared"], since: "2026-11-23T07:00:00Z", until: "2026-11-23T07:00:00Z", first: 2, maxPages: 2 },
    ],
    ["no commits: nothing to bound", { paths: ["a"], commits: [] }, { paths: ["a"], first: 1, maxPages: 1 }],
  ])("%s", (_name, input, expected) => {
    expect(pathHistoryWindow(input)).toEqual(expected);
  });

  it.each([
    [1, 2, 2],
    [99, 100, 2],
    [100, 100, 2],
    [250, 100, 4],
    [1000, 100, 11],
  ])("%i commits: pages of %i, at most %i pages per path", (n, first, maxPages) => {
    expect(pathHistoryWindow({ paths: ["a"], commits: many(n) })).toMatchObject({ first, maxPages });
  });
});
