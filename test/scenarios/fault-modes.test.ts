/**
 * The sandbox's fault modes against the real bot, where the other scenario files do not already
 * play them: a request that never answers (`hang`) mid-release, and a write GitHub fails (`error`)
 * mid fan-out. Each ends with the work finished and nothing duplicated.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deployMarker } from "../../src/domain/deploy-marker.js";
import { SANDBOX_REQUEST_POLICY } from "../../src/github/request-policy.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { BOT, worldViews } from "../helpers/world-views.js";
import { releaseStaging, world } from "./fixtures.js";

const ATTEMPTS = 1 + SANDBOX_REQUEST_POLICY.retryDelaysMs.length;
const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { issueOf, later, botComments, deploymentsOf, stagingPulls } = worldViews(() => w!);
const botReplies = () => botComments(issueOf("acme/ops", 1).comments);
const release = () => stagingPulls()[0];

describe("a request that never answers", () => {
  it("times out by the client's deadline, is retried, and the /release says it timed out and will be retried; the lock is free for the next one", async () => {
    w = await startWorld(world());
    // Every attempt at the planning query (the builds and history of every component) hangs: the request policy
    // gives each its deadline, then gives up.
    await w.play({ fault: { method: "POST", route: "/graphql BranchWindows", mode: "hang", times: ATTEMPTS } });
    const started = Date.now();
    await w.play(releaseStaging());
    const elapsed = Date.now() - started;
    // Bounded by the policy (deadline × attempts + backoff), never by the hang: well under a minute here.
    expect(elapsed).toBeLessThan(60_000);
    const [note] = botReplies();
    expect(note.body).toMatch(/`\/release staging` could not finish: .*timed out after 2\.5 s/s);
    expect(note.body).not.toMatch(/GitHub answered 5\d\d/);
    expect(note.body).toContain("It will be retried");
    expect(release()).toBeUndefined();

    // The environment's lock was released: the retry (a redelivery) opens the PR at once.
    await w.play({ redeliver: "last" });
    expect(botReplies()).toHaveLength(2);
    expect(botReplies()[1].body).toContain("Opened #2");
    expect(stagingPulls()).toHaveLength(1);
  });
});

describe("a write GitHub fails mid fan-out", () => {
  it("the 2nd issue comment fails twice (the port's one look-and-resend included): the fan-out stops before its done record, and the reconciler finishes it, each issue told once", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ fault: { method: "POST", route: COMMENTS, status: 502, after: 1, times: 2 } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    const [deployment] = deploymentsOf();
    const done = () => release()!.comments.filter((c) => c.user === BOT && c.body.includes(deployMarker("success", deployment.id)));
    // The failed write stopped the fan-out before its done record: no issue is written off as "not told".
    expect(done()).toHaveLength(0);
    expect(issueOf("acme/billing", 41).comments.filter((c) => c.user === BOT)).toHaveLength(1);
    expect(issueOf("acme/billing", 43).comments.filter((c) => c.user === BOT)).toHaveLength(0);
    // Its delivery failed (500), as GitHub lists it; nobody asked, so nobody is told "will be retried".
    expect(w.transcript().webhooks.failed).toBe(1);
    w.expectFailedDeliveries(1);

    await w.play(later(6));
    for (const [repo, n] of [["acme/billing", 41], ["acme/billing", 43], ["acme/search", 7]] as const) {
      expect(issueOf(repo, n).comments.filter((c) => c.user === BOT), `${repo}#${n}`).toHaveLength(1);
      expect(issueOf(repo, n).labels).toContain("workflow/test");
    }
    expect(done()).toHaveLength(1);
    w.takeWrites();
    await w.play(later(16));
    expect(w.takeWrites()).toEqual([]);
  });
});
