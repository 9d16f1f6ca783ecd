import { afterEach, describe, expect, it } from "vitest";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { CONFIG, releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const stagingPull = (w: TestWorld) => w.transcript().repos["acme/ops"].pulls.find((p) => p.head === "release-staging")!;

describe("refreshing open release PRs", () => {
  it("a new green push run of a component updates the open release PR in place", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ push: { repo: "acme/billing", user: "bob", commits: [{ id: "b4", message: "Speed up exports (#46)", author: "bob", pullRequest: { number: 46, title: "Speed up exports", body: "", author: "bob" } }] } });
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b4", runNumber: 1440, conclusion: "success" } });
    const t = w.transcript();
    expect(t.repos["acme/ops"].pulls).toHaveLength(1);
    const pull = stagingPull(w);
    expect(pull.title).toBe("Release staging: billing 1431 → 1440");
    expect(pull.body).toContain("/acme/billing/pull/46");
    expect(parseReleaseMetadata(pull.body)?.components.billing.to.version).toBe("1440");
  });

  it("a green check on a checks-based component's new commit updates the open release PR", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    expect(stagingPull(w).title).toBe("Release staging: billing 1431 → 1433");
    await w.play({ push: { repo: "acme/search", user: "erin", commits: [{ id: "s5", message: "Synonyms (#14)", author: "erin" }] } });
    await w.play({ checkRun: { repo: "acme/search", commit: "s5", name: "ci/circleci: build", conclusion: "success" } });
    expect(stagingPull(w).title).toMatch(/^Release staging: billing 1431 → 1433, search 5e6f708 → [0-9a-f]{7}$/);
    expect(w.transcript().repos["acme/ops"].pulls).toHaveLength(1);
  });

  it("a green commit status of a checks-based component does the same", async () => {
    const config = CONFIG.replace('build: { checks: ["ci/circleci: build"] }', 'build: { checks: ["ci/jenkins"] }');
    w = await startWorld(world({ ops: { config } }));
    await w.play(releaseStaging());
    await w.play({ push: { repo: "acme/search", user: "erin", commits: [{ id: "s5", message: "Synonyms (#14)", author: "erin" }] } });
    await w.play({ status: { repo: "acme/search", commit: "s5", context: "ci/jenkins", state: "success" } });
    expect(stagingPull(w).title).toMatch(/search 5e6f708 → [0-9a-f]{7}$/);
  });

  it("a failed run or a run of another workflow changes nothing", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ push: { repo: "acme/billing", user: "bob", commits: [{ id: "b4", message: "Break it", author: "bob" }] } });
    w.takeWrites();
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b4", runNumber: 1440, conclusion: "failure" } });
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "lint.yml", commit: "b4", runNumber: 12, conclusion: "success" } });
    expect(w.takeWrites()).toEqual([]);
    expect(stagingPull(w).title).toBe("Release staging: billing 1431 → 1433");
  });

  it("a push to the ops repo's default branch rebuilds the release branch on the new head", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "Document the runbook", author: "alice", files: { "RUNBOOK.md": "# Runbook\n" } }] } });
    const t = w.transcript();
    const pull = stagingPull(w);
    expect(pull.commits).toBe(1);
    expect(Object.keys(pull.files)).toEqual(["environments/staging.yml"]);
    expect(t.repos["acme/ops"].branches["release-staging"]).not.toBe(undefined);
  });

  it("closes an open release PR with a comment when nothing is left to release", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    // Someone pins the candidate by hand on main: the release PR has nothing left to do.
    const staging = w.transcript().repos["acme/ops"].pulls[0].files["environments/staging.yml"];
    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "Pin billing by hand", author: "alice", files: { "environments/staging.yml": staging } }] } });
    const pull = stagingPull(w);
    expect(pull.state).toBe("closed");
    expect(pull.merged).toBe(false);
    expect(pull.comments.at(-1)!.body).toContain("nothing is left to release");
  });
});
