import { describe, expect, it } from "vitest";
import { planRelease, releaseBranch, releaseTitle } from "../../src/domain/plan-release.js";
import type { ComponentChange, IssueRef } from "../../src/domain/types.js";

const change = (component: string, from: string, to: string, issues: IssueRef[] = []): ComponentChange => ({
  component,
  repo: `acme/${component}`,
  from: { version: from },
  to: { version: to },
  changelog: { status: "ok", compareUrl: "c", commits: [], totalCommits: 0, pulls: [], issues },
});

describe("releaseBranch", () => {
  it.each([["staging", "release-staging"], ["acme-production", "release-acme-production"]])("%s", (env, branch) => {
    expect(releaseBranch(env)).toBe(branch);
  });
});

describe("releaseTitle", () => {
  it.each([
    ["two changes", [change("billing", "1431", "1432"), change("search", "88", "91")], "Release staging: billing 1431 → 1432, search 88 → 91"],
    ["no changes", [], "Release staging: no changes"],
    ["shas shortened", [change("web", "a".repeat(40), "b".repeat(40))], "Release staging: web aaaaaaa → bbbbbbb"],
  ])("%s", (_name, changes, title) => {
    expect(releaseTitle({ environment: "staging", changes })).toBe(title);
  });

  it.each([10, 40, 300])("cuts %i changes to 256 chars with 'and N more'", (count) => {
    const changes = Array.from({ length: count }, (_, i) => change(`service-${i}`, `${i}`, `${i + 1}`));
    const title = releaseTitle({ environment: "staging", changes });
    expect(title.length).toBeLessThanOrEqual(256);
    const shown = title.split(", ").length;
    if (shown < count) expect(title).toMatch(new RegExp(` and ${count - shown} more$`));
    else expect(title).not.toContain("more");
  });
});

describe("planRelease", () => {
  it("derives branch, title and deduplicated issues", () => {
    const i1 = { repo: "acme/billing", number: 1 };
    const i2 = { repo: "acme/search", number: 2 };
    const release = planRelease({
      environment: "staging",
      files: ["environments/staging.yml"],
      changes: [change("billing", "1", "2", [i1, i2]), change("search", "3", "4", [{ repo: "Acme/Billing", number: 1 }, i2]), { ...change("web", "1", "2"), changelog: { status: "unavailable", reason: "gone" } }],
      skipped: [{ component: "old", reason: "older", detail: "d" }],
    });
    expect(release.branch).toBe("release-staging");
    expect(release.files).toEqual(["environments/staging.yml"]);
    expect(release.title).toBe("Release staging: billing 1 → 2, search 3 → 4, web 1 → 2");
    expect(release.issues).toEqual([i1, i2]);
    expect(release.skipped).toHaveLength(1);
  });
});
