import { describe, expect, it } from "vitest";
import { commitOfVersion, olderRunWanted } from "../../src/domain/commit-of-version.js";
import type { WorkflowRunInput } from "../../src/domain/pick-latest-build.js";

const run = (runNumber: number, headSha: string): WorkflowRunInput => ({
  runNumber, headSha, headBranch: "main", event: "push", status: "completed", conclusion: "success", htmlUrl: "", updatedAt: "", headRepository: "acme/billing",
});
const runs = [run(1433, "b2b2b2b"), run(1431, "b0b0b0b")];
const tags = [{ name: "v1.2.3", commit: "c123" }, { name: "1.3.0", commit: "c130" }, { name: "nightly", commit: "cn" }];

describe("commitOfVersion", () => {
  it.each([
    ["run-number", "1431", { commit: "b0b0b0b" }],
    ["run-number", " 1433 ", { commit: "b2b2b2b" }],
    ["run-number", "1400", { commit: null, reason: "run 1400 is not among the 2 newest successful runs of the workflow" }],
    ["run-number", "v1431", { commit: null, reason: "version “v1431” is not a run number" }],
    ["tag", "v1.2.3", { commit: "c123" }],
    ["tag", "1.2.3", { commit: "c123" }],
    ["tag", "v1.3.0", { commit: "c130" }],
    ["tag", "nightly", { commit: "cn" }],
    ["tag", "2.0.0", { commit: null, reason: "no tag “2.0.0” in the repository" }],
    ["sha", "1A2B3C4", { commit: "1a2b3c4" }],
    ["sha", "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", { commit: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d" }],
    ["sha", "1a2b3c", { commit: null, reason: "version “1a2b3c” is not a commit sha" }],
    ["sha", "release-7", { commit: null, reason: "version “release-7” is not a commit sha" }],
  ] as const)("%s %j → %j", (scheme, version, expected) => {
    expect(commitOfVersion({ scheme, version, runs, tags })).toEqual(expected);
  });
});

describe("commitOfVersion beyond the runs read", () => {
  it("names how far back it looked when older runs were left unread", () => {
    expect(commitOfVersion({ scheme: "run-number", version: "433", runs, olderRunsUnread: true })).toEqual({
      commit: null,
      reason: "run 433 is not among the 2 newest successful runs of the workflow, as far back as release-bot looks",
    });
  });
});

describe("olderRunWanted", () => {
  const page = [run(1433, "b2"), run(1432, "b1"), run(1431, "b0")];
  it.each([
    ["a run older than a full page", ["1353"], 3, 1353],
    ["the oldest of several", ["1400", "1353", "1433"], 3, 1353],
    ["a run at hand", ["1431"], 3, null],
    ["a run newer than the oldest at hand (a failed one): no page holds it", ["1432.5", "1432"], 3, null],
    ["not a run number", ["v1353", "abc"], 3, null],
    ["runs fewer than a page: there are no older ones", ["1353"], 30, null],
  ] as const)("%s", (_what, versions, pageSize, expected) => {
    expect(olderRunWanted({ versions, runs: page, pageSize })).toBe(expected);
  });
});
