import { describe, expect, it } from "vitest";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { pushCommits } from "../../src/sandbox/world/operations/git-operations.js";
import { type Client } from "./sandbox-client.js";
import { ALL_EVENTS, useSmallWorld } from "./small-world.js";
import { webhookSchemaErrors } from "./webhook-schema.js";

describe("sandbox performed_via_github_app: what an app made, as GitHub marks it", () => {
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

  const releaseBot = () => ({
    id: sandbox.appId,
    slug: "release-bot",
    name: "release-bot",
    owner: { login: "release-bot-maintainers", type: "Organization" },
    html_url: "https://github.com/apps/release-bot",
  });
  const githubActions = {
    id: 15368,
    slug: "github-actions",
    node_id: "MDM6QXBwMTUzNjg=",
    name: "GitHub Actions",
    owner: { login: "github", id: 9919, type: "Organization" },
    html_url: "https://github.com/apps/github-actions",
    external_url: "https://help.github.com/en/actions",
  };

  it("marks the bot's issues, PRs (issue shape) and comments with the app; users' with null", async () => {
    const issue = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...ops, title: "release-bot: configuration error", body: "<!-- release-bot:config-error -->" });
    expect(issue.data.performed_via_github_app).toMatchObject(releaseBot());
    expect(Object.keys(issue.data.performed_via_github_app!)).toEqual(expect.arrayContaining(["id", "node_id", "owner", "name", "description", "external_url", "html_url", "created_at", "updated_at", "permissions", "events"]));
    const comment = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ops, issue_number: 1, body: "Released" });
    expect(comment.data.performed_via_github_app).toMatchObject(releaseBot());

    pushCommits(sandbox.world, sandbox.world.repo("acme/ops"), { branch: "release-staging", commits: [{ message: "Release", author: "release-bot[bot]", files: { "environments/staging.yml": "components: {}\n" } }], sender: "release-bot[bot]" });
    const pull = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release staging" });
    const asIssue = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...ops, issue_number: pull.data.number });
    expect(asIssue.data).toMatchObject({ pull_request: { url: expect.any(String) }, performed_via_github_app: releaseBot() });

    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    const comments = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ops, issue_number: 1 });
    expect(comments.data.map((c) => [c.user!.login, c.performed_via_github_app?.slug ?? null])).toEqual([
      ["release-bot[bot]", "release-bot"],
      ["alice", null],
    ]);
    const seeded = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner: "acme", repo: "billing", issue_number: 12 });
    expect(seeded.data.performed_via_github_app).toBeNull();
  });

  it("gives github-actions[bot] the GitHub Actions app and any other <slug>[bot] its own app, stable per world", async () => {
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "github-actions[bot]", body: "Deployed <!-- release-bot:deploy-failure deployment=1 -->" } });
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "renovate[bot]", body: "Update dependency" } });
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "renovate[bot]", body: "Again" } });
    const comments = (await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ops, issue_number: 1 })).data;
    expect(comments[0]).toMatchObject({ user: { login: "github-actions[bot]", id: 41898282, type: "Bot" }, performed_via_github_app: githubActions });
    const renovate = comments.slice(1).map((c) => c.performed_via_github_app!);
    expect(renovate[0]).toMatchObject({ slug: "renovate", name: "renovate", owner: { login: "renovate" } });
    expect(renovate[0].id).not.toBe(sandbox.appId);
    expect(renovate[1].id).toBe(renovate[0].id);
  });

  it("marks deployments and their statuses with the app that created them", async () => {
    const sha = sandbox.world.repo("acme/ops").branchHead("main")!;
    const mine = await octokit.request("POST /repos/{owner}/{repo}/deployments", { ...ops, ref: sha, environment: "staging", required_contexts: [] });
    const status = await octokit.request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", { ...ops, deployment_id: (mine.data as { id: number }).id, state: "in_progress", log_url: "https://ci.example/1" });
    expect(status.data.performed_via_github_app).toMatchObject(releaseBot());
    await sandbox.play({ createDeployment: { repo: "acme/ops", environment: "staging", ref: "main", user: "github-actions[bot]", payload: { components: { billing: "7777" } } } });
    await sandbox.play({ createDeployment: { repo: "acme/ops", environment: "staging", ref: "main", user: "alice" } });
    const list = await octokit.request("GET /repos/{owner}/{repo}/deployments", { ...ops, environment: "staging" });
    expect(list.data.map((d) => [d.creator!.login, d.performed_via_github_app?.slug ?? null])).toEqual([
      ["alice", null],
      ["github-actions[bot]", "github-actions"],
      ["release-bot[bot]", "release-bot"],
    ]);
    expect(list.data[1].performed_via_github_app).toMatchObject(githubActions);
  });

  it("names the same apps on check runs: the bot's, GitHub Actions', another CI's", async () => {
    const head = sandbox.world.repo("acme/ops").branchHead("main")!;
    await octokit.request("POST /repos/{owner}/{repo}/check-runs", { ...ops, name: "release-bot config", head_sha: head, conclusion: "success" });
    await sandbox.play({ checkRun: { repo: "acme/ops", commit: "main", name: "build", app: "github-actions" } });
    await sandbox.play({ checkRun: { repo: "acme/ops", commit: "main", name: "ci/circleci: build", app: "circleci-checks" } });
    const runs = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...ops, ref: "main" });
    expect(runs.data.check_runs.map((r) => [r.name, r.app!.id, r.app!.slug])).toEqual([
      ["ci/circleci: build", expect.any(Number), "circleci-checks"],
      ["build", 15368, "github-actions"],
      ["release-bot config", sandbox.appId, "release-bot"],
    ]);
  });

  it("carries performed_via_github_app in issues, issue_comment and deployment webhooks, in GitHub's webhook schemas", async () => {
    await octokit.request("POST /repos/{owner}/{repo}/issues", { ...ops, title: "Config error" });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ops, issue_number: 1, body: "Released" });
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "mallory", body: "LGTM" } });
    await sandbox.play({ createDeployment: { repo: "acme/ops", environment: "production", ref: "main", user: "github-actions[bot]" } });
    await sandbox.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success" } });
    const deliveries = sandbox.deliveries();
    const find = (event: string, pick: (p: any) => boolean) => deliveries.find((d) => d.event === event && pick(d.payload))!;
    const opened = find("issues", (p) => p.action === "opened");
    expect(opened.payload.issue).toMatchObject({ performed_via_github_app: { id: sandbox.appId, slug: "release-bot" } });
    const botComment = find("issue_comment", (p) => p.comment.user.login === "release-bot[bot]");
    expect(botComment.payload.comment).toMatchObject({ performed_via_github_app: { id: sandbox.appId } });
    const userComment = find("issue_comment", (p) => p.comment.user.login === "mallory");
    expect(userComment.payload.comment).toMatchObject({ performed_via_github_app: null });
    const deployment = find("deployment", () => true);
    expect(deployment.payload.deployment).toMatchObject({ creator: { login: "github-actions[bot]" }, performed_via_github_app: { id: 15368, slug: "github-actions" } });
    const status = find("deployment_status", () => true);
    expect(status.payload.deployment).toMatchObject({ performed_via_github_app: { id: 15368 } });
    for (const d of [opened, botComment, userComment, deployment, status]) {
      expect(webhookSchemaErrors(`webhook-${d.event.replace(/_/g, "-")}-${d.action}`, d.payload), `${d.event}.${d.action}`).toEqual([]);
    }
  });
});
