import { afterEach, describe, expect, it } from "vitest";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe("a release of 600 commits", () => {
  it("fits GitHub's 65,536-character body limit, keeps every referenced issue in the metadata, and batches its reads", async () => {
    const commits = Array.from({ length: 600 }, (_, i) => ({
      id: `c${i}`,
      message: `Change number ${i} with a rather long description of what it does (#${1000 + i})`,
      author: "alice",
      pullRequest: { number: 1000 + i, title: `Change number ${i}: ${"detail ".repeat(8)}`, body: `Fixes #${5000 + i}`, author: "alice" },
    }));
    w = await startWorld(
      world({
        billing: {
          extraCommits: commits,
          runs: [{ workflow: "ci.yml", commit: "c599", runNumber: 2000, conclusion: "success", event: "push", headBranch: "main" }],
        },
      }),
    );
    const atStart = { ...w.transcript().api.byRoute };
    await w.play(releaseStaging());
    const t = w.transcript();
    const [pull] = t.repos["acme/ops"].pulls;
    expect(pull.title).toBe("Release staging: billing 1431 → 2000");
    expect(pull.body.length).toBeLessThan(65_536);
    expect(pull.body).toContain("https://github.com/acme/billing/compare/");
    const meta = parseReleaseMetadata(pull.body);
    expect(meta?.components.billing.to.version).toBe("2000");
    const billingIssues = (meta?.issues ?? []).filter((i) => i.repo === "acme/billing").map((i) => i.number);
    expect(billingIssues).toEqual(expect.arrayContaining([41, 43, 5000, 5599]));
    // Batched: the ops snapshot, one planning query for both components (25 commits each with their PRs, closing
    // issues and builds), then 6 pages of 100 more of billing's history down to its pin (602 commits in all, each
    // page with its PRs): 8 GraphQL queries, no compare; never one request per commit or per PR.
    // Counted from after the bot's start (its reconcile pass reads too).
    const made = (route: string) => (t.api.byRoute[route] ?? 0) - (atStart[route] ?? 0);
    expect(made("GET /repos/{owner}/{repo}/compare/{basehead}")).toBe(0);
    expect(made("POST /graphql")).toBe(8);
  });
});
