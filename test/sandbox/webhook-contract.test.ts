/**
 * Every webhook the sandbox delivers is validated against `@octokit/webhooks-schemas` (its event
 * and action), and a departure is a contract violation like a REST or GraphQL one.
 */
import { describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { validateWebhookPayload } from "../../src/sandbox/contract/webhook-contract.js";
import { type Client } from "./sandbox-client.js";
import { ALL_EVENTS, smallWorld, useSmallWorld } from "./small-world.js";
import { webhookSchemaErrors } from "./webhook-schema.js";

/** Every event the world can announce; `status` and `workflow_dispatch` too. */
const EVERY_EVENT = [...ALL_EVENTS, "status", "workflow_dispatch"];

const key = (d: { event: string; action?: string }) => (d.action ? `${d.event}.${d.action}` : d.event);

/** GitHub's own webhook schemas in its OpenAPI description (`webhook-issue-comment-created`), as a second opinion. */
const openApiName = (d: { event: string; action?: string }) => `webhook-${[d.event, d.action].filter(Boolean).join("-").replace(/_/g, "-")}`;

describe("sandbox webhook contract: every delivery passes @octokit/webhooks-schemas", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const ops = { owner: "acme", repo: "ops" };
  const billing = { owner: "acme", repo: "billing" };
  useSmallWorld(
    (s, o) => {
      sandbox = s;
      octokit = o;
    },
    { events: EVERY_EVENT },
  );

  it("delivers every event and action the sandbox emits in its schema's shape", async () => {
    // push (to main, and a new branch), pull_request opened / labeled / unlabeled / edited / synchronize / closed / reopened / merged
    await sandbox.play({ push: { repo: "acme/billing", commits: [{ message: "Tidy", author: "bob", files: { "x.txt": "x\n" } }], user: "bob" } });
    await sandbox.play({ openPull: { repo: "acme/ops", head: "release-staging", title: "Release staging", files: { "environments/staging.yml": "components: {}\n" }, labels: ["release"], user: "alice" } });
    await sandbox.play({ label: { repo: "acme/ops", pull: 2, labels: ["deploy/staging"], remove: ["release"], user: "alice" } });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: 2, title: "Release staging (2)", body: "new body" });
    await sandbox.play({ push: { repo: "acme/ops", branch: "release-staging", commits: [{ message: "Again", author: "alice", files: { "environments/staging.yml": "components: { billing: {} }\n" } }], user: "alice" } });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: 2, state: "closed" });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: 2, state: "open" });
    await sandbox.play({ merge: { repo: "acme/ops", pull: 2, user: "alice" } });
    // a fork PR: head.repo is the user's fork
    await sandbox.play({ openPull: { repo: "acme/ops", head: "fix", title: "Fix", files: { "README.md": "fixed\n" }, user: "mallory", fromFork: "mallory" } });

    // issue_comment created / edited; issues opened / edited / labeled / unlabeled / closed / reopened
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    const comment = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ops, issue_number: 1, body: "On it" });
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...ops, comment_id: comment.data.id, body: "Done" });
    const issue = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...billing, title: "Broken export" });
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...billing, issue_number: issue.data.number, title: "Broken CSV export", body: "Steps" });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...billing, issue_number: issue.data.number, labels: ["bug"] });
    await octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...billing, issue_number: issue.data.number, name: "bug" });
    await sandbox.play({ closeIssue: { repo: "acme/billing", issue: issue.data.number, user: "bob", reason: "not_planned" } });
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...billing, issue_number: issue.data.number, state: "open" });

    // CI: workflow_run requested / completed (one from a fork), workflow_dispatch, check_run, status
    await sandbox.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b3", conclusion: "success" } });
    await sandbox.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b2", status: "in_progress", event: "pull_request", headBranch: "fix", fromFork: "mallory" } });
    await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { ...billing, workflow_id: "deploy.yml", ref: "main", inputs: { environment: "staging" } });
    await sandbox.play({ checkRun: { repo: "acme/billing", commit: "b3", name: "ci/circleci: build", conclusion: "failure", title: "1 failed" } });
    await octokit.request("POST /repos/{owner}/{repo}/check-runs", { ...billing, head_sha: sandbox.world.repo("acme/billing").branchHead("main")!, name: "release-bot", status: "in_progress" });
    await sandbox.play({ status: { repo: "acme/billing", commit: "b3", context: "ci/jenkins", state: "failure", targetUrl: "https://ci.example/1" } });

    // deployment (by a user, by the app) and deployment_status
    await sandbox.play({ createDeployment: { repo: "acme/ops", environment: "production", ref: "main", user: "github-actions[bot]", payload: { components: {} } } });
    await octokit.request("POST /repos/{owner}/{repo}/deployments", { ...ops, ref: "main", environment: "staging", auto_merge: false, required_contexts: [] });
    await sandbox.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success", logUrl: "https://ci.example/7", environmentUrl: "https://staging.example" } });
    await sandbox.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "failure", user: "github-actions[bot]" } });
    await sandbox.settle();

    const deliveries = sandbox.deliveries();
    expect(new Set(deliveries.map(key))).toEqual(
      new Set([
        "push",
        "pull_request.opened", "pull_request.labeled", "pull_request.unlabeled", "pull_request.edited", "pull_request.synchronize", "pull_request.closed", "pull_request.reopened",
        "issue_comment.created", "issue_comment.edited",
        "issues.opened", "issues.edited", "issues.labeled", "issues.unlabeled", "issues.closed", "issues.reopened",
        "workflow_run.requested", "workflow_run.completed", "workflow_dispatch", "check_run.created", "status",
        "deployment.created", "deployment_status.created",
      ]),
    );
    for (const d of deliveries) {
      expect(validateWebhookPayload(d.event, d.action, d.payload), key(d)).toEqual([]);
      expect(webhookSchemaErrors(openApiName(d), d.payload), `${key(d)} (OpenAPI)`).toEqual([]);
    }
    expect(sandbox.contractViolations()).toEqual([]);

    const byKey = (k: string) => deliveries.find((d) => key(d) === k)!.payload as Record<string, any>;
    // The webhook repository shape, not the REST one.
    expect(byKey("issue_comment.created").repository).toMatchObject({ full_name: "acme/ops", custom_properties: {} });
    expect(byKey("issue_comment.created").repository).not.toHaveProperty("organization");
    expect(byKey("issue_comment.created").repository).not.toHaveProperty("network_count");
    expect(byKey("push").repository).toMatchObject({ created_at: expect.any(Number), pushed_at: expect.any(Number), organization: "acme", owner: { login: "acme", name: "acme" } });
    expect(byKey("workflow_run.requested").workflow_run.repository).not.toHaveProperty("clone_url");
    expect(deliveries.find((d) => key(d) === "pull_request.opened" && (d.payload as any).pull_request.head.repo.fork)!.payload).toMatchObject({
      pull_request: { head: { repo: { full_name: "mallory/ops", fork: true } } },
    });
    expect(byKey("pull_request.edited").changes).toEqual({ title: { from: "Release staging" }, body: { from: "" } });
    expect(byKey("issues.edited").changes).toEqual({ title: { from: "Broken export" }, body: { from: "" } });
    expect(byKey("check_run.created").check_run.details_url).toEqual(expect.any(String));
    expect(byKey("deployment_status.created")).not.toHaveProperty("workflow_run");
    expect(byKey("push")).toMatchObject({ organization: { login: "acme" }, installation: { id: expect.any(Number), node_id: expect.any(String) }, sender: { login: "bob" } });
  });
});

describe("sandbox webhook contract: violations", () => {
  it("reports each way a broken payload departs from its event's schema", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld({ events: EVERY_EVENT }) });
    try {
      await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
      const good = sandbox.deliveries()[0].payload as Record<string, any>;
      expect(validateWebhookPayload("issue_comment", "created", good)).toEqual([]);
      const broken = structuredClone(good);
      delete broken.sender;
      broken.issue.title = 42;
      broken.repository.network_count = 0; // a REST-only field
      broken.repository.organization = { login: "acme" }; // REST's organization object
      const violation = (message: string) => ({ kind: "webhook", route: "webhook issue_comment.created", message });
      expect(validateWebhookPayload("issue_comment", "created", broken)).toEqual([
        violation('payload: missing required property "sender"'),
        violation("payload/issue/title: must be string, got number 42"),
        violation('payload/repository: unexpected property "network_count" (the schema allows no other properties)'),
        violation('payload/repository/organization: must be string, got object {"login":"acme"}'),
      ]);
      expect(validateWebhookPayload("issue_comment", "pinned", good)).toEqual([
        { kind: "webhook", route: "webhook issue_comment.pinned", message: 'GitHub documents no webhook "issue_comment" with action "pinned"' },
      ]);
      expect(validateWebhookPayload("push", undefined, { ...good, ref: "refs/heads/main" }).length).toBeGreaterThan(0);
      expect(sandbox.contractViolations()).toEqual([]); // validating by hand records nothing
    } finally {
      await sandbox.close();
    }
  });

  it("records a delivery that departs from the schema, in contractViolations() and the transcript, and still delivers it", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld({ events: EVERY_EVENT }) });
    try {
      // A world object of the wrong type makes the next payload break the schema, as a builder bug would.
      (sandbox.world.repo("acme/ops").issue(1) as unknown as { title: unknown }).title = 42;
      await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
      const expected = { kind: "webhook", route: "webhook issue_comment.created", message: "payload/issue/title: must be string, got number 42" };
      expect(sandbox.contractViolations()).toEqual([expected]);
      expect(sandbox.transcript().api.contractViolations).toEqual([expected]);
      expect(sandbox.deliveries().map(key)).toEqual(["issue_comment.created"]);
    } finally {
      await sandbox.close();
    }
  });

  it("reports a user-owned repository's payload with an `organization` as a violation, and passes it without", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld({ events: EVERY_EVENT }) });
    try {
      sandbox.world.createRepo({ fullName: "bob/tools", ownerType: "User" });
      sandbox.world.addInstallation({ account: "bob" });
      await sandbox.play({ comment: { repo: "bob/tools", issue: 1, user: "bob", body: "hello" } });
      const [delivery] = sandbox.deliveries();
      expect(delivery.payload).not.toHaveProperty("organization");
      expect(sandbox.contractViolations()).toEqual([]);
      const withOrg = { ...delivery.payload, organization: { login: "bob" } };
      expect(validateWebhookPayload("issue_comment", "created", withOrg).map((v) => v.message)).toContain('payload/organization: missing required property "id"');
    } finally {
      await sandbox.close();
    }
  });
});
