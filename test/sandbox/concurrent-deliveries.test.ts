import { afterEach, describe, expect, it } from "vitest";
import type { Delivery, Sandbox } from "../../src/sandbox/sandbox.js";
import { installationClient } from "./sandbox-client.js";
import { ALL_EVENTS, useSmallWorld } from "./small-world.js";
import { receiver, sleep, type Receiver } from "./webhook-receiver.js";

/** Every delivery of the batch started before any of them was answered. */
function overlap(batch: { arrivedAt?: number; sentAt?: number; answeredAt?: number }[]): boolean {
  const starts = batch.map((d) => d.arrivedAt ?? d.sentAt!);
  const ends = batch.map((d) => d.answeredAt!);
  return Math.max(...starts) < Math.min(...ends);
}

describe("sandbox deliveries at the same moment: concurrently, redeliver copies", () => {
  let sandbox: Sandbox;
  let r: Receiver | undefined;
  useSmallWorld((s) => (sandbox = s), { events: ALL_EVENTS });
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });
  const slowReceiver = async (ms = 150) => {
    r = await receiver(async () => {
      await sleep(ms);
      return 200;
    });
    sandbox.setWebhookTarget(r.url);
    return r;
  };

  it("performs the steps' world changes, then delivers all their webhooks at the same moment", async () => {
    const rec = await slowReceiver();
    const lines = await sandbox.play({
      concurrently: [
        { comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } },
        { comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/status" } },
        { label: { repo: "acme/billing", issue: 6, labels: ["deploy/staging"], user: "bob" } },
      ],
    });
    expect(lines.slice(0, 4)).toEqual([
      "08:00 Mon 23 Nov · at the same moment:",
      "   ‖ alice commented “/release staging” on acme/ops#1",
      "   ‖ alice commented “/status” on acme/ops#1",
      "   ‖ bob labels acme/billing#6 +deploy/staging",
    ]);
    expect(rec.received.map((x) => x.headers["x-github-event"])).toEqual(["issue_comment", "issue_comment", "issues"]);
    expect(rec.received.every((x) => x.answeredAt !== undefined)).toBe(true); // settled
    expect(overlap(rec.received)).toBe(true);
    expect(sandbox.transcript().webhooks).toEqual({ delivered: 3, failed: 0 });
  });

  it("delivers one step after another without `concurrently`", async () => {
    const rec = await slowReceiver(50);
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "one" } });
    await sandbox.play({ label: { repo: "acme/billing", issue: 6, labels: ["a", "b"], user: "bob" } });
    expect(rec.received).toHaveLength(3);
    for (let i = 1; i < rec.received.length; i++) expect(rec.received[i].arrivedAt).toBeGreaterThanOrEqual(rec.received[i - 1].answeredAt!);
  });

  it("refuses nested or restart sub-steps and names the bad sub-step", async () => {
    await expect(sandbox.play({ concurrently: [{ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "x" } }, { merge: { repo: "acme/ops" } }] })).rejects.toThrow(
      /steps\[\d+\] \(concurrently\)\[1\] \(merge\)\.user/,
    );
    await expect(sandbox.play({ concurrently: [{ restart: {} }] })).rejects.toThrow(/a `restart` step cannot run inside `concurrently`/);
    await expect(sandbox.play({ concurrently: [{ concurrently: [] }] })).rejects.toThrow(/concurrently/);
  });

  it("redelivers the newest delivery not sent by the bot as 10 copies with one GUID, all at once", async () => {
    const octokit = installationClient(sandbox, "acme");
    r = await receiver(async (x) => {
      // The bot answers the first delivery: the newest delivery is then the bot's own comment.
      if (r!.received.length === 1 && JSON.parse(x.body).sender.type !== "Bot") {
        await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "ops", issue_number: 1, body: "on it" });
      }
      await sleep(100);
      return 200;
    });
    sandbox.setWebhookTarget(r.url);
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(r.received).toHaveLength(2);
    const original = r.received[0];
    const lines = await sandbox.play({ redeliver: { copies: 10, atOnce: true } });
    expect(lines[0]).toMatch(/GitHub redelivers issue_comment\.created \([0-9a-f]{8}\) 10 times at the same moment$/);
    const copies = r.received.slice(2);
    expect(copies).toHaveLength(10);
    expect(new Set(copies.map((c) => c.headers["x-github-delivery"]))).toEqual(new Set([original.headers["x-github-delivery"]]));
    expect(copies.every((c) => c.body === original.body && c.headers["x-hub-signature-256"] === original.headers["x-hub-signature-256"])).toBe(true);
    expect(overlap(copies)).toBe(true);
    const redelivered = sandbox.deliveries().filter((d: Delivery) => d.redelivery);
    expect(redelivered).toHaveLength(10);
    expect(redelivered.every((d) => d.status === 200)).toBe(true);
  });

  it("sends copies one after another without `atOnce`, and keeps `redeliver: last` and `{ event, action }`", async () => {
    const rec = await slowReceiver(30);
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    await sandbox.play({ label: { repo: "acme/billing", issue: 6, labels: ["x"], user: "bob" } });
    await sandbox.play({ redeliver: { event: "issue_comment", action: "created", copies: 3 } });
    const copies = rec.received.slice(2);
    expect(copies.map((c) => c.headers["x-github-delivery"])).toEqual(Array(3).fill(rec.received[0].headers["x-github-delivery"]));
    for (let i = 1; i < copies.length; i++) expect(copies[i].arrivedAt).toBeGreaterThanOrEqual(copies[i - 1].answeredAt!);
    const last = await sandbox.play({ redeliver: "last" });
    expect(last[0]).toMatch(/GitHub redelivers issue_comment\.created/); // the newest delivery is a copy of the comment's
    await sandbox.play({ redeliver: { event: "issues" } });
    expect(rec.received.at(-1)!.headers["x-github-delivery"]).toBe(rec.received[1].headers["x-github-delivery"]);
    await expect(sandbox.play({ redeliver: { action: "created" } })).rejects.toThrow(/`action` needs `event`/);
  });
});
