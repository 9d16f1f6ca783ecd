import { describe, expect, it } from "vitest";
import { buildChangelog } from "../../src/domain/build-changelog.js";
import { commitCountText } from "../../src/domain/render-release-body.js";
import type { ChangelogScope } from "../../src/domain/types.js";

describe("commitCountText", () => {
  it.each<[string, number, ChangelogScope | undefined, string]>([
    ["no scope: every commit of the repository", 40, undefined, "40 commits"],
    ["no scope, one commit", 1, undefined, "1 commit"],
    ["a path", 12, { paths: ["services/api"], of: 40 }, "12 of 40 commits touch `services/api`"],
    ["one commit touches it", 1, { paths: ["services/api"], of: 1 }, "1 of 1 commit touches `services/api`"],
    ["none touches it", 0, { paths: ["services/api"], of: 3 }, "no commit touches `services/api` (3 commits between the pins)"],
    ["two paths", 2, { paths: ["services/api", "libs/shared"], of: 9 }, "2 of 9 commits touch `services/api` or `libs/shared`"],
    ["five paths name three", 2, { paths: ["a", "b", "c", "d", "e"], of: 9 }, "2 of 9 commits touch `a`, `b`, `c` or 2 more paths"],
    [
      "a capped range says so",
      900,
      { paths: ["a"], of: 1500, partial: true },
      "900 of 1500 commits touch `a` (only part of the range could be checked: see the compare view)",
    ],
    ["none in a capped range", 0, { paths: ["a"], of: 1500, partial: true }, "no commit touches `a` (1500 commits between the pins; only part of the range could be checked: see the compare view)"],
    ["a path is code, never a ping or a link", 1, { paths: ["@team/<b>`x`"], of: 2 }, "1 of 2 commits touches `` @team/<b>`x` ``"],
  ])("%s", (_name, totalCommits, scope, text) => {
    expect(commitCountText({ totalCommits, scope })).toBe(text);
  });

  it("buildChangelog keeps the scope and counts only the listed commits", () => {
    const scope = { paths: ["services/api"], of: 6 };
    const changelog = buildChangelog({ repo: "acme/platform", compareUrl: "c", commits: [{ sha: "a1", message: "m", url: "u" }], totalCommits: 1, pullsByCommit: {}, scope });
    expect(changelog).toMatchObject({ totalCommits: 1, scope });
    expect(buildChangelog({ repo: "acme/platform", compareUrl: "c", commits: [], totalCommits: 6, pullsByCommit: {} })).not.toHaveProperty("scope");
  });
});
