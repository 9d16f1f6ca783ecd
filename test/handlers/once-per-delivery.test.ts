import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createReleaseBotOctokit } from "../../src/github/release-bot-octokit.js";
import { createApp } from "../../src/index.js";
import { API, assertNockDone, createTestProbot, setupNock, TEST_APP } from "../helpers/nock-probot.js";
import { TEST_INSTALLATION_ID, webhookExample } from "../helpers/webhook-example.js";

const REPO = "/repos/Codertocat/Hello-World";
const COMMENT_ID = 492700400;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

const command = () => webhookExample({ event: "issue_comment", action: "created", patch: (p) => (p.comment.body = "/release staging") });
/** The token exchange, however many times Probot asks (concurrent first requests may each ask). */
const token = () =>
  nock(API)
    .persist()
    .post(`/app/installations/${TEST_INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {}, repository_selection: "all" });

beforeEach(setupNock);
afterEach(() => {
  // Persisted token mocks are left; each test checks its own mocks were all used.
  nock.cleanAll();
  assertNockDone();
});

describe("once per delivery (Probot's receive, nock)", () => {

  it("ten copies of one delivery at the same moment are processed once: one reaction, one reply", async () => {
    token();
    const replies: string[] = [];
    nock(API)
      .get(`${REPO}/issues/1/comments`).query(true).reply(200, [])
      .get(`${REPO}/collaborators/Codertocat/permission`).delay(50).reply(200, { permission: "read", role_name: "read", user: null })
      .post(`${REPO}/issues/comments/${COMMENT_ID}/reactions`).reply(201, { id: 1, content: "-1" })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => (replies.push(b.body), true)).reply(201, { id: 2, body: "", user: { login: "release-bot[bot]" } });
    const probot = createTestProbot();
    await Promise.all(Array.from({ length: 10 }, () => probot.receive({ id: "delivery-1", name: "issue_comment", payload: command() as any })));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("needs write access");
    expect(nock.pendingMocks().filter((m) => !m.includes("access_tokens"))).toEqual([]);
  });

  it("a copy after the delivery was processed is skipped too; another delivery id is processed", async () => {
    token();
    const replies: string[] = [];
    const answer = (scope: nock.Scope) =>
      scope
        .get(`${REPO}/issues/1/comments`).query(true).reply(200, [])
        .get(`${REPO}/collaborators/Codertocat/permission`).reply(200, { permission: "read", role_name: "read", user: null })
        .post(`${REPO}/issues/comments/${COMMENT_ID}/reactions`).reply(201, { id: 1, content: "-1" })
        .post(`${REPO}/issues/1/comments`, (b: { body: string }) => (replies.push(b.body), true)).reply(201, { id: 2, body: "", user: { login: "release-bot[bot]" } });
    answer(nock(API));
    const probot = createTestProbot();
    await probot.receive({ id: "delivery-2", name: "issue_comment", payload: command() as any });
    await probot.receive({ id: "delivery-2", name: "issue_comment", payload: command() as any });
    expect(replies).toHaveLength(1);
    // A different delivery (e.g. the same command edited and re-sent) is its own work; its marker check still answers it once.
    answer(nock(API));
    await probot.receive({ id: "delivery-3", name: "issue_comment", payload: command() as any });
    expect(replies).toHaveLength(2);
    expect(nock.pendingMocks().filter((m) => !m.includes("access_tokens"))).toEqual([]);
  });

  it("a delivery whose processing failed is released: its redelivery is processed", async () => {
    token();
    const replies: string[] = [];
    nock(API)
      .get(`${REPO}/issues/1/comments`).query(true).reply(422, { message: "Validation Failed", errors: [] })
      .get(`${REPO}/issues/1/comments`).query(true).reply(200, [])
      .get(`${REPO}/collaborators/Codertocat/permission`).reply(200, { permission: "read", role_name: "read", user: null })
      .post(`${REPO}/issues/comments/${COMMENT_ID}/reactions`).reply(201, { id: 1, content: "-1" })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => (replies.push(b.body), true)).reply(201, { id: 2, body: "", user: { login: "release-bot[bot]" } });
    const probot = createTestProbot();
    await expect(probot.receive({ id: "delivery-4", name: "issue_comment", payload: command() as any })).rejects.toThrow();
    expect(replies).toEqual([]);
    await probot.receive({ id: "delivery-4", name: "issue_comment", payload: command() as any });
    expect(replies).toHaveLength(1);
    expect(nock.pendingMocks().filter((m) => !m.includes("access_tokens"))).toEqual([]);
  });
});

describe("a request that never answers (production request policy, short timeout)", () => {

  it("times out, is retried, then the command is told it timed out and will be retried; a redelivery answers it", async () => {
    token();
    const replies: string[] = [];
    const reactions: string[] = [];
    nock(API)
      .get(`${REPO}/issues/1/comments`).query(true).reply(200, [])
      .get(`${REPO}/collaborators/Codertocat/permission`).times(2).delay(2_000).reply(200, { permission: "read", role_name: "read", user: null })
      .post(`${REPO}/issues/comments/${COMMENT_ID}/reactions`, (b: { content: string }) => (reactions.push(b.content), true)).reply(201, { id: 1, content: "eyes" })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => (replies.push(b.body), true)).reply(201, { id: 2, body: "", user: { login: "release-bot[bot]" } });
    const Octokit = createReleaseBotOctokit({ policy: { timeoutMs: 200, retryDelaysMs: [10] }, throttle: false });
    const probot = new Probot({ appId: 1, privateKey, logLevel: "fatal", Octokit });
    await probot.load(createApp({ scheduler: false, identity: TEST_APP }));
    const started = Date.now();
    await probot.receive({ id: "delivery-5", name: "issue_comment", payload: command() as any });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(reactions).toEqual(["eyes"]);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("<!-- release-bot:retry-pending=492700400 -->");
    expect(replies[0]).toMatch(/`\/release staging` could not finish: GET \/repos\/\{owner\}\/\{repo\}\/collaborators\/\{username\}\/permission: GitHub did not answer: timed out after 0\.2 s \(2 attempts\)\. Nothing was written\. It will be retried/);
    expect(replies[0]).not.toMatch(/answered 500/);

    // The record was released: the redelivery runs the command again (and it is answered once, with the reply marker).
    nock.cleanAll();
    token();
    nock(API)
      .get(`${REPO}/issues/1/comments`).query(true).reply(200, [{ id: 2, body: replies[0], user: { login: "release-bot[bot]" }, performed_via_github_app: { id: 1 } }])
      .get(`${REPO}/collaborators/Codertocat/permission`).reply(200, { permission: "read", role_name: "read", user: null })
      .post(`${REPO}/issues/comments/${COMMENT_ID}/reactions`).reply(201, { id: 3, content: "-1" })
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => (replies.push(b.body), true)).reply(201, { id: 4, body: "", user: { login: "release-bot[bot]" } });
    await probot.receive({ id: "delivery-5", name: "issue_comment", payload: command() as any });
    expect(replies).toHaveLength(2);
    expect(replies[1]).toContain("<!-- release-bot:reply-to=492700400 -->");
    expect(nock.pendingMocks().filter((m) => !m.includes("access_tokens"))).toEqual([]);
  });
});
