/**
 * Red-team attacks on the trust boundary (issue 7), over HTTP against the real bot server: what a read or triage
 * user, a fork contributor, another app, or a writer's copy-paste can make the bot do. Tests that pass are
 * regression tests (the defence holds). Attacks that still get through are `it.fails`, with a comment naming the
 * hole and where it comes from; they start passing (and so fail here) once the hole is closed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import { deployMarker } from "../../src/domain/deploy-marker.js";
import { MARKER_LINE, outsideCode } from "../helpers/inert-text.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { BILLING_PIN, CONFIG, billingRepo, opsRepo, releaseStaging, searchRepo, STAGING, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const BOT = "release-bot[bot]";
const repoOf = (name: string) => w!.transcript().repos[name];
const ops = () => repoOf("acme/ops");
const issueOf = (repo: string, n: number) => repoOf(repo).issues.find((i) => i.number === n)!;
const botComments = (comments: { user: string; body: string }[]) => comments.filter((c) => c.user === BOT);
const deploymentsOf = (repo = "acme/ops") => w!.sandbox.world.repo(repo).deployments;
const pullFrom = (head: string, repo = "acme/ops") => repoOf(repo).pulls.find((p) => p.head === head)!;
const b2Of = () => w!.sandbox.world.repo("acme/billing").branchHead("main")!;

/**
 * The fixture world with a triage user (carol) on the ops repo; mallory and carol can read the component repos, and
 * bob, the writer who merges the releases, can triage their issues (release-bot tells an issue only for such a merger).
 */
function hostileWorld(opts: Parameters<typeof world>[0] = {}) {
  const base = world(opts) as { repos: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  const opsRepoSeed = base.repos["acme/ops"];
  opsRepoSeed.collaborators = { ...(opsRepoSeed.collaborators as object), carol: "triage" };
  for (const name of ["acme/billing", "acme/search"]) base.repos[name].collaborators = { alice: "admin", bob: "triage", mallory: "read", carol: "read" };
  return base;
}

/** No ping of `login`, no comment opener but the bot's own marker lines, no reference to ops issue #1. */
function expectInert(text: string, login: string): void {
  const lines = text.split("\n");
  for (const line of lines.filter((l) => l.includes("<!--"))) expect(line).toMatch(MARKER_LINE);
  const outside = outsideCode(lines.filter((l) => !MARKER_LINE.test(l)).join("\n"));
  expect(outside).not.toMatch(new RegExp(`(?<!\\w)@${login}`));
  expect(outside).not.toMatch(/(?<![\w&])#1\b/);
  expect(outside).not.toMatch(/<img|<b>/i);
}

describe("confused deputy: an ops repo someone else controls", () => {
  /**
   * Any org member who may create a repository (GitHub's default) owns an "ops repo" the bot serves when it is
   * installed on all repositories. Mallory is admin of acme/mallory-ops and only reads acme/billing.
   */
  const malloryWorld = (opts: { billingCollaborators?: Record<string, string>; transitions?: string } = {}) => ({
    name: "a second ops repo owned by a reader of the component repos",
    start: "2026-11-23T09:00:00+01:00",
    repos: {
      "acme/ops": opsRepo(),
      "acme/mallory-ops": {
        ...opsRepo({ config: CONFIG.replace("staging: { from: builds }", `staging: { from: builds${opts.transitions ?? ""} }`) }),
        collaborators: { mallory: "admin" },
      },
      "acme/billing": { ...billingRepo(), collaborators: opts.billingCollaborators ?? { alice: "admin", mallory: "read" } },
      "acme/search": searchRepo(),
    },
  });
  const releaseDeployFromMalloryOps = async () => {
    await w!.play({ comment: { repo: "acme/mallory-ops", issue: 1, user: "mallory", body: "/release staging" } });
    await w!.play({ merge: { repo: "acme/mallory-ops", head: "release-staging", user: "mallory" } });
    await w!.play({ deploymentStatus: { repo: "acme/mallory-ops", environment: "staging", state: "success", user: "mallory" } });
  };

  // Was a hole: the bot relabelled, commented on and closed issues of every component repo with its installation
  // token, on behalf of whoever administers *an* ops repo. It now tells an issue (comment, labels, close) only when
  // the person who merged the release has triage access to the issue's repo (tell-released-issues.ts), and lists
  // the others on the release PR as not told, with the reason.
  it("a reader of acme/billing cannot close or relabel its issues through an ops repo of her own", async () => {
    w = await startWorld(malloryWorld({ transitions: ", transitions: { workflow/ready-for-staging: close }" }));
    await releaseDeployFromMalloryOps();
    for (const n of [41, 43]) {
      expect(issueOf("acme/billing", n), `acme/billing#${n}`).toMatchObject({ state: "open", labels: ["workflow/ready-for-staging"] });
      expect(botComments(issueOf("acme/billing", n).comments)).toHaveLength(0);
    }
  });

  // The same deputy reads: acme/billing is private and mallory has no access, yet an ops repo of hers would show
  // its commits' pull request titles, authors and issues, read with the installation token. The bot cannot know
  // who reads an ops repo, so the operator names the ops repos (RELEASE_BOT_OPS_REPOS); any other repository with a
  // config is never read or acted on as one. (Unset, every repository with a config is an ops repo: README.)
  it("with RELEASE_BOT_OPS_REPOS set, an ops repo of her own is ignored: nothing read from billing, nothing answered, nothing opened", async () => {
    w = await startWorld(malloryWorld({ billingCollaborators: { alice: "admin" } }), { app: { opsRepos: "acme/ops" } });
    const compares = () => w!.transcript().api.byRoute["GET /repos/{owner}/{repo}/compare/{basehead}"] ?? 0;
    await w.play({ comment: { repo: "acme/mallory-ops", issue: 1, user: "mallory", body: "/release staging" } });
    expect(pullFrom("release-staging", "acme/mallory-ops")).toBeUndefined();
    expect(botComments(issueOf("acme/mallory-ops", 1).comments)).toHaveLength(0);
    expect(compares()).toBe(0);
    // The real ops repo still releases.
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(pullFrom("release-staging")?.state).toBe("open");
  });

  it("with RELEASE_BOT_OPS_REPOS set, her ops repo's schedule never runs and a component build never refreshes it", async () => {
    const scenario = malloryWorld();
    const mine = scenario.repos["acme/mallory-ops"] as { files: Record<string, string> };
    mine.files[".github/release-bot.yml"] = CONFIG.replace("staging: { from: builds }", 'staging: { from: builds, schedule: "0 10 * * *" }');
    w = await startWorld(scenario, { app: { opsRepos: "acme/ops" } });
    await w.play({ clock: "2026-11-23T10:01:00+01:00" });
    expect(pullFrom("release-staging", "acme/mallory-ops")).toBeUndefined();
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b2", runNumber: 1434, conclusion: "success" } });
    expect(repoOf("acme/mallory-ops").pulls).toHaveLength(0);
    expect(w.transcript().api.byRoute["GET /repos/{owner}/{repo}/compare/{basehead}"] ?? 0).toBe(0);
  });
});

describe("issues to tell: what was reviewed, not what is editable later", () => {
  // Was a hole: the issues were read again at merge from the component PRs' current, editable bodies. The merge
  // now takes the issues of the release PR's metadata when the bot's seal over it verifies against the pins git
  // shows (src/domain/metadata-seal.ts), so what was reviewed is what is told.
  it("an edit to a merged component PR's body after review does not add an issue to the deployment", async () => {
    const scenario = hostileWorld({ ops: { config: CONFIG.replace("staging: { from: builds }", "staging: { from: builds, transitions: { workflow/ready-for-staging: close } }") } });
    (scenario.repos["acme/billing"].issues as unknown[]).push({ number: 50, title: "Unrelated roadmap item", labels: ["workflow/ready-for-staging"], author: "alice" });
    w = await startWorld(scenario);
    await w.play(releaseStaging());
    expect(pullFrom("release-staging").body).not.toContain("issues/50");
    // Carol, the author of billing#44, edits her merged PR's body (GitHub lets the author edit it at any time).
    const pr44 = w.sandbox.world.repo("acme/billing").pull(44)!;
    pr44.body = "Resolves #43, and closes #50";
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(issueOf("acme/billing", 50)).toMatchObject({ state: "open", labels: ["workflow/ready-for-staging"] });
    expect(botComments(issueOf("acme/billing", 50).comments)).toHaveLength(0);
  });
});

describe("idempotence markers that a flood pushes out of sight", () => {
  // Was a hole: the batched read sees only `comments(last: 100)`; an issue with more comments than that page is
  // now read again over REST (every comment since the deployment), so the bot's own marker is always seen.
  it("100 comments by a reader after the bot's do not make a redelivered success tell the issue twice", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(botComments(issueOf("acme/billing", 41).comments)).toHaveLength(1);
    for (let i = 0; i < 100; i++) await w.play({ comment: { repo: "acme/billing", issue: 41, user: "mallory", body: `+1 (${i})` } });
    await w.play({ redeliver: { event: "deployment_status" } });
    expect(botComments(issueOf("acme/billing", 41).comments)).toHaveLength(1);
  });

  // Was a hole: who added a label came from the oldest 3,000 issue events. It now comes from the newest label
  // events (GraphQL `timelineItems(last: 100, itemTypes: [LABELED_EVENT])`), so no flood hides the last adder.
  it("a triage user's deploy label counts as hers even behind 3,000 label events", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1432", files: { "environments/staging.yml": STAGING.replace('"1431"', '"1432"') }, user: "alice" } });
    const number = pullFrom("hotfix").number;
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["deploy/staging"], user: "bob" } });
    await w.play({ label: { repo: "acme/ops", pull: number, remove: ["deploy/staging"], user: "bob" } }); // "not yet"
    const noise = Array.from({ length: 100 }, (_, i) => `noise-${i}`);
    for (let round = 0; round < 15; round++) {
      await w.play({ label: { repo: "acme/ops", pull: number, labels: noise, user: "carol" } });
      await w.play({ label: { repo: "acme/ops", pull: number, remove: noise, user: "carol" } });
    }
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["deploy/staging"], user: "carol" } });
    await w.play({ merge: { repo: "acme/ops", pull: number, user: "alice" } });
    expect(deploymentsOf()).toHaveLength(0);
  }, 120_000);
});

describe("what a deployment holds is what git shows", () => {
  // Was a hole: a refused fork PR's env-file change is on the default branch, so the next deployment ships it; the
  // merge is now compared with the commit of this app's last successful deployment there (first parent only when
  // nothing is live), so the payload, description, comments and issues include it.
  it("a refused fork PR's pin that the next labelled deploy ships is shown in that deployment", async () => {
    w = await startWorld(hostileWorld());
    const b2 = b2Of();
    const bumped = STAGING.replace('"1431"', '"1433"').replace(`commit: ${BILLING_PIN}`, `commit: ${b2}`);
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1433", files: { "environments/production.yml": bumped }, labels: ["deploy/production"], user: "bob" } });
    await w.play({ merge: { repo: "acme/ops", head: "hotfix", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success" } });
    // Mallory's fork PR pins a version no CI built; alice merges it; the bot rightly refuses to deploy it.
    await w.play({ openPull: { repo: "acme/ops", head: "typo", fromFork: "mallory", title: "Fix typo", files: { "environments/production.yml": bumped.replace('"1433"', '"6666"') }, user: "mallory" } });
    await w.play({ merge: { repo: "acme/ops", head: "typo", user: "alice" } });
    expect(deploymentsOf()).toHaveLength(1);
    // A writer's unrelated labelled PR deploys production: the merge commit pins billing 6666.
    await w.play({ openPull: { repo: "acme/ops", head: "docs", title: "Docs", files: { "README.md": "docs\n" }, labels: ["deploy/production"], user: "bob" } });
    await w.play({ merge: { repo: "acme/ops", head: "docs", user: "bob" } });
    const second = deploymentsOf()[1];
    expect(w.sandbox.world.repo("acme/ops").filesAt(second.sha)["environments/production.yml"]).toContain('"6666"');
    expect(parseDeploymentPayload(second.payload)!.components.billing?.to.version).toBe("6666");
  });

  it("a promotion never takes versions from the bot's own successful deployment of another environment", async () => {
    const config = CONFIG.replace("production: { from: builds }", "production: { from: builds }\n  demo: { from: staging }");
    const scenario = hostileWorld({ ops: { config } });
    (scenario.repos["acme/ops"].files as Record<string, string>)["environments/demo.yml"] = STAGING;
    w = await startWorld(scenario);
    const bumped = STAGING.replace('"1431"', '"1433"').replace(`commit: ${BILLING_PIN}`, `commit: ${b2Of()}`);
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin production", files: { "environments/production.yml": bumped }, labels: ["deploy/production"], user: "bob" } });
    await w.play({ merge: { repo: "acme/ops", head: "hotfix", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success" } });
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release demo" } });
    expect(ops().pulls.filter((p) => p.head === "release-demo")).toHaveLength(0);
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body).toContain("nothing has been deployed successfully to staging yet");
  });

  it("a writer's own PR from a rollback-<env> branch is not a rollback PR: merging it deploys nothing", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "rollback-production", title: "Roll back production", files: { "environments/production.yml": STAGING.replace('"1431"', '"1400"') }, user: "bob" } });
    await w.play({ merge: { repo: "acme/ops", head: "rollback-production", user: "bob" } });
    expect(deploymentsOf()).toHaveLength(0);
    expect(botComments(pullFrom("rollback-production").comments).at(-1)!.body).toContain("release-bot did not open this pull request");
  });

  it("a fork PR from release-staging neither blocks nor is taken over by the bot's own release PR", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "release-staging", fromFork: "mallory", title: "Release staging", body: "mine", files: { "environments/staging.yml": STAGING.replace('"1431"', '"9999"') }, user: "mallory" } });
    const squatter = ops().pulls[0];
    await w.play(releaseStaging());
    expect(ops().pulls).toHaveLength(2);
    expect(ops().pulls.find((p) => p.number === squatter.number)).toMatchObject({ title: "Release staging", body: "mine", state: "open" });
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body).toMatch(/^<!-- release-bot:reply-to=\d+ -->\nOpened #\d+: Release staging: billing 1431 → 1433$/);
  });
});

describe("labels: only writers, not triage users or other apps", () => {
  it("a triage user's deploy/production on the bot's release-staging PR deploys staging only, and says why", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    const release = pullFrom("release-staging");
    await w.play({ label: { repo: "acme/ops", pull: release.number, labels: ["deploy/production"], user: "carol" } });
    await w.play({ merge: { repo: "acme/ops", pull: release.number, user: "bob" } });
    expect(deploymentsOf().map((d) => d.environment)).toEqual(["staging"]);
    const note = botComments(pullFrom("release-staging").comments).map((c) => c.body).join("\n");
    expect(note).toContain("`deploy/production` label was added by `carol`, who has triage access");
  });

  it.each(["github-actions[bot]", "other-app[bot]"])("a deploy/staging label added by %s is not obeyed", async (app) => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1432", files: { "environments/staging.yml": STAGING.replace('"1431"', '"1432"') }, user: "alice" } });
    const number = pullFrom("hotfix").number;
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["deploy/staging"], user: app } });
    await w.play({ merge: { repo: "acme/ops", pull: number, user: "alice" } });
    expect(deploymentsOf()).toHaveLength(0);
    expect(botComments(pullFrom("hotfix").comments).at(-1)!.body).toContain("only users with write access may deploy");
  });

  it("a triage user's look-alike label `Deploy/ Production ` is checked as her own, not as the writer's `deploy/production`", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1432", files: { "environments/staging.yml": STAGING.replace('"1431"', '"1432"') }, labels: ["deploy/staging"], user: "alice" } });
    const number = pullFrom("hotfix").number;
    await w.play({ label: { repo: "acme/ops", pull: number, labels: ["Deploy/ Production "], user: "carol" } });
    await w.play({ merge: { repo: "acme/ops", pull: number, user: "alice" } });
    expect(deploymentsOf().map((d) => d.environment)).toEqual(["staging"]);
  });
});

describe("markers from other apps count no more than a user's", () => {
  it("another app's forged deploy-failure marker on the release PR does not silence the failure report", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    const [deployment] = deploymentsOf();
    const release = pullFrom("release-staging");
    await w.play({ comment: { repo: "acme/ops", issue: release.number, user: "other-app[bot]", body: `${deployMarker("failure", deployment.id)}\nCI summary` } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
    const failure = botComments(pullFrom("release-staging").comments).at(-1)!.body;
    expect(failure).toContain(deployMarker("failure", deployment.id));
    expect(failure).toContain("@alice");
    expect(pullFrom("rollback-staging").state).toBe("open");
    expect(w.transcript().notifications).toHaveLength(1);
  });

  it("github-actions[bot]'s forged deploy-issue marker on an issue does not make the bot skip it (viewerDidAuthor)", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    const [deployment] = deploymentsOf();
    await w.play({ comment: { repo: "acme/billing", issue: 41, user: "github-actions[bot]", body: deployMarker("issue", deployment.id) } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(botComments(issueOf("acme/billing", 41).comments)).toHaveLength(1);
    expect(issueOf("acme/billing", 41).labels).toEqual(["workflow/test"]);
  });

  it("a reader quoting the bot's reply, marker and all, does not make a later command go unanswered", async () => {
    w = await startWorld(hostileWorld());
    await w.play(releaseStaging());
    const reply = botComments(issueOf("acme/ops", 1).comments)[0].body;
    const nextId = w.sandbox.world.repo("acme/ops").commentsOn(1).at(-1)!.id + 2; // mallory's quote, then bob's command
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "mallory", body: `> ${reply.replace(/reply-to=\d+/, `reply-to=${nextId}`).replace(/\n/g, "\n> ")}\n\nsame here` } });
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "bob", body: "/status" } });
    const bobs = w.sandbox.world.repo("acme/ops").commentsOn(1).find((c) => c.user === "bob")!;
    expect(bobs.id).toBe(nextId);
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body.startsWith(`<!-- release-bot:reply-to=${nextId} -->`)).toBe(true);
  });
});

describe("commands", () => {
  it.each([
    ["a zero-width space after the slash", "/\u200Brelease staging"],
    ["a Cyrillic е in the command", "/rel\u0435ase staging"],
    ["a fullwidth slash", "\uFF0Frelease staging"],
    ["the command in a block quote", "> /release staging"],
    ["the command in a tilde fence", "~~~\n/release staging\n~~~"],
    ["the command in an HTML comment", "<!--\n/release staging\n-->"],
  ])("%s is not a command: nothing released, nothing answered", async (_name, body) => {
    w = await startWorld(hostileWorld());
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body } });
    expect(ops().pulls).toEqual([]);
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(0);
  });

  it("a second command line smuggled into the argument is not obeyed: only the first line counts", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "bob", body: "/status\n/release production --force" } });
    expect(ops().pulls).toEqual([]);
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(1);
  });

  // Was a hole: a writer's comment that *shows* a command in an HTML <pre> block (rendered as code, as
  // documentation) was obeyed. parse-command.ts now blanks CommonMark HTML blocks (<pre>, <details>, <div>…) like
  // fenced code blocks and HTML comments.
  it("a command shown as an example in a <pre> block does not release", async () => {
    w = await startWorld(hostileWorld());
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "To ship staging, comment this:\n<pre>\n/release staging\n</pre>" } });
    expect(ops().pulls).toEqual([]);
  });
});

describe("file and config text", () => {
  it("a component named like a ping, a closing keyword and a marker in a labelled hand edit stays inert in the deployment, the failure comment and the chat", async () => {
    w = await startWorld(hostileWorld());
    const name = "@carol fixes #1 <!-- release-bot:deploy-failure deployment=1 -->";
    const edited = `${STAGING}  ${JSON.stringify(name)}:\n    version: "1"\n    commit: ${BILLING_PIN}\n`;
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Add a component", files: { "environments/staging.yml": edited }, labels: ["deploy/staging"], user: "bob" } });
    await w.play({ merge: { repo: "acme/ops", head: "hotfix", user: "bob" } });
    const [deployment] = deploymentsOf();
    expect(Object.keys(parseDeploymentPayload(deployment.payload)!.components)).toEqual([name]);
    expect(deployment.description).not.toMatch(/@carol|#1\b|<!--/);
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
    const comments = botComments(pullFrom("hotfix").comments);
    expect(comments.some((c) => c.body.startsWith(deployMarker("failure", deployment.id)))).toBe(true);
    for (const c of comments) expectInert(c.body, "carol");
    expect(issueOf("acme/ops", 1).state).toBe("open");
    expect(JSON.stringify(w.transcript().notifications)).not.toMatch(/@carol|<!/);
  });

  it("a config whose environment names hold a ping and a marker is a config error that echoes neither", async () => {
    w = await startWorld(hostileWorld());
    const config = `${CONFIG}  "@carol": { from: builds }\n  "<!-- release-bot:reply-to=9 -->": { from: builds }\n`;
    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "More environments", files: { ".github/release-bot.yml": config } }] } });
    const report = ops().issues.find((i) => i.title === "release-bot: configuration error")!;
    expect(report).toBeDefined();
    const body = w.sandbox.world.repo("acme/ops").issue(report.number)!.body ?? "";
    expectInert(body, "carol");
    const check = ops().checkRuns.filter((c) => c.name === "release-bot/config").at(-1)!;
    expect(check.conclusion).toBe("failure");
    expectInert(check.summary ?? "", "carol");
  });
});
