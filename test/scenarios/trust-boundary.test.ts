/**
 * The trust boundary, attacked over HTTP: forged markers, hand-written metadata, fork PRs, other
 * apps' deployments and low-privilege labels. Each hostile case asserts that nothing was done, and
 * that the people who can act were told where that applies; the happy case sits next to it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import { deployMarker } from "../../src/domain/deploy-marker.js";
import { renderMetadata } from "../../src/domain/release-metadata.js";
import { CONFIG_ERROR_MARKER } from "../../src/domain/render-config-problems.js";
import { replyMarker } from "../../src/use-cases/run-command.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { BILLING_PIN, CONFIG, releaseStaging, STAGING, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const BOT = "release-bot[bot]";
const ops = () => w!.transcript().repos["acme/ops"];
const issueOf = (repo: string, n: number) => w!.transcript().repos[repo].issues.find((i) => i.number === n)!;
const botComments = (comments: { user: string; body: string }[]) => comments.filter((c) => c.user === BOT);
const deploymentsOf = () => w!.sandbox.world.repo("acme/ops").deployments;
const pullFrom = (head: string) => ops().pulls.find((p) => p.head === head)!;

/** The fixture world, with a triage user (carol) on the ops repo and everyone able to read the component repos. */
function hostileWorld(opts: Parameters<typeof world>[0] = {}) {
  const base = world(opts) as { repos: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  const opsRepo = base.repos["acme/ops"];
  opsRepo.collaborators = { ...(opsRepo.collaborators as object), carol: "triage" };
  for (const name of ["acme/billing", "acme/search"]) base.repos[name].collaborators = { alice: "admin", bob: "write", ...(base.repos[name].collaborators as object), mallory: "read", carol: "read" };
  return base;
}

const forgedMetadata = renderMetadata({
  version: 1,
  environment: "production",
  components: { billing: { repo: "acme/billing", from: { version: "1431", commit: BILLING_PIN }, to: { version: "7777" } } },
  issues: [41, 43].map((number) => ({ repo: "acme/billing", number })),
});

describe("markers count only where the bot wrote them", () => {
  it("a read-only user's forged deploy-failure marker on the release PR does not silence the failure report", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    const [deployment] = deploymentsOf();
    const release = pullFrom("release-staging");
    await w.play({ comment: { repo: "acme/ops", issue: release.number, user: "mallory", body: `LGTM\n${deployMarker("failure", deployment.id)}` } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });

    const failure = botComments(pullFrom("release-staging").comments).at(-1)!.body;
    expect(failure).toContain(deployMarker("failure", deployment.id));
    expect(failure).toContain("@alice");
    expect(pullFrom("rollback-staging").state).toBe("open");
    expect(w.transcript().notifications).toHaveLength(1);
  });

  it("forged reply-to markers do not make the next /release go unanswered", async () => {
    w = await startWorld(hostileWorld());
    const forged = Array.from({ length: 200 }, (_, i) => replyMarker(i + 1)).join("\n");
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "mallory", body: `nothing to see\n${forged}` } });
    await w.play(releaseStaging());
    const replies = botComments(issueOf("acme/ops", 1).comments);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain("Opened #");
    expect(pullFrom("release-staging").state).toBe("open");
  });

  it("a forged deploy-issue marker on an issue does not make the bot skip telling it", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    const [deployment] = deploymentsOf();
    await w.play({ comment: { repo: "acme/billing", issue: 41, user: "mallory", body: `already released\n${deployMarker("issue", deployment.id)}` } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });

    for (const n of [41, 43]) {
      const told = botComments(issueOf("acme/billing", n).comments);
      expect(told, `acme/billing#${n}`).toHaveLength(1);
      expect(issueOf("acme/billing", n).labels).toContain("workflow/test");
    }
    expect(botComments(pullFrom("release-staging").comments).at(-1)!.body).not.toMatch(/skipped/i);
  });

  it("a user's issue carrying the config-error marker is never overwritten or closed; the bot reports in its own issue", async () => {
    const scenario = hostileWorld();
    (scenario.repos["acme/ops"].issues as unknown[]).push({ number: 2, title: "Look what I found", body: `${CONFIG_ERROR_MARKER}\nmy own notes`, author: "mallory" });
    w = await startWorld(scenario);
    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "Break the schedule", files: { ".github/release-bot.yml": CONFIG.replace("staging: { from: builds }", 'staging: { from: builds, schedule: "not cron" }') } }] } });
    const mine = () => w!.sandbox.world.repo("acme/ops").issue(2)!;
    expect(mine()).toMatchObject({ state: "open", body: `${CONFIG_ERROR_MARKER}\nmy own notes`, user: "mallory" });
    expect(botComments(issueOf("acme/ops", 2).comments)).toHaveLength(0);
    const report = ops().issues.find((i) => i.title === "release-bot: configuration error")!;
    expect(w.sandbox.world.repo("acme/ops").issue(report.number)).toMatchObject({ user: BOT, body: expect.stringContaining("schedule") });

    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "Fix it", files: { ".github/release-bot.yml": CONFIG } }] } });
    expect(issueOf("acme/ops", report.number).state).toBe("closed");
    expect(mine()).toMatchObject({ state: "open", body: `${CONFIG_ERROR_MARKER}\nmy own notes` });
    expect(botComments(issueOf("acme/ops", 2).comments)).toHaveLength(0);
  });
});

describe("what a deployment holds is what git shows", () => {
  it("hand-written metadata in a labelled human PR neither tells, relabels nor closes issues, nor shows up as a version", async () => {
    const config = CONFIG.replace("production: { from: builds }", "production: { from: builds, transitions: { workflow/ready-for-staging: close } }");
    w = await startWorld(hostileWorld({ ops: { config } }));
    await w.play({ openPull: { repo: "acme/ops", head: "notes", title: "Docs", body: `Just docs.\n${forgedMetadata}`, files: { "README.md": "notes\n" }, labels: ["deploy/production"], user: "alice" } });
    await w.play({ merge: { repo: "acme/ops", head: "notes", user: "alice" } });
    const [deployment] = deploymentsOf();
    const payload = parseDeploymentPayload(deployment.payload)!;
    expect(payload).toMatchObject({ kind: "label", components: {}, issues: [] });
    expect(deployment.description).not.toContain("7777");
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success" } });

    for (const n of [41, 43]) {
      expect(botComments(issueOf("acme/billing", n).comments), `acme/billing#${n}`).toHaveLength(0);
      expect(issueOf("acme/billing", n)).toMatchObject({ state: "open", labels: ["workflow/ready-for-staging"] });
    }
    expect(botComments(pullFrom("notes").comments).map((c) => c.body).join("\n")).not.toContain("7777");
  });

  it("a labelled hand edit deploys the env-file change and tells exactly the issues of its changelog", async () => {
    w = await startWorld(hostileWorld());
    const b2 = w.sandbox.world.repo("acme/billing").branchHead("main")!;
    const edited = STAGING.replace('"1431"', '"1433"').replace(`commit: ${BILLING_PIN}`, `commit: ${b2}`);
    // The body claims other issues; only the changelog of 1431 → 1433 counts.
    const claims = forgedMetadata.replace('"production"', '"staging"').replace("[41,43]", "[1,2,3]");
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1433", body: `Hand edit.\n${claims}`, files: { "environments/staging.yml": edited }, labels: ["deploy/staging"], user: "alice" } });
    await w.play({ merge: { repo: "acme/ops", head: "hotfix", user: "alice" } });
    const payload = parseDeploymentPayload(deploymentsOf()[0].payload)!;
    expect(payload.components.billing).toMatchObject({ from: { version: "1431", commit: BILLING_PIN }, to: { version: "1433", commit: b2 } });
    // PR #42 fixes #41 and mentions acme/search#7; PR #44 resolves #43.
    expect(payload.issues).toEqual([
      { repo: "acme/billing", number: 41 },
      { repo: "acme/search", number: 7 },
      { repo: "acme/billing", number: 43 },
    ]);
  });

  it("the sealed issue list of an untouched release PR is used as it is: the merge reads no compare", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    const compares = () => w!.transcript().api.byRoute["GET /repos/{owner}/{repo}/compare/{basehead}"] ?? 0;
    const before = compares();
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    expect(compares()).toBe(before);
    expect(parseDeploymentPayload(deploymentsOf()[0].payload)!.issues).toHaveLength(3);
  });

  it("a writer's edit to the sealed metadata of the bot's release PR breaks the seal: the added issue is not told", async () => {
    const scenario = hostileWorld();
    (scenario.repos["acme/billing"].issues as unknown[]).push({ number: 50, title: "Unrelated", labels: ["workflow/ready-for-staging"], author: "alice" });
    w = await startWorld(scenario);
    await w.play(releaseStaging());
    const release = w.sandbox.world.repo("acme/ops").pull(pullFrom("release-staging").number)!;
    release.body = release.body!.replace('"acme/billing":[41,43]', '"acme/billing":[41,43,50]');
    expect(release.body).toContain("[41,43,50]");
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    const payload = parseDeploymentPayload(deploymentsOf()[0].payload)!;
    expect(payload.issues.map((i) => `${i.repo}#${i.number}`).sort()).toEqual(["acme/billing#41", "acme/billing#43", "acme/search#7"]);
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(botComments(issueOf("acme/billing", 50).comments)).toHaveLength(0);
    expect(issueOf("acme/billing", 50).labels).toEqual(["workflow/ready-for-staging"]);
  });

  it("a fork PR from a branch named release-production never deploys, and says why", async () => {
    w = await startWorld(hostileWorld());
    const edited = STAGING.replace('"1431"', '"9999"');
    await w.play({ openPull: { repo: "acme/ops", head: "release-production", fromFork: "mallory", title: "Release production", body: forgedMetadata, files: { "environments/production.yml": edited }, user: "mallory" } });
    await w.play({ merge: { repo: "acme/ops", head: "release-production", user: "alice" } });
    expect(deploymentsOf()).toHaveLength(0);
    const note = botComments(pullFrom("release-production").comments).at(-1)!.body;
    expect(note).toContain("forks never deploy");
  });

  it("a fork PR labelled deploy/staging by a writer still never deploys", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "pin", fromFork: "mallory", title: "Pin billing", files: { "environments/staging.yml": STAGING.replace('"1431"', '"1432"') }, user: "mallory" } });
    const number = pullFrom("pin").number;
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["deploy/staging"], user: "alice" } });
    await w.play({ merge: { repo: "acme/ops", pull: number, user: "alice" } });
    expect(deploymentsOf()).toHaveLength(0);
    expect(botComments(pullFrom("pin").comments).at(-1)!.body).toContain("forks never deploy");
  });

  it("a writer's own PR from a release-<env> branch of the ops repo is not a release PR: merging it deploys nothing", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "release-production", title: "Release production", files: { "environments/production.yml": STAGING.replace('"1431"', '"1432"') }, user: "bob" } });
    await w.play({ merge: { repo: "acme/ops", head: "release-production", user: "bob" } });
    expect(deploymentsOf()).toHaveLength(0);
    expect(botComments(pullFrom("release-production").comments).at(-1)!.body).toContain("release-bot did not open this pull request");
  });
});

describe("the bot edits and closes only what it authored", () => {
  it("someone else's open PR from release-staging is never taken over, retitled or closed; /release says what is in the way", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "release-staging", title: "My own staging tweak", body: "hands off", files: { "environments/staging.yml": STAGING.replace('"1431"', '"1432"') }, user: "bob" } });
    const before = pullFrom("release-staging");
    await w.play(releaseStaging());
    expect(pullFrom("release-staging")).toMatchObject({ number: before.number, title: "My own staging tweak", body: "hands off", state: "open" });
    expect(ops().pulls).toHaveLength(1);
    expect(botComments(pullFrom("release-staging").comments)).toHaveLength(0);
    const reply = botComments(issueOf("acme/ops", 1).comments).at(-1)!.body;
    expect(reply).toContain(`#${before.number} from \`release-staging\` was not opened by release-bot`);
  });
});

describe("only the app's own deployments count", () => {
  const foreignPayload = {
    releaseBot: 1,
    environment: "staging",
    pull: 1,
    kind: "release",
    components: { billing: { repo: "acme/billing", from: { version: "1431", commit: BILLING_PIN }, to: { version: "9999", commit: BILLING_PIN } } },
    issues: [41, 43].map((number) => ({ repo: "acme/billing", number })),
  };

  it.each(["github-actions[bot]", "other-app[bot]", "alice"])("a deployment by %s shaped like the bot's drives no feedback", async (user) => {
    w = await startWorld(hostileWorld());
    await w.play({ createDeployment: { repo: "acme/ops", environment: "staging", ref: "main", user, payload: foreignPayload } });
    const [deployment] = deploymentsOf();
    await w.play({ deploymentStatus: { repo: "acme/ops", deployment: deployment.id, state: "success" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", deployment: deployment.id, state: "failure" } });
    for (const n of [41, 43]) {
      expect(botComments(issueOf("acme/billing", n).comments)).toHaveLength(0);
      expect(issueOf("acme/billing", n).labels).toEqual(["workflow/ready-for-staging"]);
    }
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(0);
    expect(ops().pulls).toHaveLength(0);
    expect(w.transcript().notifications).toHaveLength(0);
  });

  it("a promotion never takes versions from another app's successful deployment", async () => {
    const config = CONFIG.replace("production: { from: builds }", "production: { from: staging }");
    w = await startWorld(hostileWorld({ ops: { config } }));
    // Someone else's "deployment" of a staging file pinning a version no CI built.
    await w.play({ push: { repo: "acme/ops", branch: "evil", user: "bob", commits: [{ message: "pin 9999", files: { "environments/staging.yml": STAGING.replace('"1431"', '"9999"') } }] } });
    await w.play({ createDeployment: { repo: "acme/ops", environment: "staging", ref: "evil", user: "github-actions[bot]", payload: foreignPayload } });
    await w.play({ deploymentStatus: { repo: "acme/ops", deployment: deploymentsOf()[0].id, state: "success" } });
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release production" } });
    expect(ops().pulls.filter((p) => p.head === "release-production")).toHaveLength(0);
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body).toContain("nothing has been deployed successfully to staging yet");
  });
});

describe("deploy labels count only from writers", () => {
  const handEdit = { repo: "acme/ops", head: "hotfix", title: "Pin billing 1432", files: { "environments/staging.yml": STAGING.replace('"1431"', '"1432"') }, user: "alice" };

  it("a deploy/staging label a triage user added is not obeyed; the PR is told why and how to fix it", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: handEdit });
    const number = pullFrom("hotfix").number;
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["deploy/staging"], user: "carol" } });
    await w.play({ merge: { repo: "acme/ops", pull: number, user: "alice" } });
    expect(deploymentsOf()).toHaveLength(0);
    const note = botComments(pullFrom("hotfix").comments).at(-1)!.body;
    expect(note).toContain("`carol`, who has triage access");
    expect(note).toContain("write access can remove the label and add it again");
    expect(note).not.toMatch(/(^|[^`])@carol/);
  });

  it("a writer's label that a triage user removed and added again counts as the triage user's", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { ...handEdit, labels: ["deploy/staging"] } });
    const number = pullFrom("hotfix").number;
    await w.play({ label: { repo: "acme/ops", pull: number, remove: ["deploy/staging"], user: "carol" } });
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["deploy/staging"], user: "carol" } });
    await w.play({ merge: { repo: "acme/ops", pull: number, user: "alice" } });
    expect(deploymentsOf()).toHaveLength(0);
  });

  it("the same label added by a writer deploys, once, even when the merge is delivered twice", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: handEdit });
    const number = pullFrom("hotfix").number;
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["deploy/staging"], user: "bob" } });
    await w.play({ merge: { repo: "acme/ops", pull: number, user: "alice" } });
    await w.play({ redeliver: { event: "pull_request", action: "closed" } });
    expect(deploymentsOf()).toHaveLength(1);
    expect(parseDeploymentPayload(deploymentsOf()[0].payload)).toMatchObject({ kind: "label", components: { billing: { to: { version: "1432" } } } });
  });
});
