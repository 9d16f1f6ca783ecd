import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/sandbox.js";
import { appClient, installationClient, raw, type Client } from "./sandbox-client.js";
import { useSmallWorld } from "./small-world.js";
import { receiver, sleep, type Receiver } from "./webhook-receiver.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const ops = { owner: "acme", repo: "ops" };

describe("sandbox crash and restart of the bot's process", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  let r: Receiver | undefined;
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });
  const comment = (client: Client, body: string) => client.request(`POST ${COMMENTS}`, { ...ops, issue_number: 1, body });
  const bodies = () => sandbox.world.repo("acme/ops").commentsOn(1).map((c) => c.body);

  it("kills the bot at the count-th matching request, before it is served; then every bot request is dropped unanswered", async () => {
    const lines = await sandbox.play({ crash: { after: { method: "POST", route: COMMENTS, count: 2 } } });
    expect(lines[0]).toMatch(/release-bot will be killed at its 2nd POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments$/);
    expect((await comment(octokit, "first")).status).toBe(201);
    expect(sandbox.botProcess().down).toBe(false);
    const requestsBefore = sandbox.transcript().api.requests;
    await expect(comment(octokit, "second")).rejects.toThrow(/socket|other side closed|fetch failed/i);
    expect(sandbox.botProcess()).toMatchObject({ down: true, crashes: [{ cause: `the 2nd POST ${COMMENTS}` }] });
    // Reads, GraphQL, app (JWT) requests and chat notifications: nothing gets through, nothing changes.
    await expect(octokit.request("GET /repos/{owner}/{repo}", ops)).rejects.toThrow();
    await expect(octokit.graphql(`{ rateLimit { remaining } }`)).rejects.toThrow();
    await expect(appClient(sandbox).request("GET /app")).rejects.toThrow();
    await expect(fetch(sandbox.notifyUrl, { method: "POST", body: "{}" })).rejects.toThrow();
    expect(bodies()).toEqual(["first"]);
    expect(sandbox.world.notifications).toEqual([]);
    expect(sandbox.transcript().api.requests).toBe(requestsBefore);
    expect(sandbox.transcript().writes).toHaveLength(1);
    expect(sandbox.botProcess().refusedRequests).toBeGreaterThanOrEqual(5);
    // Anyone without the app's credentials is still answered (GitHub itself is up).
    expect((await raw(sandbox, "GET", "/repos/acme/other")).status).toBeGreaterThanOrEqual(400);
  });

  it("`crash: {}` kills at once; deliveries while down fail (webhooks.failed), and are marked so", async () => {
    r = await receiver();
    sandbox.setWebhookTarget(r.url);
    const lines = await sandbox.play({ crash: {} });
    expect(lines).toEqual(["08:00 Mon 23 Nov · release-bot is killed (SIGKILL)", "   ✖ release-bot killed (at once)"]);
    const played = await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(played[1]).toMatch(/⚠ webhook issue_comment\.created answered connect ECONNREFUSED \(the bot process is down\)/);
    expect(r.received).toEqual([]);
    expect(sandbox.deliveries()[0]).toMatchObject({ status: 0, whileBotDown: true });
    const t = sandbox.transcript();
    expect(t.webhooks).toEqual({ delivered: 0, failed: 1 });
    expect(t.bot).toMatchObject({ crashes: [{ cause: "at once" }], restarts: 0, failedWhileDown: 1 });
  });

  it("cuts the delivery in flight when the handler's request kills the bot", async () => {
    const answered: number[] = [];
    r = await receiver(async () => {
      // Like a handler: it writes, and would answer 200 after a while.
      await comment(octokit, "working on it").then(
        () => answered.push(201),
        () => answered.push(0),
      );
      await sleep(200);
      return 200;
    });
    sandbox.setWebhookTarget(r.url);
    await sandbox.play({ crash: { after: { method: "POST", route: COMMENTS } } });
    const lines = await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(lines).toContain(`   ✖ release-bot killed (the 1st POST ${COMMENTS})`);
    expect(answered).toEqual([0]);
    expect(bodies()).toEqual(["/release staging"]);
    expect(sandbox.deliveries()[0]).toMatchObject({ status: 0, whileBotDown: true, error: "the bot process died" });
  });

  it("restart: runs the registered hook (old bot stopped while still dead, revive, new bot); the dead process's tokens stay dead", async () => {
    const order: string[] = [];
    const stale = installationClient(sandbox, "acme");
    expect((await comment(stale, "before")).status).toBe(201); // it holds a token now
    sandbox.onRestart(async ({ revive }) => {
      order.push(`stopping (down: ${sandbox.botProcess().down})`);
      revive();
      order.push(`starting (down: ${sandbox.botProcess().down})`);
    });
    await sandbox.play({ crash: {} });
    const lines = await sandbox.play({ restart: {} });
    expect(lines[0]).toMatch(/release-bot restarts after its crash$/);
    expect(order).toEqual(["stopping (down: true)", "starting (down: false)"]);
    // What the dead process held cannot act again; a fresh process (a new client) can.
    await expect(comment(stale, "zombie")).rejects.toThrow();
    expect((await comment(installationClient(sandbox, "acme"), "after")).status).toBe(201);
    expect(bodies()).toEqual(["before", "after"]);
    expect(sandbox.transcript().bot).toMatchObject({ restarts: 1, crashes: [{ cause: "at once" }] });
  });

  it("restart without a registered bot just revives the process", async () => {
    await sandbox.play({ crash: {} });
    expect((await sandbox.play({ restart: {} }))[0]).toMatch(/release-bot is back \(no bot process registered to restart\)$/);
    expect(sandbox.botProcess().down).toBe(false);
    expect((await comment(installationClient(sandbox, "acme"), "ok")).status).toBe(201);
  });
});
