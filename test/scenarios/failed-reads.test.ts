/**
 * "A failed read is not an answer": a GitHub read that still fails after the request policy's
 * retries never closes a PR, never drops a changelog and never counts as "nothing to release".
 * Each fault is armed for every attempt the bot may make (the sandbox Octokit's retries); what
 * the bot did not consume is drained before the next step, so each test holds with or without retries.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_REQUEST_POLICY } from "../../src/github/request-policy.js";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { installationClient } from "../sandbox/sandbox-client.js";
import { BILLING_PIN, releaseStaging, world } from "./fixtures.js";

const ATTEMPTS = 1 + SANDBOX_REQUEST_POLICY.retryDelaysMs.length;
const RUNS = "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs";
const COMPARE = "/repos/{owner}/{repo}/compare/{basehead}";
/** The planning query: every component's branch window with its builds. */
const WINDOWS = "/graphql BranchWindows";
/** Worlds whose builds and changelogs the planning query cannot settle alone: the REST runs list, the REST compare. */
const RUNS_WORLD = { billing: { quietCommits: 30 } };
const COMPARE_WORLD = { billing: { merged: true } };

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const ops = (t: ReturnType<TestWorld["transcript"]>) => t.repos["acme/ops"];
const botComments = (t: ReturnType<TestWorld["transcript"]>) => ops(t).issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]");

/** Consumes what is left of an armed fault (the bot may have retried fewer times than armed). */
async function drain(world: TestWorld, request: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const status = await request().then(
      () => 200,
      (e: { status?: number }) => e.status,
    );
    if (status !== 502) return;
  }
}
const drainRuns = (world: TestWorld) =>
  drain(world, () => installationClient(world.sandbox, "acme").request(`GET ${RUNS}`, { owner: "acme", repo: "billing", workflow_id: "ci.yml" }));
const drainWindows = (world: TestWorld) =>
  drain(world, () => installationClient(world.sandbox, "acme").graphql("query BranchWindows { rateLimit { cost } }"));
const drainCompare = (world: TestWorld) =>
  drain(world, () => installationClient(world.sandbox, "acme").request(`GET ${COMPARE}`, { owner: "acme", repo: "billing", basehead: `${BILLING_PIN}...${BILLING_PIN}` }));

describe("a failed read is not an answer", () => {
  it.each([
    { read: "the planning query", world: {}, fault: { method: "POST", route: WINDOWS }, says: "reading the branches of the components failed: GitHub answered 502", drain: drainWindows },
    { read: "the REST runs list", world: RUNS_WORLD, fault: { method: "GET", route: RUNS }, says: "reading the ci.yml runs of acme/billing@main failed: GitHub answered 502", drain: drainRuns },
  ])("a 502 on the build lookup ($read) while release-staging is open leaves the PR open and unchanged, and the reply says it will be retried", async ({ world: shape, fault, says, drain: drainIt }) => {
    w = await startWorld(world(shape));
    await w.play(releaseStaging());
    const before = ops(w.transcript()).pulls[0];
    expect(before).toMatchObject({ number: 2, state: "open", title: "Release staging: billing 1431 → 1433" });
    w.takeWrites();

    w.sandbox.failNext({ ...fault, status: 502, times: ATTEMPTS });
    await w.play(releaseStaging("bob"));
    let t = w.transcript();
    expect(ops(t).pulls).toEqual([before]);
    // Only the answer: 👀 and one comment. No "nothing left" comment, no close, no branch move.
    expect(w.takeWrites().map((x) => x.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    const note = botComments(t).at(-1)!.body;
    expect(note).toContain(`\`/release staging\` could not finish: ${says}`);
    expect(note).toContain("Nothing was written. It will be retried");
    expect(note).not.toMatch(/nothing (is )?left|Closing/i);

    // GitHub is back: the next /release finds the PR as it was.
    await drainIt(w);
    await w.play(releaseStaging("bob"));
    t = w.transcript();
    expect(ops(t).pulls).toEqual([before]);
    expect(botComments(t).at(-1)!.body).toContain("Nothing changed in #2");
  });

  it("a 502 on the build lookup during a refresh (a new green build) leaves the open PR as it was", async () => {
    w = await startWorld(world({ billing: { extraCommits: [{ id: "b3", message: "More (#46)", author: "bob" }] } }));
    await w.play(releaseStaging());
    const before = ops(w.transcript()).pulls[0];
    w.takeWrites();
    w.sandbox.failNext({ method: "POST", route: WINDOWS, status: 502, times: ATTEMPTS });
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b3", runNumber: 1434, conclusion: "success" } });
    expect(w.takeWrites()).toEqual([]);
    expect(ops(w.transcript()).pulls).toEqual([before]);
  });

  it("a 502 on compare (a merge commit in the range: the REST compare reads it) opens no PR with “Changelog unavailable”: nothing is written but the answer, and the next /release has the full changelog", async () => {
    w = await startWorld(world(COMPARE_WORLD));
    w.sandbox.failNext({ method: "GET", route: COMPARE, status: 502, times: ATTEMPTS });
    await w.play(releaseStaging());
    let t = w.transcript();
    expect(ops(t).pulls).toEqual([]);
    expect(ops(t).branches ?? {}).not.toHaveProperty("release-staging");
    expect(t.writes.map((x) => x.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    expect(botComments(t).at(-1)!.body).toMatch(/`\/release staging` could not finish: reading the changelog of staging failed: GitHub answered 502 .*It will be retried/s);

    await drainCompare(w);
    await w.play(releaseStaging());
    t = w.transcript();
    const [pull] = ops(t).pulls;
    expect(pull.body).not.toMatch(/changelog unavailable/i);
    expect(parseReleaseMetadata(pull.body)?.issues).toEqual(expect.arrayContaining([{ repo: "acme/billing", number: 41 }, { repo: "acme/billing", number: 43 }]));
    expect(botComments(t).at(-1)!.body).toContain("Opened #2");
  });

  it("a pinned commit GitHub says does not exist (compare 404) still opens the PR, saying the changelog is unavailable", async () => {
    w = await startWorld(world(COMPARE_WORLD));
    w.sandbox.failNext({ method: "GET", route: COMPARE, status: 404 });
    await w.play(releaseStaging());
    const [pull] = ops(w.transcript()).pulls;
    expect(pull.title).toBe("Release staging: billing 1431 → 1433");
    expect(pull.body).toMatch(/changelog (is )?unavailable/i);
  });

  it("tells a command once that it will be retried, however often it fails again, and answers it when it succeeds", async () => {
    w = await startWorld(world());
    w.sandbox.failNext({ method: "POST", route: WINDOWS, status: 502, times: ATTEMPTS });
    await w.play(releaseStaging());
    await drainWindows(w);
    w.sandbox.failNext({ method: "POST", route: WINDOWS, status: 502, times: ATTEMPTS });
    await w.play({ redeliver: "last" });
    await drainWindows(w);
    let notes = botComments(w.transcript());
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain("It will be retried");
    // The retry (a redelivery here) finishes the command: one answer, next to the note.
    await w.play({ redeliver: "last" });
    notes = botComments(w.transcript());
    expect(notes).toHaveLength(2);
    expect(notes[1].body).toContain("Opened #2");
  });
});
