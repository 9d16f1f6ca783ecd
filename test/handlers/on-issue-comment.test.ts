import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API, assertNockDone, createTestProbot, mockInstallationToken, mockOpsSnapshot, setupNock } from "../helpers/nock-probot.js";
import { webhookExample } from "../helpers/webhook-example.js";

const REPO = "/repos/Codertocat/Hello-World";
const CONFIG = `components:
  billing: { repo: Codertocat/billing, build: { workflow: ci.yml } }
environments:
  staging: { from: builds }
`;
const STAGING = `components:\n  billing:\n    version: "1.4.0"\n    commit: ${"1".repeat(40)}\n`;

const commentEvent = (body: string, patch?: (p: Record<string, any>) => void) =>
  webhookExample({
    event: "issue_comment",
    action: "created",
    patch: (p) => {
      p.comment.body = body;
      patch?.(p);
    },
  });

describe("issue_comment handler (real payloads, nock)", () => {
  beforeEach(setupNock);
  afterEach(assertNockDone);

  it.each([
    ["a comment that is no command", "Looks good to me, ship it", undefined],
    ["a quoted command", "> /release staging\nquoting the earlier request", undefined],
    ["the bot's own comment", "/release staging", (p: Record<string, any>) => { p.sender.type = "Bot"; p.sender.login = "release-bot[bot]"; }],
  ])("ignores %s without calling GitHub", async (_name, body, patch) => {
    const probot = createTestProbot();
    await probot.receive({ id: "1", name: "issue_comment", payload: commentEvent(body, patch) as any });
  });

  it("refuses /release from a user with read access, with a 👎 and a reason", async () => {
    let reply = "";
    mockInstallationToken(nock(API))
      .get(`${REPO}/issues/1/comments`).query({ since: "2019-05-15T15:20:21Z", per_page: "100" }).reply(200, [])
      .get(`${REPO}/collaborators/Codertocat/permission`).reply(200, { permission: "read", role_name: "read", user: null })
      .post(`${REPO}/issues/comments/492700400/reactions`, { content: "-1" }).reply(201, { id: 1, content: "-1" })
      .post(`${REPO}/issues/1/comments`, (body: { body: string }) => ((reply = body.body), true)).reply(201, { id: 2, body: "", user: { login: "release-bot[bot]" } });
    const probot = createTestProbot();
    await probot.receive({ id: "2", name: "issue_comment", payload: commentEvent("/release staging") as any });
    expect(reply).toContain("needs write access to Codertocat/Hello-World");
    expect(reply).toContain("“read”");
    expect(reply).toContain("<!-- release-bot:reply-to=492700400 -->");
  });

  it("answers a redelivered command only once (the reply marker is already there)", async () => {
    mockInstallationToken(nock(API))
      .get(`${REPO}/issues/1/comments`).query(true)
      .reply(200, [{ id: 9, body: "<!-- release-bot:reply-to=492700400 -->\nOpened #2", user: { login: "release-bot[bot]" } }]);
    const probot = createTestProbot();
    await probot.receive({ id: "3", name: "issue_comment", payload: commentEvent("/release staging") as any });
  });

  it("refuses an unknown environment and names the known ones", async () => {
    let reply = "";
    const scope = mockInstallationToken(nock(API))
      .get(`${REPO}/issues/1/comments`).query(true).reply(200, [])
      .get(`${REPO}/collaborators/Codertocat/permission`).reply(200, { permission: "write", role_name: "write", user: null });
    mockOpsSnapshot(scope, { repo: "Codertocat/Hello-World", defaultBranch: "main", head: "a".repeat(40), config: CONFIG, files: { "environments/staging.yml": STAGING } })
      .post(`${REPO}/issues/comments/492700400/reactions`, { content: "-1" }).reply(201, { id: 1, content: "-1" })
      .post(`${REPO}/issues/1/comments`, (body: { body: string }) => ((reply = body.body), true)).reply(201, { id: 2, body: "", user: { login: "release-bot[bot]" } });
    const probot = createTestProbot();
    await probot.receive({ id: "4", name: "issue_comment", payload: commentEvent("/release qa") as any });
    expect(reply).toContain("There is no environment `qa`"); // the argument is echoed in a code span (issue 7, rule 6)
    expect(reply).toContain("`staging`");
  });
});
