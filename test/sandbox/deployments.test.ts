import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { installationClient, type Client } from "./sandbox-client.js";
import { smallWorld } from "./small-world.js";

describe("sandbox deployments (slice 2)", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const ops = { owner: "acme", repo: "ops" };
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: smallWorld() });
    octokit = installationClient(sandbox, "acme");
  });
  afterEach(async () => {
    // GitHub answers 409 with a JSON body ({ message, errors }); the OpenAPI description documents
    // that 409 without content, which the contract reads as "no body". Reported to the contract's owner.
    const violations = sandbox.contractViolations().filter((v) => !v.message.startsWith("status 409 must have no body"));
    await sandbox.close();
    expect(violations).toEqual([]);
  });

  it("creates a deployment of a sha, reports statuses from a step, and delivers deployment_status", async () => {
    const sha = sandbox.world.repo("acme/ops").branchHead("main")!;
    const d = await octokit.request("POST /repos/{owner}/{repo}/deployments", {
      ...ops,
      ref: sha,
      environment: "staging",
      auto_merge: false,
      required_contexts: [],
      payload: { components: { billing: "1433" }, pull: 2 },
      description: "Release staging: billing 1431 → 1433",
    });
    expect(d.status).toBe(201);
    const deployment = d.data as { id: number; sha: string; payload: unknown; production_environment?: boolean };
    expect(deployment).toMatchObject({ sha, payload: { components: { billing: "1433" }, pull: 2 }, production_environment: false });

    const lines = await sandbox.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success", logUrl: "https://ci.example/1" } });
    expect(lines[0]).toBe(`08:00 Mon 23 Nov · deployment ${deployment.id} of acme/ops to staging → success (https://ci.example/1)`);
    const statuses = await octokit.request("GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", { ...ops, deployment_id: deployment.id });
    expect(statuses.data.map((s: { state: string; log_url?: string }) => [s.state, s.log_url])).toEqual([["success", "https://ci.example/1"]]);
    const delivery = sandbox.deliveries().find((x) => x.event === "deployment_status")!;
    expect(delivery.payload).toMatchObject({ action: "created", deployment_status: { state: "success", log_url: "https://ci.example/1" }, deployment: { id: deployment.id, environment: "staging" } });
    expect(sandbox.transcript().repos["acme/ops"].deployments).toEqual([{ id: deployment.id, environment: "staging", ref: sha, sha, statuses: [{ state: "success", logUrl: "https://ci.example/1" }] }]);
    const list = await octokit.request("GET /repos/{owner}/{repo}/deployments", { ...ops, environment: "staging" });
    expect(list.data.map((x: { id: number | bigint }) => Number(x.id))).toEqual([deployment.id]);
  });

  it("refuses a deployment whose commit statuses are not green unless required_contexts is empty (409)", async () => {
    const billing = sandbox.world.repo("acme/billing");
    const red = billing.git.history(billing.branchHead("main")!)[1].sha; // ci/circleci: build failed on it
    await expect(octokit.request("POST /repos/{owner}/{repo}/deployments", { owner: "acme", repo: "billing", ref: red, environment: "staging" })).rejects.toMatchObject({ status: 409 });
    const ok = await octokit.request("POST /repos/{owner}/{repo}/deployments", { owner: "acme", repo: "billing", ref: red, environment: "staging", required_contexts: [] });
    expect(ok.status).toBe(201);
  });

  it("marks the earlier successful deployment of an environment inactive", async () => {
    const sha = sandbox.world.repo("acme/ops").branchHead("main")!;
    const first = await octokit.request("POST /repos/{owner}/{repo}/deployments", { ...ops, ref: sha, environment: "staging", required_contexts: [] });
    await octokit.request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", { ...ops, deployment_id: (first.data as { id: number }).id, state: "success", log_url: "https://ci.example/1" });
    const second = await octokit.request("POST /repos/{owner}/{repo}/deployments", { ...ops, ref: sha, environment: "staging", required_contexts: [] });
    await octokit.request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", { ...ops, deployment_id: (second.data as { id: number }).id, state: "success", log_url: "https://ci.example/2" });
    const states = sandbox.world.repo("acme/ops").deployments.map((d) => d.statuses.map((s) => s.state));
    expect(states).toEqual([["success", "inactive"], ["success"]]);
  });

  it("fails a deploymentStatus step readably when there is no deployment", async () => {
    await expect(sandbox.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "failure" } })).rejects.toThrow(
      "deploymentStatus: no deployment to production in acme/ops yet (the bot creates one when a release merges)",
    );
  });
});

describe("sandbox chat notification capture (slice 2)", () => {
  it("captures Slack-style incoming-webhook posts for the transcript", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld() });
    try {
      const res = await fetch(sandbox.notifyUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "Deploy of staging failed" }) });
      expect([res.status, await res.text()]).toEqual([200, "ok"]);
      expect(sandbox.transcript().notifications).toEqual([{ url: sandbox.notifyUrl, body: { text: "Deploy of staging failed" } }]);
      expect(sandbox.contractViolations()).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
