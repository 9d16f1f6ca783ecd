/** The harness side of `crash`/`restart`: the real bot server, killed by the sandbox and replaced by a fresh one. */
import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { world } from "../scenarios/fixtures.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const status = { comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/status" } };

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const botReplies = (tw: TestWorld) => tw.sandbox.world.repo("acme/ops").commentsOn(1).filter((c) => c.user === "release-bot[bot]");

describe("crash and restart of the real bot in the test world", () => {
  it("a crash stops all the bot's writes; restart starts a fresh bot that works; close() accepts the deliberate failures", async () => {
    w = await startWorld(world());
    await w.play({ crash: { after: { method: "POST", route: COMMENTS, count: 1 } } });
    const lines = await w.play(status);
    expect(lines).toContain(`   ✖ release-bot killed (the 1st POST ${COMMENTS})`);
    expect(botReplies(w)).toEqual([]);
    w.takeWrites();
    // While it is down: deliveries fail, nothing is written.
    await w.play(status);
    expect(w.takeWrites()).toEqual([]);
    expect(w.sandbox.deliveries().every((d) => d.whileBotDown)).toBe(true);

    expect(w.bot.generation).toBe(1);
    const firstUrl = w.bot.url;
    expect((await w.play({ restart: {} }))[0]).toMatch(/release-bot restarts after its crash$/);
    expect(w.bot.generation).toBe(2);
    expect(w.bot.url).not.toBe(firstUrl);
    await w.play(status);
    expect(botReplies(w)).toHaveLength(1);
    const t = w.transcript();
    expect(t.webhooks.failed).toBe(2);
    expect(t.bot).toMatchObject({ restarts: 1, failedWhileDown: 2 });
  });

  it("close() still fails on a delivery that failed while the bot was up", async () => {
    w = await startWorld(world());
    await w.play({ crash: {} });
    await w.play(status); // expected to fail: the bot is down
    await w.play({ restart: {} });
    // The bot is up, but GitHub cannot reach it (nothing listens there): a real failure.
    w.sandbox.setWebhookTarget("http://127.0.0.1:9/api/github/webhooks");
    await w.play(status);
    const tw = w;
    w = undefined;
    await expect(tw.close()).rejects.toThrow(/^1 webhook deliveries failed \(besides those made while the bot was down\)$/);
  });
});
