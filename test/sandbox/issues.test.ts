import { describe, expect, it } from "vitest";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { type Client } from "./sandbox-client.js";
import { useSmallWorld } from "./small-world.js";

describe("sandbox issues, comments, labels, reactions, permissions, checks", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const billing = { owner: "acme", repo: "billing" };
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  it("lists issues (PRs included, as GitHub does) filtered by state, labels and creator", async () => {
    const open = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...billing, state: "open" });
    expect(open.data.map((i: { number: number }) => i.number)).toEqual([6, 5, 3]);
    const all = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...billing, state: "all" });
    expect(all.data.filter((i: { pull_request?: unknown }) => i.pull_request).map((i: { number: number }) => i.number)).toEqual([14, 12]);
    const ready = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...billing, labels: "workflow/ready-for-staging" });
    expect(ready.data.map((i: { number: number }) => i.number)).toEqual([3]);
    const mine = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...billing, creator: "release-bot[bot]" });
    expect(mine.data).toEqual([]);
  });

  it("lists a repository's comments across issues and PRs, oldest first, from `since`; PRs with undescribed labels pass the contract", async () => {
    const first = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...billing, issue_number: 3, body: "one" });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...billing, issue_number: 5, body: "two" });
    const all = await octokit.request("GET /repos/{owner}/{repo}/issues/comments", { ...billing, since: first.data.created_at, sort: "created", direction: "asc" });
    expect(all.data.map((c: { body?: string; issue_url: string }) => [c.body, c.issue_url.split("/").pop()])).toEqual([["one", "3"], ["two", "5"]]);
    const newest = await octokit.request("GET /repos/{owner}/{repo}/issues/comments", { ...billing, direction: "desc", per_page: 1 });
    expect(newest.data.map((c: { body?: string }) => c.body)).toEqual(["two"]);
    // A label created on first use has no description: GitHub lists it as null (rest-api-description#1812).
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...billing, issue_number: 12, labels: ["deployed"] });
    const pulls = await octokit.request("GET /repos/{owner}/{repo}/pulls", { ...billing, state: "all" });
    expect(pulls.data.find((p: { number: number }) => p.number === 12)!.labels).toEqual([expect.objectContaining({ name: "deployed", description: null })]);
    expect(sandbox.contractViolations()).toEqual([]);
  });

  it("creates, comments on, relabels and closes an issue; labels are created on first use", async () => {
    const issue = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...billing, title: "release-bot: configuration error", body: "<!-- release-bot:config -->", labels: ["release-bot"] });
    expect(issue.data).toMatchObject({ number: 15, user: { login: "release-bot[bot]" }, labels: [{ name: "release-bot" }] });
    const comment = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...billing, issue_number: 3, body: "Released to staging" });
    const edited = await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...billing, comment_id: comment.data.id, body: "Released to staging (1433)" });
    expect(edited.data.body).toBe("Released to staging (1433)");
    const comments = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...billing, issue_number: 3 });
    expect(comments.data.map((c: { body?: string }) => c.body)).toEqual(["Released to staging (1433)"]);
    const labels = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...billing, issue_number: 3, labels: ["workflow/test"] });
    expect(labels.data.map((l: { name: string }) => l.name)).toEqual(["workflow/ready-for-staging", "workflow/test"]);
    const removed = await octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...billing, issue_number: 3, name: "workflow/ready-for-staging" });
    expect(removed.data.map((l: { name: string }) => l.name)).toEqual(["workflow/test"]);
    await expect(octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...billing, issue_number: 3, name: "nope" })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Label does not exist" } },
    });
    const repoLabels = await octokit.request("GET /repos/{owner}/{repo}/labels", billing);
    expect(repoLabels.data.map((l: { name: string }) => l.name)).toEqual(["workflow/ready-for-staging", "workflow/ready", "release-bot", "workflow/test"]);
    const closed = await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...billing, issue_number: 5, state: "closed" });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "completed", closed_by: { login: "release-bot[bot]" } });
    expect(sandbox.transcript().repos["acme/billing"].issues.find((i) => i.number === 3)).toEqual({
      number: 3,
      title: "Export invoices",
      state: "open",
      labels: ["workflow/test"],
      comments: [{ user: "release-bot[bot]", body: "Released to staging (1433)" }],
    });
  });

  it("reacts to a comment once (201, then 200 for the same reaction)", async () => {
    await sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    const comment = sandbox.world.repo("acme/ops").commentsOn(1)[0];
    const first = await octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { owner: "acme", repo: "ops", comment_id: comment.id, content: "+1" });
    const again = await octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { owner: "acme", repo: "ops", comment_id: comment.id, content: "+1" });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
  });

  it("answers collaborator permissions (legacy `permission` and `role_name`)", async () => {
    const perm = (username: string) => octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { owner: "acme", repo: "ops", username });
    expect((await perm("alice")).data).toMatchObject({ permission: "write", role_name: "write", user: { login: "alice" } });
    expect((await perm("mallory")).data).toMatchObject({ permission: "read" });
    expect((await perm("bob")).data).toMatchObject({ permission: "none" });
    await expect(perm("nobody-at-all")).rejects.toMatchObject({ status: 404 });
  });

  it("creates check runs and commit statuses and reads them back per ref", async () => {
    const head = sandbox.world.repo("acme/ops").branchHead("main")!;
    const run = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
      owner: "acme",
      repo: "ops",
      name: "release-bot config",
      head_sha: head,
      conclusion: "failure",
      output: { title: "1 problem", summary: "environments.demo.from: unknown environment" },
    });
    expect(run.data).toMatchObject({ status: "completed", conclusion: "failure", app: { slug: "release-bot" } });
    const runs = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { owner: "acme", repo: "ops", ref: "main" });
    expect(runs.data.check_runs.map((r: { name: string }) => r.name)).toEqual(["release-bot config"]);
    expect(sandbox.transcript().repos["acme/ops"].checkRuns).toEqual([
      { name: "release-bot config", headSha: head, conclusion: "failure", title: "1 problem", summary: "environments.demo.from: unknown environment" },
    ]);
    const combined = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/status", { ...billing, ref: sandbox.world.repo("acme/billing").git.history(sandbox.world.repo("acme/billing").branchHead("main")!)[1].sha });
    expect(combined.data).toMatchObject({ state: "success", total_count: 1, statuses: [{ context: "ci/jenkins", state: "success" }] });
  });
});
