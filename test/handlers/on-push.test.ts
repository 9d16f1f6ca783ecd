import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API, assertNockDone, createTestProbot, mockInstallationToken, mockOpsSnapshot, setupNock } from "../helpers/nock-probot.js";
import { webhookExample } from "../helpers/webhook-example.js";

const REPO = "/repos/Codertocat/Hello-World";
const HEAD = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

const pushToDefault = () =>
  webhookExample({ event: "push", where: (p) => p.ref === "refs/heads/master" && !p.deleted, patch: (p) => { p.after = HEAD; } });

/** The ops repo at the pushed head: its config (null: none) and env files, no release branch. */
const mockConfig = (scope: nock.Scope, config: string | null, files?: Record<string, string>) =>
  mockOpsSnapshot(scope, { repo: "Codertocat/Hello-World", defaultBranch: "master", head: HEAD, config, files });

describe("push handler (real payloads, nock)", () => {
  beforeEach(setupNock);
  afterEach(assertNockDone);

  it("ignores a tag push without calling GitHub", async () => {
    const payload = webhookExample({ event: "push", where: (p) => p.ref === "refs/tags/simple-tag" && !p.deleted });
    await createTestProbot().receive({ id: "1", name: "push", payload: payload as any });
  });

  it("stops after one look at a repository that has no config (not an ops repo)", async () => {
    mockConfig(mockInstallationToken(nock(API)), null);
    await createTestProbot().receive({ id: "2", name: "push", payload: pushToDefault() as any });
  });

  it("reports an invalid config as a failing check run and one error issue, and keeps the valid environment working", async () => {
    const sent: { check?: any; issue?: any } = {};
    const scope = mockConfig(
      mockInstallationToken(nock(API)),
      `components:
  billing: { repo: Codertocat/billing, build: { workflow: ci.yml } }
environments:
  staging: { from: builds }
  production: { from: builds, schedule: "0 99 * * 1" }
`,
      { "environments/staging.yml": 'components:\n  billing: { version: "1", commit: abc }\n' },
    );
    scope
      .post(`${REPO}/check-runs`, (body) => ((sent.check = body), true)).reply(201, { id: 1 })
      .get(`${REPO}/issues`).query({ state: "open", per_page: "100" }).reply(200, [])
      .post(`${REPO}/issues`, (body) => ((sent.issue = body), true)).reply(201, { number: 7, title: "release-bot: configuration error", body: "", state: "open", labels: [], html_url: "https://github.com/Codertocat/Hello-World/issues/7" });
    await createTestProbot().receive({ id: "3", name: "push", payload: pushToDefault() as any });

    expect(sent.check).toMatchObject({ name: "release-bot/config", head_sha: HEAD, status: "completed", conclusion: "failure" });
    expect(sent.check.output.summary).toContain("environments.production.schedule");
    expect(sent.issue.title).toBe("release-bot: configuration error");
    expect(sent.issue.body).toContain("<!-- release-bot:config-error -->");
    expect(sent.issue.body).toContain("environments.production.schedule");
    expect(sent.issue.body).toContain("`staging`");
  });

  it("closes the error issue once the config is valid again", async () => {
    const sent: { check?: any; close?: any; comment?: any } = {};
    mockConfig(mockInstallationToken(nock(API)), "components: {}\nenvironments: {}\n")
      .post(`${REPO}/check-runs`, (body) => ((sent.check = body), true)).reply(201, { id: 1 })
      .get(`${REPO}/issues`).query(true)
      .reply(200, [
        // A user's issue with the same marker is plain text: never edited, never closed.
        { number: 6, title: "Copied the bot's report", body: "<!-- release-bot:config-error -->\nmine", state: "open", labels: [], html_url: "x", user: { login: "mallory", type: "User" } },
        { number: 7, title: "release-bot: configuration error", body: "<!-- release-bot:config-error -->\nold", state: "open", labels: [], html_url: "x", user: { login: "release-bot[bot]", type: "Bot" } },
      ])
      .post(`${REPO}/issues/7/comments`, (body) => ((sent.comment = body), true)).reply(201, { id: 3, body: "", user: { login: "release-bot[bot]" } })
      .patch(`${REPO}/issues/7`, (body) => ((sent.close = body), true)).reply(200, { number: 7, title: "t", body: "", state: "closed", labels: [], html_url: "x" });
    await createTestProbot().receive({ id: "4", name: "push", payload: pushToDefault() as any });
    expect(sent.check.conclusion).toBe("success");
    expect(sent.comment.body).toContain("valid again");
    expect(sent.close).toEqual({ state: "closed" });
  });
});
