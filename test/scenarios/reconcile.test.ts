/**
 * Reconciliation: the bot is killed mid-work (the sandbox's `crash`), restarted with nothing in
 * memory, and its scheduler's reconcile pass finishes the work from what GitHub shows, exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deployMarker } from "../../src/domain/deploy-marker.js";
import { COMMAND_LOOKBACK_MS } from "../../src/use-cases/reconcile-ops-repo.js";
import { pushCommits } from "../../src/sandbox/world/operations/git-operations.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { releaseStaging, world } from "./fixtures.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const PULLS = "/repos/{owner}/{repo}/pulls";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { ops, issueOf, botComments, deploymentsOf, stagingPulls, later } = worldViews(() => w!);
const release = () => stagingPulls()[0];
/** Past the command lookback: a command cut short this long ago is no longer answered, so only the branch sweep can finish it. */
const DOWN_MINUTES = COMMAND_LOOKBACK_MS / 60_000 + 60;

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

  /** A merged release whose deploy fails, with the bot killed at the `crashAt` request of the failure path. */
  async function failedDeployCrashingAt(crashAt: { method: string; route: string }): Promise<void> {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ crash: { after: { ...crashAt, count: 1 } } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
  }

  it("a crash on the failure path: the failure comment, owner ping, rollback PR and chat message each come once", async () => {
    await failedDeployCrashingAt({ method: "POST", route: "/repos/{owner}/{repo}/pulls" });
    expect(ops().pulls.find((p) => p.head === "rollback-staging")).toBeUndefined();
    await w!.play({ restart: {} });
    await w!.play(later(6));
    await w!.play(later(11));
    const [deployment] = deploymentsOf();
    const failures = botComments(release().comments).filter((c) => c.body.includes(deployMarker("failure", deployment.id)));
    expect(failures).toHaveLength(1);
    expect(failures[0].body).toContain("@alice");
    expect(ops().pulls.filter((p) => p.head === "rollback-staging")).toHaveLength(1);
    expect(w!.transcript().notifications).toHaveLength(1);
  });

  it("a crash at the chat message, after the failure comment: the restart tells the chat once and clears the comment's pending mark", async () => {
    await failedDeployCrashingAt({ method: "POST", route: "/notifications/chat" });
    const [deployment] = deploymentsOf();
    const failures = () => botComments(release().comments).filter((c) => c.body.includes(deployMarker("failure", deployment.id)));
    // The done record is there, but says the chat is still to be told.
    expect(failures()).toHaveLength(1);
    expect(failures()[0].body).toContain(deployMarker("notify-pending", deployment.id));
    expect(w!.transcript().notifications).toHaveLength(0);
    await w!.play({ restart: {} });
    await w!.play(later(6));
    await w!.play(later(11));
    expect(w!.transcript().notifications).toHaveLength(1);
    expect(failures()).toHaveLength(1);
    expect(failures()[0].body).not.toContain("notify-pending");
    expect(ops().pulls.filter((p) => p.head === "rollback-staging")).toHaveLength(1);
    w!.takeWrites();
    await w!.play(later(16));
    expect(w!.takeWrites()).toEqual([]);
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

describe("a release branch pushed without its PR", () => {
  /** The bot dies at the PR creation of a `/release staging`: release-staging is pushed, no PR. */
  async function crashBeforeThePull(): Promise<string> {
    w = await startWorld(world());
    await w.play({ crash: { after: { method: "POST", route: PULLS, count: 1 } } });
    await w.play(releaseStaging());
    expect(stagingPulls()).toEqual([]);
    return ops().branches["release-staging"];
  }

  it("the late answer to the command reuses the pushed branch: one PR from it, not rewritten, and the reply", async () => {
    const pushed = await crashBeforeThePull();
    await w!.play({ restart: {} });
    await w!.play(later(6));
    expect(stagingPulls()).toHaveLength(1);
    expect(release().state).toBe("open");
    expect(ops().branches["release-staging"]).toBe(pushed);
    const replies = botComments(issueOf("acme/ops", 1).comments);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain(`Opened #${release().number}`);
    w!.takeWrites();
    await w!.play(later(16));
    expect(w!.takeWrites()).toEqual([]);
  });

  it("down past the command lookback: the reconciler opens the PR of the pushed branch once, then writes nothing", async () => {
    const pushed = await crashBeforeThePull();
    await w!.play(later(DOWN_MINUTES));
    await w!.play({ restart: {} });
    await w!.play(later(DOWN_MINUTES + 5));
    expect(stagingPulls()).toHaveLength(1);
    expect(release()).toMatchObject({ state: "open", base: "main", title: "Release staging: billing 1431 → 1433" });
    expect(ops().branches["release-staging"]).toBe(pushed);
    expect(w!.sandbox.world.repo("acme/ops").pull(release().number)!.user).toBe("release-bot[bot]");
    w!.takeWrites();
    await w!.play(later(DOWN_MINUTES + 10));
    await w!.play(later(DOWN_MINUTES + 15));
    expect(w!.takeWrites()).toEqual([]);
    expect(stagingPulls()).toHaveLength(1);
  });

  it("hostile: a release-staging a human pushed (the bot's env file plus a file of theirs) is never turned into a bot PR", async () => {
    const pushed = await crashBeforeThePull();
    const repo = w!.sandbox.world.repo("acme/ops");
    const planned = repo.fileAt(pushed, "environments/staging.yml")!;
    await w!.play(later(DOWN_MINUTES));
    // Where the bot's branch was, a human's commit on the default head: the same env file, and one more change.
    repo.refs.delete("refs/heads/release-staging");
    const [theirs] = pushCommits(w!.sandbox.world, repo, {
      branch: "release-staging",
      from: ops().branches.main,
      sender: "alice",
      commits: [{ message: "Release staging", author: "alice", files: { "environments/staging.yml": planned, ".github/workflows/deploy.yml": "on: push\n" } }],
    });
    expect(repo.git.commit(theirs.sha)!.parents).toEqual([ops().branches.main]);
    await w!.play({ restart: {} });
    w!.takeWrites();
    await w!.play(later(DOWN_MINUTES + 5));
    await w!.play(later(DOWN_MINUTES + 10));
    expect(stagingPulls()).toEqual([]);
    expect(ops().branches["release-staging"]).toBe(theirs.sha);
    expect(w!.takeWrites()).toEqual([]);
  });
});
