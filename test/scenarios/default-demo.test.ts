import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe("the default demo scenario (a week of releases), played by the real bot", () => {
  it("tells the story the README promises", async () => {
    const raw = parse(readFileSync("scenarios/default.yml", "utf8")) as { steps: Record<string, unknown>[] };
    w = await startWorld({ ...raw, steps: [] });
    for (const step of raw.steps) await w.play(step);
    const t = w.transcript();
    const ops = t.repos["acme/ops"];
    const byHead = (head: string) => ops.pulls.filter((p) => p.head === head);

    // Staging released from builds all week; one deploy failed and got a rollback PR.
    expect(byHead("release-staging").length).toBeGreaterThanOrEqual(3);
    const failed = ops.pulls.find((p) => p.labels.includes("deploy-failed"))!;
    expect(failed.comments.some((c) => c.body.includes("@alice"))).toBe(true);
    expect(byHead("rollback-staging")).toHaveLength(1);
    expect(t.notifications).toHaveLength(1);

    // Friday's demo promotion took the last *successful* staging versions, not the failed one.
    const demo = byHead("release-demo")[0];
    const failedVersion = parseReleaseMetadata(failed.body)!.components.billing.to.version;
    expect(parseReleaseMetadata(demo.body)!.components.billing.to.version).not.toBe(failedVersion);
    expect(demo.merged).toBe(true);

    // Monday's production promotion closed the issues marked workflow/ready.
    expect(byHead("release-production")[0].labels).toContain("deployed");
    // search is pinned in a Kustomize overlay per environment, billing in the env file: the production
    // release moves both in one commit, each file in its own format.
    const production = byHead("release-production")[0];
    const overlay = "apps/search/overlays/production/kustomization.yaml";
    expect(production.commits).toBe(1);
    expect(Object.keys(production.files).sort()).toEqual([overlay, "environments/production.yml"]);
    const promoted = parseReleaseMetadata(production.body)!.components;
    expect(production.files[overlay]).toContain(`newTag: ${promoted.search.to.version}`);
    expect(production.files["environments/production.yml"]).toContain(`version: "${promoted.billing.to.version}"`);
    expect(production.files["environments/production.yml"]).not.toContain("search");
    const closed = [...t.repos["acme/billing"].issues, ...t.repos["acme/search"].issues].filter((i) => i.state === "closed");
    expect(closed.length).toBeGreaterThanOrEqual(1);
    for (const issue of closed) expect(issue.labels).toContain("workflow/ready");

    // The client chain promoted on its days.
    expect(byHead("release-globex-staging")).toHaveLength(1);
    expect(byHead("release-globex-production")).toHaveLength(1);

    // Every deployment the bot made reached a terminal status.
    for (const d of ops.deployments) expect(["success", "failure", "inactive"]).toContain(d.statuses.at(-1)?.state);
  }, 120_000);
});
