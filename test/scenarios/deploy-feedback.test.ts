import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import { createDeployment } from "../../src/sandbox/world/operations/deployment-operations.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { BILLING_PIN, CONFIG, releaseStaging, STAGING, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const ops = () => w!.transcript().repos["acme/ops"];
const billingIssue = (n: number) => w!.transcript().repos["acme/billing"].issues.find((i) => i.number === n)!;
const searchIssue = (n: number) => w!.transcript().repos["acme/search"].issues.find((i) => i.number === n)!;
const deploymentsOf = () => w!.sandbox.world.repo("acme/ops").deployments;
const botComments = (comments: { user: string; body: string }[]) => comments.filter((c) => c.user === "release-bot[bot]");

async function releaseAndMerge(): Promise<void> {
  await w!.play(releaseStaging());
  await w!.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
}

describe("deploy on merge", () => {
  it("a merged release PR becomes one deployment of its merge commit, with the components, versions and PR in the payload", async () => {
    w = await startWorld(world());
    await releaseAndMerge();
    const [deployment] = deploymentsOf();
    expect(deploymentsOf()).toHaveLength(1);
    const pull = ops().pulls[0];
    expect(deployment).toMatchObject({ environment: "staging", sha: ops().branches.main, productionEnvironment: false, creator: "release-bot[bot]" });
    expect(deployment.description!.length).toBeLessThanOrEqual(140);
    const payload = parseDeploymentPayload(deployment.payload);
    expect(payload).toMatchObject({ environment: "staging", pull: pull.number, kind: "release", mergedBy: "bob" });
    expect(payload!.components.billing).toMatchObject({ from: { version: "1431", commit: BILLING_PIN }, to: { version: "1433" } });

    // The same merge event delivered again deploys nothing more.
    await w.play({ redeliver: { event: "pull_request", action: "closed" } });
    expect(deploymentsOf()).toHaveLength(1);
  });

  it("a deploy workflow the app may not dispatch is reported on the PR; the deployment still exists", async () => {
    const config = CONFIG.replace("staging: { from: builds }", "staging: { from: builds, deploy: { workflow: deploy.yml } }");
    w = await startWorld(world({ ops: { config } }));
    await releaseAndMerge();
    expect(deploymentsOf()).toHaveLength(1);
    const note = botComments(ops().pulls[0].comments).at(-1)!.body;
    expect(note).toContain("dispatching `deploy.yml` failed");
    expect(note).toContain("Actions: write");
  });

  it("a hand-made PR labelled deploy/<env> deploys what it changed; an unknown environment label is answered and deploys nothing", async () => {
    w = await startWorld(world());
    const edited = STAGING.replace('"1431"', '"1432"');
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1432", body: "Fixes acme/billing#41", files: { "environments/staging.yml": edited }, labels: ["deploy/staging", "deploy/qa"], user: "alice" } });
    await w.play({ merge: { repo: "acme/ops", head: "hotfix", user: "alice" } });
    expect(deploymentsOf().map((d) => d.environment)).toEqual(["staging"]);
    const payload = parseDeploymentPayload(deploymentsOf()[0].payload);
    expect(payload).toMatchObject({ kind: "label", components: { billing: { from: { version: "1431" }, to: { version: "1432" } } } });
    expect(payload!.components.search).toBeUndefined();
    const hotfix = ops().pulls.find((p) => p.head === "hotfix")!;
    expect(botComments(hotfix.comments).at(-1)!.body).toMatch(/Not deployed to `qa`: no such environment/);
  });
});

describe("deploy feedback", () => {
  it("success labels the PR deployed, links the log, comments once on every referenced issue and moves their labels", async () => {
    w = await startWorld(world());
    await releaseAndMerge();
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success", logUrl: "https://ci.example/deploy/1" } });
    const pull = ops().pulls[0];
    expect(pull.labels).toContain("deployed");
    expect(botComments(pull.comments).at(-1)!.body).toContain("https://ci.example/deploy/1");
    for (const issue of [billingIssue(41), billingIssue(43)]) {
      expect(botComments(issue.comments)).toHaveLength(1);
      expect(botComments(issue.comments)[0].body).toContain("staging");
      expect(issue.labels).toContain("workflow/test");
      expect(issue.labels).not.toContain("workflow/ready-for-staging");
      expect(issue.state).toBe("open");
    }
    // acme/search#7 is referenced by billing's PR #42, in another repo the app can reach.
    expect(botComments(searchIssue(7).comments)).toHaveLength(1);
    // The issues were read in one batched GraphQL query, not one REST read (and comment list) per issue.
    const byRoute = w.transcript().api.byRoute;
    expect(byRoute["GET /repos/{owner}/{repo}/issues/{issue_number}"] ?? 0).toBe(0);

    // Delivered three times in all: still one comment each, no second label flip.
    w.takeWrites();
    await w.play({ redeliver: { event: "deployment_status" } });
    await w.play({ redeliver: { event: "deployment_status" } });
    expect(w.takeWrites()).toEqual([]);
    expect(botComments(billingIssue(41).comments)).toHaveLength(1);
  });

  it("notes progress once per deployment, however many in-progress statuses arrive", async () => {
    w = await startWorld(world());
    await releaseAndMerge();
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "queued" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "in_progress" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "in_progress" } });
    const notes = botComments(ops().pulls[0].comments).filter((c) => c.body.includes("deploy-progress"));
    expect(notes).toHaveLength(1);
    expect(ops().pulls[0].labels).toEqual([]);
  });

  it("in production, issues labelled workflow/ready are closed", async () => {
    const config = CONFIG.replace("production: { from: builds }", "production: { from: builds, transitions: { workflow/ready: close } }");
    w = await startWorld(world({ ops: { config } }));
    await w.play({ label: { repo: "acme/billing", issue: 41, labels: ["workflow/ready"], remove: ["workflow/ready-for-staging"], user: "alice" } });
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release production" } });
    await w.play({ merge: { repo: "acme/ops", head: "release-production", user: "alice" } });
    expect(deploymentsOf()[0].productionEnvironment).toBe(true);
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success" } });
    expect(billingIssue(41).state).toBe("closed");
    expect(billingIssue(43).state).toBe("open");
  });

  it("failure labels deploy-failed, mentions the release owners, notifies the chat and opens a rollback PR with the previous env file", async () => {
    w = await startWorld(world());
    await releaseAndMerge();
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure", logUrl: "https://ci.example/deploy/9" } });
    const release = ops().pulls.find((p) => p.head === "release-staging")!;
    expect(release.labels).toContain("deploy-failed");
    const failure = botComments(release.comments).at(-1)!.body;
    expect(failure).toContain("@alice");
    expect(failure).toContain("https://ci.example/deploy/9");
    const rollback = ops().pulls.find((p) => p.head === "rollback-staging")!;
    expect(rollback.state).toBe("open");
    expect(rollback.files["environments/staging.yml"]).toBe(STAGING);
    expect(failure).toContain(`#${rollback.number}`);
    const notifications = w.transcript().notifications;
    expect(notifications).toHaveLength(1);
    expect(JSON.stringify(notifications[0].body)).toContain("staging");
    expect(JSON.stringify(notifications[0].body)).not.toContain("release-bot:metadata");
    // No issue hears about a failed deploy.
    expect(botComments(billingIssue(41).comments)).toEqual([]);

    // Redelivered failure: no second comment, notification or rollback PR.
    await w.play({ redeliver: { event: "deployment_status" } });
    expect(ops().pulls.filter((p) => p.head === "rollback-staging")).toHaveLength(1);
    expect(w.transcript().notifications).toHaveLength(1);
    expect(botComments(ops().pulls.find((p) => p.head === "release-staging")!.comments).filter((c) => c.body.includes("@alice"))).toHaveLength(1);

    // Merging the rollback deploys it like any release.
    await w.play({ merge: { repo: "acme/ops", head: "rollback-staging", user: "alice" } });
    expect(deploymentsOf()).toHaveLength(2);
    expect(parseDeploymentPayload(deploymentsOf()[1].payload)).toMatchObject({ kind: "rollback", environment: "staging" });
  });

  it("/rollback <env> opens the same rollback PR on demand", async () => {
    w = await startWorld(world());
    await releaseAndMerge();
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/rollback staging" } });
    const rollback = ops().pulls.find((p) => p.head === "rollback-staging")!;
    expect(rollback.files["environments/staging.yml"]).toBe(STAGING);
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "mallory", body: "/rollback staging" } });
    expect(ops().pulls.filter((p) => p.head === "rollback-staging")).toHaveLength(1);
  });

  it("an issue in a repository the app cannot reach is skipped and reported; the rest are told", async () => {
    w = await startWorld({
      ...world(),
      repos: { ...world().repos, "secret/vault": { issues: [{ number: 4, title: "Rotate keys" }] } },
      installations: [{ id: 1, account: "acme" }],
    });
    // billing's PR #44 also references an issue in a repo outside the installation.
    const billing = w.sandbox.world.repo("acme/billing");
    const pr44 = billing.pull(44)!;
    pr44.body = "Resolves #43, see secret/vault#4";
    await releaseAndMerge();
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    const success = botComments(ops().pulls[0].comments).at(-1)!.body;
    expect(success).toContain("secret/vault#4");
    expect(success).toMatch(/cannot reach/);
    expect(botComments(billingIssue(43).comments)).toHaveLength(1);
  });

  it("ignores statuses of deployments it did not create", async () => {
    w = await startWorld(world());
    const repo = w.sandbox.world.repo("acme/ops");
    createDeployment(w.sandbox.world, repo, { ref: "main", environment: "staging", payload: { releaseBot: 1, environment: "staging", pull: 1, kind: "release", components: {}, issues: [] }, creator: "alice", requiredContexts: [] });
    w.takeWrites();
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
    expect(w.takeWrites()).toEqual([]);
  });
});
