/**
 * A refresh after one component's green build plans only that component: the rest comes from the plan
 * the process kept for the open PR, and only while that plan is still what GitHub shows (the default
 * head it was planned on, the PR body rendered from it). The result is exactly what a full plan gives.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { releaseStaging, STAGING, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const newCommit = { push: { repo: "acme/billing", user: "bob", commits: [{ id: "b4", message: "Speed up exports (#46)", author: "bob", pullRequest: { number: 46, title: "Speed up exports", body: "Fixes #45", author: "bob" } }] } };
const greenB4 = { workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b4", runNumber: 1440, conclusion: "success" } };
/** The open release PR; its metadata's seal left out (each world's bot has a key of its own). */
const stagingPull = () => {
  const pull = w!.transcript().repos["acme/ops"].pulls.find((p) => p.head === "release-staging" && p.state === "open")!;
  return { ...pull, body: pull.body.replace(/"seal":"[0-9a-f]{40}"/, '"seal":"…"') };
};
/** The planning query's components: how many it asked about (its points grow with them). */
const windowsPoints = () => w!.transcript().api.graphqlPointsByOperation.BranchWindows ?? 0;

/** The PR a full plan opens when billing's build 1440 is there from the start. */
async function fullPlan(): Promise<{ title: string; body: string }> {
  w = await startWorld(world({ search: { green: ["s0", "s1"] } }));
  await w.play(newCommit);
  await w.play(greenB4);
  await w.play(releaseStaging());
  const pull = stagingPull();
  await w.close();
  w = undefined;
  return { title: pull.title, body: pull.body };
}

describe("a refresh after one component's build", () => {
  it("plans billing alone, and the PR is exactly what a full plan makes", async () => {
    const expected = await fullPlan();
    w = await startWorld(world({ search: { green: ["s0", "s1"] } }));
    await w.play(releaseStaging());
    const before = windowsPoints();
    await w.play(newCommit);
    await w.play(greenB4);
    expect(stagingPull()).toMatchObject(expected);
    // One component's window (billing), not two: the first release's query cost about twice as much.
    expect(windowsPoints() - before).toBeLessThan(before);
  });

  it("hostile: a PR body someone edited is not the kept plan: the whole environment is planned again and the edit is replaced", async () => {
    const expected = await fullPlan();
    w = await startWorld(world({ search: { green: ["s0", "s1"] } }));
    await w.play(releaseStaging());
    const repo = w.sandbox.world.repo("acme/ops");
    const pr = repo.pulls().find((p) => p.pull!.headRef === "release-staging")!;
    pr.body = `${pr.body}\n\nNote from alice: ship it`;
    const before = windowsPoints();
    await w.play(newCommit);
    await w.play(greenB4);
    expect(stagingPull()).toMatchObject(expected);
    expect(stagingPull().body).not.toContain("Note from alice");
    // Both components were read again.
    expect(windowsPoints() - before).toBeGreaterThanOrEqual(before);
  });

  it("a default branch that moved (a hand edit of another pin) is not the kept plan: the refresh plans everything on the new head", async () => {
    w = await startWorld(world({ search: { green: ["s0", "s1"] } }));
    await w.play(releaseStaging());
    expect(stagingPull().title).toMatch(/search 5e6f708 →/);
    // Someone pins search at its newest commit by hand: search no longer moves.
    const s1 = w.sandbox.world.repo("acme/search").branchHead("main")!;
    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "Pin search by hand", author: "alice", files: { "environments/staging.yml": STAGING.replaceAll("5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081", s1) } }] } });
    await w.play(newCommit);
    await w.play(greenB4);
    expect(stagingPull().title).toBe("Release staging: billing 1431 → 1440");
  });
});
