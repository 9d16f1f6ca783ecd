/**
 * Retries without duplicates (issue #8, rule 4). A create whose answer is lost — the sandbox's
 * `lost-response`: GitHub makes it, then answers 502 — is looked for and re-sent only when absent,
 * inside the GitHub port, so the operation finishes at once (no reconcile pass needed) with 0
 * duplicates. The hostile cases answer a create with a 502 *without* making it, while something
 * that looks like it appears (another user's comment with the bot's marker, another app's
 * deployment of the same ref, a human's PR or branch): it never counts as the bot's own.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import type { Repository } from "../../src/sandbox/world/repository.js";
import { createDeployment } from "../../src/sandbox/world/operations/deployment-operations.js";
import { pushCommits } from "../../src/sandbox/world/operations/git-operations.js";
import { addComment, createIssue } from "../../src/sandbox/world/operations/issue-operations.js";
import { openPull } from "../../src/sandbox/world/operations/pull-operations.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { BOT, worldViews } from "../helpers/world-views.js";
import { CONFIG, releaseStaging, world } from "./fixtures.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const DEPLOYMENTS = "/repos/{owner}/{repo}/deployments";
const PULLS = "/repos/{owner}/{repo}/pulls";
const REFS = "/repos/{owner}/{repo}/git/refs";
const ISSUES = "/repos/{owner}/{repo}/issues";
const CHECK_RUNS = "/repos/{owner}/{repo}/check-runs";
const ERROR_TITLE = "release-bot: configuration error";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { ops, issueOf, botComments, deploymentsOf, stagingPulls, later } = worldViews(() => w!);
/** The world's own PRs and issues (with their authors). */
const opsRepoOf = () => w!.sandbox.world.repo("acme/ops");
const pullAuthor = (n: number) => opsRepoOf().pull(n)!.user;
const opsIssues = () => [...opsRepoOf().issues.values()].filter((i) => !i.pull);
const mergeStaging = { merge: { repo: "acme/ops", head: "release-staging", user: "bob" } };

/** GitHub makes the next matching create, then its answer is lost (502). */
const loseNext = (method: string, route: string, after = 0) => w!.sandbox.failNext({ method, route, status: 502, mode: "lost-response", after });

/** Every comment the bot wrote anywhere in the world is there once: no two with one body on one issue. */
function expectNoDuplicateComments(): void {
  for (const repo of Object.values(w!.transcript().repos)) {
    for (const item of [...repo.issues, ...repo.pulls]) {
      const bodies = botComments(item.comments).map((c) => c.body);
      expect(new Set(bodies).size, `duplicate comments on ${item.number}`).toBe(bodies.length);
    }
  }
}

/**
 * The next matching create is answered 502 without being made, and `plant` runs first, inside
 * GitHub: something that looks like what the bot asked for appears at that very moment.
 */
function plantThenFail(opts: { method: string; route: string }, plant: (repo: Repository, body: any) => void): void {
  w!.sandbox.failNext({
    method: opts.method,
    route: opts.route,
    status: 502,
    mode: "error",
    meanwhile: ({ path, body }) => {
      const [, , owner, name] = path.split("/");
      plant(w!.sandbox.world.repo(`${owner}/${name}`), body);
    },
  });
}

describe("lost responses: the work finishes at once, nothing twice", () => {
  it("an issue comment of the deploy fan-out: every issue told once, the done comment written in the same delivery", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play(mergeStaging);
    // The 2nd comment of the fan-out is made, and its answer lost.
    loseNext("POST", COMMENTS, 1);
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    for (const [repo, n] of [["acme/billing", 41], ["acme/billing", 43], ["acme/search", 7]] as const) {
      expect(botComments(issueOf(repo, n).comments), `${repo}#${n}`).toHaveLength(1);
      expect(issueOf(repo, n).labels).toContain("workflow/test");
    }
    const [deployment] = deploymentsOf();
    const release = stagingPulls()[0];
    expect(botComments(release.comments).filter((c) => c.body.includes(`deploy-success deployment=${deployment.id}`))).toHaveLength(1);
    expectNoDuplicateComments();
    w.takeWrites();
    await w.play(later(16));
    expect(w.takeWrites()).toEqual([]);
  });

  it("hostile: another user's comment with the fan-out's exact body and marker is not the bot's; the bot still tells the issue", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play(mergeStaging);
    const sandboxWorld = w.sandbox.world;
    plantThenFail({ method: "POST", route: "/repos/acme/billing/issues/41/comments" }, (repo, body) => {
      addComment(sandboxWorld, repo, 41, { user: "mallory", body: body.body });
    });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    const comments = issueOf("acme/billing", 41).comments;
    const mallory = comments.filter((c) => c.user === "mallory");
    expect(mallory).toHaveLength(1);
    expect(botComments(comments)).toHaveLength(1);
    expect(botComments(comments)[0].body).toBe(mallory[0].body);
    expectNoDuplicateComments();
  });

  it("the /release reply: answered once, and the reconciler finds it answered", async () => {
    w = await startWorld(world());
    // The bot's only comment on the ops repo here is the reply.
    loseNext("POST", COMMENTS);
    await w.play(releaseStaging());
    const replies = botComments(issueOf("acme/ops", 1).comments);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain("Opened #2");
    expect(stagingPulls()).toHaveLength(1);
    w.takeWrites();
    await w.play(later(6));
    await w.play(later(11));
    expect(w.takeWrites()).toEqual([]);
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(1);
  });

  it("hostile: a look-alike of the /release reply by another user does not answer the command", async () => {
    w = await startWorld(world());
    const sandboxWorld = w.sandbox.world;
    plantThenFail({ method: "POST", route: "/repos/acme/ops/issues/1/comments" }, (repo, body) => {
      addComment(sandboxWorld, repo, 1, { user: "mallory", body: body.body });
    });
    await w.play(releaseStaging());
    const comments = issueOf("acme/ops", 1).comments;
    expect(comments.filter((c) => c.user === "mallory")).toHaveLength(1);
    const replies = botComments(comments);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain("Opened #2");
    await w.play(later(6));
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(1);
  });

  it("the deployment on merge: exactly one, created in the merge's own delivery", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    loseNext("POST", DEPLOYMENTS);
    await w.play(mergeStaging);
    expect(deploymentsOf()).toHaveLength(1);
    expect(deploymentsOf()[0].creator).toBe(BOT);
    expect(parseDeploymentPayload(deploymentsOf()[0].payload)?.pull).toBe(2);
    // No "dispatch failed" or other stray comment either; later passes change nothing.
    expectNoDuplicateComments();
    w.takeWrites();
    await w.play(later(6));
    await w.play(later(11));
    expect(deploymentsOf()).toHaveLength(1);
    expect(w.takeWrites()).toEqual([]);
  });

  it("hostile: another app's deployment of the same ref, environment and payload is not the bot's", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    const sandboxWorld = w.sandbox.world;
    plantThenFail({ method: "POST", route: DEPLOYMENTS }, (repo, b) => {
      createDeployment(sandboxWorld, repo, { ref: b.ref, environment: b.environment, payload: b.payload, description: b.description, requiredContexts: [], creator: "deployer[bot]" });
    });
    await w.play(mergeStaging);
    const deployments = deploymentsOf();
    expect(deployments.map((d) => d.creator).sort()).toEqual([BOT, "deployer[bot]"].sort());
    expect(deployments[0].sha).toBe(deployments[1].sha);
    expect(deployments.filter((d) => d.creator === BOT)).toHaveLength(1);
  });

  it("the release PR: opened once, and the reply names it", async () => {
    w = await startWorld(world());
    loseNext("POST", PULLS);
    await w.play(releaseStaging());
    expect(stagingPulls()).toHaveLength(1);
    expect(stagingPulls()[0]).toMatchObject({ state: "open" });
    expect(pullAuthor(stagingPulls()[0].number)).toBe(BOT);
    const replies = botComments(issueOf("acme/ops", 1).comments);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain(`Opened #${stagingPulls()[0].number}`);
  });

  it("hostile: a human's PR from release-staging is not the bot's PR: it is neither claimed nor edited", async () => {
    w = await startWorld(world());
    const sandboxWorld = w.sandbox.world;
    plantThenFail({ method: "POST", route: PULLS }, (repo) => {
      openPull(sandboxWorld, repo, { head: "release-staging", base: "main", title: "My own release", body: "hand-made", user: "bob" });
    });
    await w.play(releaseStaging());
    expect(stagingPulls()).toHaveLength(1);
    expect(stagingPulls()[0]).toMatchObject({ title: "My own release", body: "hand-made", state: "open" });
    expect(pullAuthor(stagingPulls()[0].number)).toBe("bob");
    const reply = botComments(issueOf("acme/ops", 1).comments).at(-1)!.body;
    expect(reply).not.toContain("Opened #");
    expect(reply).not.toContain("Updated #");
  });

  it("the release branch: created once, and the PR opened from it in the same delivery", async () => {
    w = await startWorld(world());
    loseNext("POST", REFS);
    await w.play(releaseStaging());
    expect(stagingPulls()).toHaveLength(1);
    expect(w.transcript().writes.filter((x) => x.route === `POST ${REFS}`)).toHaveLength(1);
    const head = w.sandbox.world.repo("acme/ops").git.commit(ops().branches["release-staging"])!;
    expect(head.parents).toEqual([ops().branches.main]);
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body).toContain("Opened #2");
  });

  it("hostile: a branch a human created at that moment is not the bot's: no PR is opened from it, it is not moved", async () => {
    w = await startWorld(world());
    const sandboxWorld = w.sandbox.world;
    let theirs = "";
    plantThenFail({ method: "POST", route: REFS }, (repo) => {
      [{ sha: theirs }] = pushCommits(sandboxWorld, repo, { branch: "release-staging", sender: "alice", commits: [{ message: "Mine", author: "alice", files: { "NOTES.md": "x\n" } }] });
    });
    await w.play(releaseStaging());
    expect(ops().branches["release-staging"]).toBe(theirs);
    expect(stagingPulls()).toEqual([]);
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body).not.toContain("Opened #");
  });

  it("the config-error issue and check run: one of each", async () => {
    w = await startWorld(world());
    loseNext("POST", ISSUES);
    loseNext("POST", CHECK_RUNS);
    await w.play(pushBroken());
    const errorIssues = opsIssues().filter((i) => i.title === ERROR_TITLE);
    expect(errorIssues).toHaveLength(1);
    expect(errorIssues[0].user).toBe(BOT);
    const head = ops().branches.main;
    expect(ops().checkRuns.filter((c) => c.headSha === head && c.name === "release-bot/config")).toHaveLength(1);
  });

  it("hostile: another user's issue with the error issue's exact title and body is not the bot's", async () => {
    w = await startWorld(world());
    const sandboxWorld = w.sandbox.world;
    plantThenFail({ method: "POST", route: ISSUES }, (repo, b) => {
      createIssue(sandboxWorld, repo, { title: b.title, body: b.body, user: "mallory" });
    });
    await w.play(pushBroken());
    const errorIssues = opsIssues().filter((i) => i.title === ERROR_TITLE);
    expect(errorIssues.map((i) => i.user).sort()).toEqual([BOT, "mallory"].sort());
    expect(errorIssues.find((i) => i.user === "mallory")!.body).toBe(errorIssues.find((i) => i.user === BOT)!.body);
  });
});

const pushBroken = () => ({
  push: {
    repo: "acme/ops",
    user: "alice",
    commits: [{ message: "Schedule production", author: "alice", files: { ".github/release-bot.yml": CONFIG.replace("production: { from: builds }", 'production: { from: builds, schedule: "0 9 * * Mon-Fri-Sun" }') } }],
  },
});
