import { describe, expect, it } from "vitest";
import { pickChecksBuild, pickWorkflowBuild, type CommitChecksInput, type WorkflowRunInput } from "../../src/domain/pick-latest-build.js";

const run = (runNumber: number, over: Partial<WorkflowRunInput> = {}): WorkflowRunInput => ({
  runNumber,
  headSha: `sha${runNumber}`,
  headBranch: "main",
  event: "push",
  status: "completed",
  conclusion: "success",
  htmlUrl: `https://github.com/acme/billing/actions/runs/${runNumber}`,
  updatedAt: `2024-01-0${runNumber % 9 || 1}T00:00:00Z`,
  headRepository: "acme/billing",
  ...over,
});

describe("pickWorkflowBuild", () => {
  it.each<[string, WorkflowRunInput[], string | null]>([
    ["newest green by run number, whatever the list order", [run(5), run(7), run(6)], "7"],
    ["skips failed", [run(7, { conclusion: "failure" }), run(6)], "6"],
    ["skips in-progress", [run(7, { status: "in_progress", conclusion: null }), run(6)], "6"],
    ["skips pull_request runs", [run(7, { event: "pull_request" }), run(6)], "6"],
    ["skips forks", [run(7, { headRepository: "mallory/billing" }), run(6)], "6"],
    ["skips runs without head repository", [run(7, { headRepository: null }), run(6)], "6"],
    ["skips other branches", [run(7, { headBranch: "feature" }), run(6)], "6"],
    ["repo match is case-insensitive", [run(7, { headRepository: "Acme/Billing" })], "7"],
    ["nothing green", [run(7, { conclusion: "cancelled" })], null],
    ["no runs", [], null],
  ])("%s", (_name, runs, version) => {
    const build = pickWorkflowBuild({ component: "billing", repo: "acme/billing", branch: "main", scheme: "run-number", runs });
    expect(build?.version ?? null).toBe(version);
    if (build) {
      expect(build.commit).toBe(`sha${version}`);
      expect(build.url).toBe(`https://github.com/acme/billing/actions/runs/${version}`);
      expect(build.component).toBe("billing");
    }
  });

  it("sha scheme: version is the head sha", () => {
    expect(pickWorkflowBuild({ component: "b", repo: "acme/billing", branch: "main", scheme: "sha", runs: [run(3)] })?.version).toBe("sha3");
  });

  it.each([
    ["highest semver tag on the newest green run", [{ name: "v1.2.0", commit: "sha7" }, { name: "v1.10.0", commit: "sha7" }, { name: "nightly", commit: "sha7" }], "v1.10.0", "sha7"],
    ["falls back to an older tagged green run", [{ name: "v1.0.0", commit: "sha6" }], "v1.0.0", "sha6"],
    ["non-semver tags do not count", [{ name: "latest", commit: "sha7" }], null, null],
  ])("tag scheme: %s", (_name, tags, version, commit) => {
    const build = pickWorkflowBuild({ component: "b", repo: "acme/billing", branch: "main", scheme: "tag", runs: [run(7), run(6)], tags });
    expect(build?.version ?? null).toBe(version);
    expect(build?.commit ?? null).toBe(commit);
  });
});

describe("pickChecksBuild", () => {
  const commit = (sha: string, checks: CommitChecksInput["checks"]): CommitChecksInput => ({ sha, committedAt: "2024-01-01T00:00:00Z", url: `https://github.com/acme/x/commit/${sha}`, checks });
  it.each<[string, CommitChecksInput[], string[], string | null]>([
    ["newest all-green commit", [commit("c3", { build: "pending" }), commit("c2", { build: "success", lint: "success" }), commit("c1", { build: "success" })], ["build", "lint"], "c2"],
    ["a missing required check is not green", [commit("c2", { build: "success" }), commit("c1", { build: "success", lint: "success" })], ["build", "lint"], "c1"],
    ["neutral or skipped is not success", [commit("c2", { build: "neutral" }), commit("c1", { build: "skipped" })], ["build"], null],
    ["failure", [commit("c1", { build: "failure" })], ["build"], null],
    ["other checks do not matter", [commit("c1", { build: "success", flaky: "failure" })], ["build"], "c1"],
  ])("%s", (_name, commits, required, sha) => {
    const build = pickChecksBuild({ component: "x", scheme: "sha", required, commits });
    expect(build?.commit ?? null).toBe(sha);
    expect(build?.version ?? null).toBe(sha);
  });

  it("tag scheme uses the commit's highest semver tag", () => {
    const build = pickChecksBuild({ component: "x", scheme: "tag", required: ["b"], commits: [commit("c2", { b: "success" }), commit("c1", { b: "success" })], tags: [{ name: "v2.0.0", commit: "c1" }] });
    expect(build).toMatchObject({ version: "v2.0.0", commit: "c1" });
  });

  it("rejects run-number, which checks cannot provide", () => {
    expect(() => pickChecksBuild({ component: "x", scheme: "run-number", required: ["b"], commits: [] })).toThrow(/needs build.workflow/);
  });
});
