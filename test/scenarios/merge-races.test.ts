/**
 * A merge landing while a refresh is under way (issue #8, rule 7). `concurrently` delivers a merge
 * and a green build at the same moment; to pin the worst interleavings, the merge is also made
 * inside GitHub exactly while the refresh's Nth request of a route is being served.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import { gitRoutes } from "../../src/sandbox/http/routes/git-routes.js";
import { pullRoutes } from "../../src/sandbox/http/routes/pull-routes.js";
import type { RestRoute } from "../../src/sandbox/http/rest-route.js";
import { mergePull } from "../../src/sandbox/world/operations/pull-operations.js";
import { pushCommits } from "../../src/sandbox/world/operations/git-operations.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
const restores: (() => void)[] = [];
afterEach(async () => {
  for (const restore of restores.splice(0)) restore();
  await w?.close();
  w = undefined;
});

const ops = () => w!.transcript().repos["acme/ops"];
const deploymentsOf = () => w!.sandbox.world.repo("acme/ops").deployments;
const stagingPulls = () => ops().pulls.filter((p) => p.head === "release-staging");
const botComments = (comments: { user: string; body: string }[]) => comments.filter((c) => c.user === "release-bot[bot]");

const newBuild = {
  push: { repo: "acme/billing", user: "bob", commits: [{ id: "b4", message: "Speed up exports (#46)", author: "bob", pullRequest: { number: 46, title: "Speed up exports", body: "Fixes #45", author: "bob" } }] },
};
const greenB4 = { workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b4", runNumber: 1440, conclusion: "success" } };
const mergeStaging = { merge: { repo: "acme/ops", head: "release-staging", user: "bob" } };

/** Runs `act` inside GitHub while the `nth` (1-based) matching request is served: before it (`when: "before"`) or after it was answered. */
function during(routes: RestRoute[], match: { method: string; route: string; nth: number; when: "before" | "after" }, act: () => void): void {
  const route = routes.find((r) => r.method === match.method && r.route === match.route)!;
  const original = route.handler;
  let seen = 0;
  route.handler = async (req) => {
    const hit = req.repo?.fullName === "acme/ops" && ++seen === match.nth;
    if (hit && match.when === "before") act();
    const response = await original(req);
    if (hit && match.when === "after") act();
    return response;
  };
  restores.push(() => (route.handler = original));
}

const mergeNow = () => {
  const repo = w!.sandbox.world.repo("acme/ops");
  const pr = repo.pulls().find((p) => p.state === "open" && p.pull!.headRef === "release-staging")!;
  mergePull(w!.sandbox.world, repo, pr.number, { user: "bob" });
};

/** What must hold after any interleaving: the merged PR says what was merged, deployed once, no stale second PR, no duplicates. */
async function expectMergedAsReviewed(reviewed: { title: string; body: string }): Promise<void> {
  const [merged, ...others] = stagingPulls();
  expect(merged).toMatchObject({ merged: true, title: reviewed.title, body: reviewed.body });
  expect(deploymentsOf()).toHaveLength(1);
  const deployment = deploymentsOf()[0];
  expect(deployment.sha).toBe(ops().branches.main);
  expect(parseDeploymentPayload(deployment.payload)!.components.billing.to.version).toBe("1433");
  // A release PR opened after the merge (if any) is built on the new default head, never on the old one.
  for (const next of others.filter((p) => p.state === "open")) {
    const head = w!.sandbox.world.repo("acme/ops").git.commit(ops().branches["release-staging"])!;
    expect(head.parents).toEqual([ops().branches.main]);
    expect(next.base).toBe("main");
  }
  expect(others.filter((p) => p.state === "open").length).toBeLessThanOrEqual(1);
  // Deployed: the merged fix is announced once, the undeployed one (#45, in 1440) never.
  await w!.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
  const billing = w!.transcript().repos["acme/billing"].issues;
  expect(botComments(billing.find((i) => i.number === 41)!.comments)).toHaveLength(1);
  expect(w!.transcript().writes.filter((write) => JSON.stringify(write).includes("/issues/45/"))).toEqual([]);
  for (const item of [...billing, ...ops().pulls, ...ops().issues]) {
    const bodies = botComments(item.comments).map((c) => c.body);
    expect(new Set(bodies).size, `duplicate comments on #${item.number}`).toBe(bodies.length);
  }
}

async function reviewedRelease(): Promise<{ title: string; body: string }> {
  w = await startWorld(world());
  await w.play(releaseStaging());
  await w.play(newBuild);
  const pull = stagingPulls()[0];
  return { title: pull.title, body: pull.body };
}

describe("a merge racing a refresh", () => {
  it("a merge and a new green build delivered at the same moment: the merged PR keeps its title and body, one deployment", async () => {
    const reviewed = await reviewedRelease();
    await w!.play({ concurrently: [mergeStaging, greenB4] });
    await expectMergedAsReviewed(reviewed);
  });

  it("merged just after the refresh saw the PR open: no second PR on the old base, the merged PR untouched", async () => {
    const reviewed = await reviewedRelease();
    during(pullRoutes, { method: "GET", route: "/repos/{owner}/{repo}/pulls", nth: 1, when: "after" }, mergeNow);
    await w!.play(greenB4);
    // A refresh rebuilds an open PR; it never opens one (on the base it planned from) for a PR that merged meanwhile.
    expect(stagingPulls()).toHaveLength(1);
    await expectMergedAsReviewed(reviewed);
  });

  it("merged just after the release step read the open PR (the ops snapshot), while it plans: the branch is not pushed, the title not rewritten", async () => {
    const reviewed = await reviewedRelease();
    const branchBefore = ops().branches["release-staging"];
    // The merge lands inside GitHub as the planning query (the first read after the snapshot) is served.
    w!.sandbox.failNext({ method: "POST", route: "/graphql BranchWindows", mode: "served", meanwhile: mergeNow });
    await w!.play(greenB4);
    expect(ops().branches["release-staging"]).toBe(branchBefore);
    await expectMergedAsReviewed(reviewed);
  });

  it("merged while the new commit was being written: the branch of the merged PR does not move", async () => {
    const reviewed = await reviewedRelease();
    const branchBefore = ops().branches["release-staging"];
    during(gitRoutes, { method: "POST", route: "/repos/{owner}/{repo}/git/trees", nth: 1, when: "before" }, mergeNow);
    await w!.play(greenB4);
    expect(ops().branches["release-staging"]).toBe(branchBefore);
    await expectMergedAsReviewed(reviewed);
  });

  it("after the merge, the next release PR starts from the new default head", async () => {
    const reviewed = await reviewedRelease();
    await w!.play({ concurrently: [mergeStaging, greenB4] });
    await expectMergedAsReviewed(reviewed);
    await w!.play(releaseStaging());
    const next = stagingPulls().filter((p) => p.state === "open");
    expect(next).toHaveLength(1);
    const head = w!.sandbox.world.repo("acme/ops").git.commit(ops().branches["release-staging"])!;
    expect(head.parents).toEqual([ops().branches.main]);
    expect(next[0].title).toBe("Release staging: billing 1433 → 1440");
  });

  it("someone pushes onto the release branch while it is rebuilt: the push is kept, the refresh is retried later", async () => {
    await reviewedRelease();
    const world = w!.sandbox.world;
    let theirs = "";
    during(gitRoutes, { method: "POST", route: "/repos/{owner}/{repo}/git/trees", nth: 1, when: "before" }, () => {
      [{ sha: theirs }] = pushCommits(world, world.repo("acme/ops"), { branch: "release-staging", sender: "alice", commits: [{ message: "Tweak", author: "alice", files: { "NOTES.md": "x\n" } }] });
    });
    await w!.play(greenB4);
    expect(ops().branches["release-staging"]).toBe(theirs);
    expect(stagingPulls()).toHaveLength(1);
    expect(stagingPulls()[0].state).toBe("open");
  });
});
