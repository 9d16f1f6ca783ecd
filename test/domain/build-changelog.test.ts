import { describe, expect, it } from "vitest";
import { buildChangelog, type ChangelogPullInput } from "../../src/domain/build-changelog.js";

const R = "acme/billing";
const commit = (sha: string, message: string) => ({ sha, message, url: `https://github.com/${R}/commit/${sha}`, author: "dev" });
const pull = (number: number, over: Partial<ChangelogPullInput> = {}): ChangelogPullInput => ({
  number,
  title: `PR ${number}`,
  body: "",
  url: `https://github.com/${R}/pull/${number}`,
  author: "alice",
  merged: true,
  closingIssues: [],
  ...over,
});

describe("buildChangelog", () => {
  it("maps commits to PRs, dedupes PRs and collects issues in a stable order", () => {
    const changelog = buildChangelog({
      repo: R,
      compareUrl: "https://github.com/acme/billing/compare/a...d",
      commits: [commit("a1", "Fix crash (#10)"), commit("b2", "More of #10, see #7"), commit("c3", "Hotfix, fixes acme/web#2"), commit("d4", "Mention #11")],
      totalCommits: 4,
      pullsByCommit: {
        a1: [pull(10, { closingIssues: [{ repo: R, number: 5 }], body: "Also relates to acme/search#9\n<!-- Fixes #123 -->" })],
        b2: [pull(10), pull(12, { merged: false })],
        d4: [pull(11, { title: "Refs GH-6" })],
      },
    });
    expect(changelog.status).toBe("ok");
    expect(changelog.pulls.map((p) => p.number)).toEqual([10, 11]);
    expect(changelog.commits.map((c) => c.pulls)).toEqual([[10], [10], [], [11]]);
    expect(changelog.issues).toEqual([
      { repo: R, number: 5 },
      { repo: "acme/search", number: 9 },
      { repo: R, number: 7 },
      { repo: "acme/web", number: 2 },
      { repo: R, number: 6 },
    ]);
    expect(changelog.totalCommits).toBe(4);
    expect(changelog.compareUrl).toBe("https://github.com/acme/billing/compare/a...d");
    expect(changelog.pulls[0]).toMatchObject({ title: "PR 10", author: "alice", url: `https://github.com/${R}/pull/10` });
  });

  it.each([
    ["unmerged PRs are ignored", { x: [pull(1, { merged: false })] }, [], []],
    ["a PR referenced from another PR's body is not an issue", { x: [pull(1, { body: "follow-up to #2" }), pull(2)] }, [1, 2], []],
    ["a PR of another repo referenced is an issue", { x: [pull(1, { body: "needs acme/web#1" })] }, [1], [{ repo: "acme/web", number: 1 }]],
    ["closing issues dedupe against text refs", { x: [pull(1, { body: "Fixes #4", closingIssues: [{ repo: "Acme/Billing", number: 4 }] })] }, [1], [{ repo: "Acme/Billing", number: 4 }]],
  ])("%s", (_name, pullsByCommit, pulls, issues) => {
    const changelog = buildChangelog({ repo: R, compareUrl: "c", commits: [commit("x", "msg")], totalCommits: 1, pullsByCommit });
    expect(changelog.pulls.map((p) => p.number)).toEqual(pulls);
    expect(changelog.issues).toEqual(issues);
  });

  it("keeps totalCommits when the list was capped", () => {
    expect(buildChangelog({ repo: R, compareUrl: "c", commits: [commit("x", "m")], totalCommits: 900, pullsByCommit: {} }).totalCommits).toBe(900);
  });
});
