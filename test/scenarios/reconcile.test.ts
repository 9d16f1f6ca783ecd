/**
 * Reconciliation: the bot is killed mid-work (the sandbox's `crash`), restarted with nothing in
 * memory, and its scheduler's reconcile pass finishes the work from what GitHub shows, exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deployMarker } from "../../src/domain/deploy-marker.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { releaseStaging, world } from "./fixtures.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const BOT = "release-bot[bot]";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const ops = () => w!.transcript().repos["acme/ops"];
const issueOf = (repo: string, n: number) => w!.transcript().repos[repo].issues.find((i) => i.number === n)!;
const botComments = (comments: { user: string; body: string }[]) => comments.filter((c) => c.user === BOT);
const deploymentsOf = () => w!.sandbox.world.repo("acme/ops").deployments;
const release = () => ops().pulls.find((p) => p.head === "release-staging")!;
/** The world starts at 09:00 Rome (08:00Z); each pass runs when the clock crosses a multiple of 5 minutes. */
const later = (minutes: number) => ({ clock: new Date(Date.parse("2026-11-23T08:00:00Z") + minutes * 60_000).toISOString() });

describe("reconciliation after a crash", () => {
  it("a crash mid fan-out: after the restart every issue is told once, labels moved, and the done comment written last", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    // The 2nd issue comment of the fan-out kills the bot, before it is served.
    await w.play({ crash: { after: { method: "POST", route: COMMENTS, count: 2 } } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    const [deployment] = deploymentsOf();
    expect(botComments(release().comments).some((c) => c.body.includes(deployMarker("success", deployment.id)))).toBe(false);

    await w.play({ restart: {} });
    await w.play(later(6));
    for (const [repo, n] of [["acme/billing", 41], ["acme/billing", 43], ["acme/search", 7]] as const) {
      expect(botComments(issueOf(repo, n).comments), `${repo}#${n}`).toHaveLength(1);
      expect(issueOf(repo, n).labels).toContain("workflow/test");
    }
    expect(botComments(release().comments).filter((c) => c.body.includes(deployMarker("success", deployment.id)))).toHaveLength(1);

    // Nothing pending: later passes write nothing.
    w.takeWrites();
    await w.play(later(16));
    expect(w.takeWrites()).toEqual([]);
  });

  it("a crash before the deployment is created: the merged release gets exactly one deployment after the restart", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ crash: { after: { method: "POST", route: "/repos/{owner}/{repo}/deployments", count: 1 } } });
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    expect(deploymentsOf()).toHaveLength(0);
    await w.play({ restart: {} });
    await w.play(later(6));
    expect(deploymentsOf()).toHaveLength(1);
    await w.play(later(11));
    expect(deploymentsOf()).toHaveLength(1);
  });

  it("a command delivered while the bot was down is answered once after the restart", async () => {
    w = await startWorld(world());
    await w.play({ crash: {} });
    await w.play(releaseStaging());
    await w.play({ restart: {} });
    await w.play(later(6));
    const replies = botComments(issueOf("acme/ops", 1).comments);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain("Opened #");
    expect(release().state).toBe("open");
    await w.play(later(11));
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(1);
  });

  it("a crash on the failure path: the failure comment, owner ping, rollback PR and chat message each come once", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ crash: { after: { method: "POST", route: "/repos/{owner}/{repo}/pulls", count: 1 } } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
    expect(ops().pulls.find((p) => p.head === "rollback-staging")).toBeUndefined();
    await w.play({ restart: {} });
    await w.play(later(6));
    await w.play(later(11));
    const [deployment] = deploymentsOf();
    const failures = botComments(release().comments).filter((c) => c.body.includes(deployMarker("failure", deployment.id)));
    expect(failures).toHaveLength(1);
    expect(failures[0].body).toContain("@alice");
    expect(ops().pulls.filter((p) => p.head === "rollback-staging")).toHaveLength(1);
    expect(w.transcript().notifications).toHaveLength(1);
  });

  it("a comment that is no command, a refused command and a bot's comment are never answered by the reconciler", async () => {
    w = await startWorld(world());
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "just chatting about /release staging" } });
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "mallory", body: "/release staging" } });
    const before = botComments(issueOf("acme/ops", 1).comments).length;
    expect(before).toBe(1); // mallory's refusal
    w.takeWrites();
    await w.play(later(6));
    await w.play(later(11));
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(before);
    expect(w.takeWrites()).toEqual([]);
  });
});
