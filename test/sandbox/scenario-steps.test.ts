import { describe, expect, it } from "vitest";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { type Client } from "./sandbox-client.js";
import { ALL_EVENTS, useSmallWorld } from "./small-world.js";
import { webhookSchemaErrors } from "./webhook-schema.js";

describe("sandbox scenario steps: fork PRs, foreign deployments", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const ops = { owner: "acme", repo: "ops" };
  useSmallWorld(
    (s, o) => {
      sandbox = s;
      octokit = o;
    },
    { events: ALL_EVENTS },
  );

  it("opens a fork PR whose head branch lives only in the user's fork", async () => {
    const lines = await sandbox.play({
      openPull: { repo: "acme/ops", head: "release-production", title: "Release production", body: "<!-- release-bot:release -->", files: { "environments/production.yml": "components: {}\n" }, user: "mallory", fromFork: "mallory" },
    });
    expect(lines[0]).toBe("08:00 Mon 23 Nov · mallory opened acme/ops#2 “Release production” (mallory:release-production → main)");
    const world = sandbox.world;
    expect(world.repo("acme/ops").branchHead("release-production")).toBeUndefined();
    expect(world.repo("mallory/ops")).toMatchObject({ forkOf: "acme/ops", private: true });
    const pull = (await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: 2 })).data;
    expect(pull.head).toMatchObject({ label: "mallory:release-production", ref: "release-production", user: { login: "mallory" }, repo: { full_name: "mallory/ops", fork: true } });
    expect(pull.base).toMatchObject({ label: "acme:main", repo: { full_name: "acme/ops" } });
    // The fork's commits are readable through the base repository, as on GitHub.
    const files = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...ops, pull_number: 2 });
    expect(files.data.map((f) => f.filename)).toEqual(["environments/production.yml"]);
    const head = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", { ...ops, ref: pull.head.sha });
    expect(head.data.sha).toBe(pull.head.sha);
    await expect(octokit.request("GET /repos/{owner}/{repo}/branches/{branch}", { ...ops, branch: "release-production" })).rejects.toMatchObject({ status: 404 });

    const opened = sandbox.deliveries().find((d) => d.event === "pull_request" && d.action === "opened")!;
    expect(opened.payload.pull_request).toMatchObject({ head: { label: "mallory:release-production", repo: { full_name: "mallory/ops", fork: true } } });
    expect(sandbox.deliveries().filter((d) => d.event === "push")).toEqual([]); // nothing was pushed to acme/ops
    expect(webhookSchemaErrors("webhook-pull-request-opened", opened.payload)).toEqual([]);
  });

  it("creates a deployment someone else made, delivers it, and lets deploymentStatus steps target it", async () => {
    const billingSha = sandbox.world.repo("acme/ops").branchHead("main")!;
    const lines = await sandbox.play({
      createDeployment: { repo: "acme/ops", environment: "production", ref: "main", user: "github-actions[bot]", payload: { components: { billing: { from: "1", to: "7777" } }, issues: ["acme/billing#3"] }, description: "Deploy" },
    });
    const deployment = sandbox.world.repo("acme/ops").deployments[0];
    expect(lines[0]).toBe(`08:00 Mon 23 Nov · github-actions[bot] created deployment ${deployment.id} of acme/ops@${billingSha.slice(0, 7)} to production`);
    const delivered = sandbox.deliveries().find((d) => d.event === "deployment")!;
    expect(delivered.payload).toMatchObject({
      action: "created",
      sender: { login: "github-actions[bot]" },
      deployment: { id: deployment.id, ref: "main", sha: billingSha, environment: "production", description: "Deploy", payload: { components: { billing: { to: "7777" } } }, performed_via_github_app: { slug: "github-actions" } },
    });
    expect(webhookSchemaErrors("webhook-deployment-created", delivered.payload)).toEqual([]);

    await sandbox.play({ createDeployment: { repo: "acme/ops", environment: "production", ref: "initial", user: "alice" } });
    const [, second] = sandbox.world.repo("acme/ops").deployments;
    expect(second).toMatchObject({ creator: "alice", ref: second.sha, payload: {} });
    await sandbox.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success" } });
    await sandbox.play({ deploymentStatus: { repo: "acme/ops", deployment: deployment.id, state: "failure" } });
    expect(sandbox.world.repo("acme/ops").deployments.map((d) => d.statuses.map((s) => s.state))).toEqual([["failure"], ["success"]]);
  });

  it("names an unknown ref of a createDeployment step", async () => {
    await expect(sandbox.play({ createDeployment: { repo: "acme/ops", environment: "production", ref: "nope", user: "alice" } })).rejects.toThrow(
      'createDeployment.ref: unknown commit "nope" in acme/ops',
    );
  });
});
