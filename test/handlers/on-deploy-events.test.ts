import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API, assertNockDone, createTestProbot, mockInstallationToken, mockOpsSnapshot, setupNock } from "../helpers/nock-probot.js";
import { webhookExample } from "../helpers/webhook-example.js";

const REPO = "/repos/Codertocat/Hello-World";
const HEAD = "a".repeat(40);
const CONFIG = "components:\n  billing: { repo: Codertocat/billing, build: { workflow: ci.yml } }\nenvironments:\n  staging: { deploy: { workflow: deploy.yml } }\nreleaseOwners: [Codertocat]\n";
const contents = (path: string, text: string) => ({ type: "file", path, sha: "b".repeat(40), encoding: "base64", content: Buffer.from(text).toString("base64") });
const metadata = '<!-- release-bot:metadata {"version":1,"environment":"staging","components":{"billing":["Codertocat/billing","1","' + "1".repeat(40) + '","2","' + "2".repeat(40) + '"]},"issues":{}} -->';
const envText = (version: string) => `components:\n  billing:\n    version: "${version}"\n    commit: ${"1".repeat(40)}\n`;

/** The ops repo at its default head: the config and staging's env file; the merged release branch was deleted. */
const mockConfig = (scope: nock.Scope) =>
  mockOpsSnapshot(scope, { repo: "Codertocat/Hello-World", defaultBranch: "master", head: HEAD, config: CONFIG, files: { "environments/staging.yml": envText("2") } });

const mergedPull = (patch: (pr: Record<string, any>) => void) =>
  webhookExample({ event: "pull_request", action: "closed", patch: (p) => { p.pull_request.merged = true; p.pull_request.merged_by = { ...p.sender }; patch(p.pull_request); } });

describe("pull_request.closed handler (real payloads, nock)", () => {
  beforeEach(setupNock);
  afterEach(assertNockDone);

  it.each([
    ["a PR closed without merging", (pr: Record<string, any>) => { pr.merged = false; pr.head.ref = "release-staging"; }],
    ["a PR merged into another branch", (pr: Record<string, any>) => { pr.base.ref = "develop"; pr.head.ref = "release-staging"; }],
  ])("ignores %s without calling GitHub", async (_name, patch) => {
    await createTestProbot().receive({ id: "1", name: "pull_request", payload: mergedPull(patch) as any });
  });

  it("creates the deployment of a merged release PR from what git shows and dispatches the environment's deploy workflow", async () => {
    const sent: { deployment?: any; dispatch?: any } = {};
    const payload = mergedPull((pr) => {
      pr.head.ref = "release-staging";
      pr.head.repo = { ...pr.base.repo };
      pr.user = { ...pr.user, login: "release-bot[bot]", type: "Bot" };
      pr.labels = [];
      pr.body = `Release\n${metadata}`;
    });
    const sha = payload.pull_request.merge_commit_sha;
    const parent = "c".repeat(40);
    const envFile = (version: string) => contents("environments/staging.yml", envText(version));
    mockConfig(mockInstallationToken(nock(API)))
      .get(`${REPO}/deployments`).query({ environment: "staging", sha, per_page: "30" }).reply(200, [])
      // Nothing live yet: the merge is compared with its first parent.
      .get(`${REPO}/deployments`).query({ environment: "staging", per_page: "10" }).reply(200, [])
      .get(`${REPO}/git/commits/${sha}`).reply(200, { sha, parents: [{ sha: parent }] })
      .get(`${REPO}/contents/environments%2Fstaging.yml`).query({ ref: parent }).reply(200, envFile("1"))
      .get(`${REPO}/contents/environments%2Fstaging.yml`).query({ ref: sha }).reply(200, envFile("2"))
      .post(`${REPO}/deployments`, (body) => ((sent.deployment = body), true))
      .reply(201, { id: 77, sha, ref: sha, environment: "staging", payload: {}, created_at: "2026-11-23T08:00:00Z", creator: { login: "release-bot[bot]", type: "Bot" } })
      .post(`${REPO}/actions/workflows/deploy.yml/dispatches`, (body) => ((sent.dispatch = body), true)).reply(204);
    await createTestProbot().receive({ id: "2", name: "pull_request", payload: payload as any });
    expect(sent.deployment).toMatchObject({ ref: sha, environment: "staging", auto_merge: false, required_contexts: [], production_environment: false });
    expect(sent.deployment.payload).toMatchObject({ releaseBot: 1, environment: "staging", pull: payload.pull_request.number, kind: "release" });
    expect(sent.deployment.payload.components).toEqual({ billing: { repo: "Codertocat/billing", from: { version: "1", commit: "1".repeat(40) }, to: { version: "2", commit: "1".repeat(40) } } });
    expect(sent.deployment.description.length).toBeLessThanOrEqual(140);
    expect(sent.dispatch).toEqual({ ref: "master", inputs: { environment: "staging", deployment_id: "77", ref: sha } });
  });
});

describe("deployment_status handler (real payloads, nock)", () => {
  beforeEach(setupNock);
  afterEach(assertNockDone);

  const statusEvent = (patch: (p: Record<string, any>) => void) =>
    webhookExample({ event: "deployment_status", where: (p) => p.deployment.creator?.type === "Bot", patch });

  it("ignores a deployment a person created", async () => {
    const payload = statusEvent((p) => { p.deployment.creator.type = "User"; p.deployment_status.state = "failure"; });
    await createTestProbot().receive({ id: "3", name: "deployment_status", payload: payload as any });
  });

  it("ignores a bot's deployment that release-bot did not create (no release-bot payload), without calling GitHub", async () => {
    const payload = statusEvent((p) => { p.deployment.payload = { other: "bot" }; p.deployment_status.state = "failure"; });
    await createTestProbot().receive({ id: "4", name: "deployment_status", payload: payload as any });
  });

  it.each([
    ["github-actions[bot]", { id: 15368, slug: "github-actions" }],
    ["other-app[bot]", null],
  ])("ignores a deployment %s created with a payload shaped like release-bot's, without calling GitHub", async (login, app) => {
    const payload = statusEvent((p) => {
      p.deployment.payload = { releaseBot: 1, environment: "production", pull: 9, kind: "release", components: {}, issues: [{ repo: "Codertocat/Hello-World", number: 1 }] };
      p.deployment.creator.login = login;
      p.deployment.performed_via_github_app = app;
      p.deployment_status.state = "success";
    });
    await createTestProbot().receive({ id: "6", name: "deployment_status", payload: payload as any });
  });

  it("on failure labels the PR, tells the owners and opens nothing twice", async () => {
    const sent: { labels?: any; comment?: any } = {};
    const payload = statusEvent((p) => {
      p.deployment.payload = { releaseBot: 1, environment: "staging", pull: 9, kind: "rollback", components: {}, issues: [] };
      p.deployment_status.state = "failure";
      p.deployment.creator.login = "release-bot[bot]";
    });
    mockConfig(mockInstallationToken(nock(API)))
      .get(`${REPO}/pulls/9`).reply(200, { number: 9, title: "Roll back", body: "", state: "closed", merged_at: "2026-01-01T00:00:00Z", head: { ref: "rollback-staging", sha: HEAD }, base: { ref: "master" }, html_url: "https://github.com/Codertocat/Hello-World/pull/9", labels: [], user: { login: "release-bot[bot]" } })
      .get(`${REPO}/issues/9/comments`).query(true).reply(200, [])
      .post(`${REPO}/issues/9/labels`, (body) => ((sent.labels = body), true)).reply(200, [])
      .post(`${REPO}/issues/9/comments`, (body) => ((sent.comment = body), true)).reply(201, { id: 5, body: "", user: { login: "release-bot[bot]" } });
    await createTestProbot().receive({ id: "5", name: "deployment_status", payload: payload as any });
    expect(sent.labels).toEqual({ labels: ["deploy-failed"] });
    expect(sent.comment.body).toContain("@Codertocat");
    expect(sent.comment.body).toContain(payload.deployment_status.log_url);
  });
});
