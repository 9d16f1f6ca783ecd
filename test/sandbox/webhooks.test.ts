import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { verify } from "@octokit/webhooks-methods";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { installationClient } from "./sandbox-client.js";
import { smallWorld } from "./small-world.js";

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A stand-in for the bot: records deliveries; `onDelivery` may call the sandbox back (like a handler). */
async function receiver(onDelivery: (r: Received) => Promise<number> = async () => 200): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      res.writeHead(await onDelivery(r)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`, received, server };
}

describe("sandbox webhooks", () => {
  let sandbox: Sandbox;
  let server: Server | undefined;
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: smallWorld(), webhookSecret: "s3cret" });
  });
  afterEach(async () => {
    const violations = sandbox.contractViolations();
    await sandbox.close();
    server?.close();
    expect(violations).toEqual([]);
  });

  it("signs deliveries and sends GitHub's headers", async () => {
    const r = await receiver();
    server = r.server;
    sandbox.setWebhookTarget(r.url);
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(r.received).toHaveLength(1);
    const [{ headers, body }] = r.received;
    expect(await verify("s3cret", body, String(headers["x-hub-signature-256"]))).toBe(true);
    expect(await verify("wrong", body, String(headers["x-hub-signature-256"]))).toBe(false);
    expect(headers["x-github-event"]).toBe("issue_comment");
    expect(headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers["x-github-hook-installation-target-id"]).toBe(String(sandbox.appId));
    const payload = JSON.parse(body);
    const installation = [...sandbox.world.installations.values()].find((i) => i.account === "acme")!;
    expect(payload).toMatchObject({
      action: "created",
      issue: { number: 1 },
      comment: { body: "/release staging", user: { login: "alice", type: "User" } },
      repository: { full_name: "acme/ops" },
      organization: { login: "acme" },
      sender: { login: "alice" },
      installation: { id: installation.id, node_id: expect.any(String) },
    });
  });

  it("has at least the top-level keys of GitHub's example payloads", async () => {
    const octokit = installationClient(sandbox, "acme");
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "hi" } });
    await sandbox.play({ push: { repo: "acme/billing", commits: [{ message: "More", author: "bob" }], force: false } });
    await sandbox.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "main", conclusion: "success", event: "push", fromFork: false } });
    await sandbox.play({ openPull: { repo: "acme/ops", head: "x", title: "X", body: "", labels: [], user: "alice", draft: false } });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "acme", repo: "ops", pull_number: 2, state: "closed" });
    const keysOf = (event: string, action?: string) => {
      const example = examples.find((e) => e.name === event)!.examples.find((x) => x.action === action || action === undefined)!;
      return Object.keys(example).filter((k) => k !== "enterprise");
    };
    for (const [event, action] of [["issue_comment", "created"], ["push", undefined], ["workflow_run", "completed"], ["pull_request", "opened"], ["pull_request", "closed"]] as const) {
      const delivery = sandbox.deliveries().find((d) => d.event === event && d.action === action)!;
      expect(delivery, `${event}.${action}`).toBeDefined();
      for (const key of keysOf(event, action)) expect(delivery.payload, `${event}.${action} lacks ${key}`).toHaveProperty(key);
      const pushCommitKeys = Object.keys((examples.find((e) => e.name === "push")!.examples.find((x) => (x.commits as unknown[]).length > 0)!.commits as object[])[0]);
      if (event === "push") for (const key of pushCommitKeys) expect((delivery.payload.commits as object[])[0]).toHaveProperty(key);
    }
  });

  it("settle() waits for webhooks caused by the handler's own writes", async () => {
    const octokit = installationClient(sandbox, "acme");
    const r = await receiver(async ({ headers, body }) => {
      const payload = JSON.parse(body);
      // The "bot" answers a human comment with a comment of its own (which GitHub announces too).
      if (headers["x-github-event"] === "issue_comment" && payload.sender.type !== "Bot") {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "ops", issue_number: 1, body: "on it" });
      }
      return 200;
    });
    server = r.server;
    sandbox.setWebhookTarget(r.url);
    const lines = await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(r.received.map((x) => JSON.parse(x.body).sender.login)).toEqual(["alice", "release-bot[bot]"]);
    expect(lines).toEqual(["08:00 Mon 23 Nov · alice commented “/release staging” on acme/ops#1", "   ↳ release-bot commented on acme/ops#1: “on it”"]);
    expect(sandbox.transcript().webhooks).toEqual({ delivered: 2, failed: 0 });
  });

  it("queues deliveries until a target is set, counts failures, and redelivers the last human event", async () => {
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(sandbox.deliveries()[0].status).toBeUndefined();
    let status = 500;
    const r = await receiver(async () => status);
    server = r.server;
    sandbox.setWebhookTarget(r.url);
    await sandbox.settle();
    expect(sandbox.transcript().webhooks).toEqual({ delivered: 0, failed: 1 });
    status = 200;
    const lines = await sandbox.play({ redeliver: "last" });
    expect(lines[0]).toMatch(/GitHub redelivers issue_comment\.created/);
    expect(r.received).toHaveLength(2);
    expect(r.received[1].headers["x-github-delivery"]).toBe(r.received[0].headers["x-github-delivery"]);
    expect(r.received[1].body).toBe(r.received[0].body);
    expect(sandbox.transcript().webhooks).toEqual({ delivered: 1, failed: 1 });
    await expect(sandbox.play({ redeliver: { event: "deployment_status" } })).rejects.toThrow(/no earlier deployment_status delivery/);
  });

  it("sends nothing for repositories without an installation or events the app did not subscribe to", async () => {
    await sandbox.play({ closeIssue: { repo: "acme/billing", issue: 6, user: "bob" } });
    expect(sandbox.deliveries()).toEqual([]); // `issues` is not in app.yml's default_events
    await sandbox.play({ push: { repo: "other/public", commits: [{ message: "x", author: "bob" }], force: false } });
    expect(sandbox.deliveries()).toEqual([]);
  });
});
