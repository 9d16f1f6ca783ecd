import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReleaseBotOctokit } from "../../src/github/release-bot-octokit.js";
import { createApp } from "../../src/index.js";
import { API, assertNockDone, mockInstallationToken, setupNock, TEST_APP } from "../helpers/nock-probot.js";
import { webhookExample } from "../helpers/webhook-example.js";

const REPO = "/repos/Codertocat/Hello-World";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

describe("rate limits, with the production Octokit (throttling on)", () => {
  beforeEach(setupNock);
  afterEach(assertNockDone);

  it("waits out a secondary rate limit's retry-after and retries, so the command is still answered", async () => {
    const seen: number[] = [];
    mockInstallationToken(nock(API))
      .get(`${REPO}/issues/1/comments`).query(true).reply(200, [])
      .get(`${REPO}/collaborators/Codertocat/permission`).reply(200, { permission: "read", role_name: "read", user: null })
      .post(`${REPO}/issues/comments/492700400/reactions`).reply(() => (seen.push(Date.now()), [403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" }]))
      .post(`${REPO}/issues/comments/492700400/reactions`).reply(() => (seen.push(Date.now()), [201, { id: 1, content: "-1" }]))
      .post(`${REPO}/issues/1/comments`).reply(201, { id: 2, body: "", user: { login: "release-bot[bot]" } });
    const probot = new Probot({ appId: 1, privateKey, logLevel: "fatal", Octokit: ReleaseBotOctokit });
    await probot.load(createApp({ scheduler: false, identity: TEST_APP }));
    const payload = webhookExample({ event: "issue_comment", action: "created", patch: (p) => { p.comment.body = "/release staging"; } });
    await probot.receive({ id: "1", name: "issue_comment", payload: payload as any });
    expect(seen).toHaveLength(2);
    expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(990);
  });
});
