import { describe, expect, it } from "vitest";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { type Client } from "./sandbox-client.js";
import { useSmallWorld } from "./small-world.js";

describe("sandbox pull requests", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const ops = { owner: "acme", repo: "ops" };

  /** A release-staging branch one commit ahead of main, written through the API like the bot does. */
  async function releaseBranch(content = "components:\n  billing:\n    version: \"2\"\n"): Promise<string> {
    const main = sandbox.world.repo("acme/ops").branchHead("main")!;
    const base = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...ops, commit_sha: main });
    const tree = await octokit.request("POST /repos/{owner}/{repo}/git/trees", { ...ops, base_tree: base.data.tree.sha, tree: [{ path: "environments/staging.yml", mode: "100644", type: "blob", content }] });
    const commit = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { ...ops, message: "Release staging", tree: tree.data.sha, parents: [main] });
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...ops, ref: "refs/heads/release-staging", sha: commit.data.sha });
    return commit.data.sha;
  }

  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  it("creates a PR numbered after the repo's issues, and refuses a duplicate with GitHub's 422", async () => {
    await releaseBranch();
    const pr = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release staging", body: "body" });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({ number: 2, state: "open", merged: false, commits: 1, changed_files: 1, head: { ref: "release-staging" }, base: { ref: "main" }, user: { login: "release-bot[bot]" } });
    await expect(octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Again" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Validation Failed", errors: [{ message: "A pull request already exists for acme:release-staging." }] } },
    });
    await expect(octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "nope", base: "main", title: "x" })).rejects.toMatchObject({ status: 422 });
  });

  it("filters lists by head=owner:branch (a bare branch name filters nothing, as on GitHub)", async () => {
    await releaseBranch();
    await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release staging" });
    const mine = await octokit.request("GET /repos/{owner}/{repo}/pulls", { ...ops, head: "acme:release-staging", state: "open" });
    expect(mine.data.map((p: { number: number }) => p.number)).toEqual([2]);
    const other = await octokit.request("GET /repos/{owner}/{repo}/pulls", { ...ops, head: "acme:release-demo" });
    expect(other.data).toEqual([]);
    const closed = await octokit.request("GET /repos/{owner}/{repo}/pulls", { ...ops, state: "closed" });
    expect(closed.data).toEqual([]);
  });

  it("updates title, body and state, and lists the PR's files", async () => {
    await releaseBranch();
    const pr = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release staging" });
    const updated = await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: pr.data.number, title: "Release staging (2)", body: "new" });
    expect(updated.data).toMatchObject({ title: "Release staging (2)", body: "new" });
    const files = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...ops, pull_number: pr.data.number });
    expect(files.data.map((f: { filename: string; status: string }) => [f.filename, f.status])).toEqual([["environments/staging.yml", "modified"]]);
    expect(files.data[0].patch).toContain('+    version: "2"');
    const closed = await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: pr.data.number, state: "closed" });
    expect(closed.data).toMatchObject({ state: "closed", merged: false });
    const events = sandbox.deliveries().filter((d) => d.event === "pull_request").map((d) => d.action);
    expect(events).toEqual(["opened", "edited", "closed"]);
  });

  it("moves an open PR's head on force-push and announces synchronize", async () => {
    await releaseBranch();
    const pr = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release staging" });
    const main = sandbox.world.repo("acme/ops").branchHead("main")!;
    const base = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...ops, commit_sha: main });
    const tree = await octokit.request("POST /repos/{owner}/{repo}/git/trees", { ...ops, base_tree: base.data.tree.sha, tree: [{ path: "environments/staging.yml", mode: "100644", type: "blob", content: "v3\n" }] });
    const commit = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { ...ops, message: "Release staging again", tree: tree.data.sha, parents: [main] });
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...ops, ref: "heads/release-staging", sha: commit.data.sha, force: true });
    const again = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: pr.data.number });
    expect(again.data.head.sha).toBe(commit.data.sha);
    const sync = sandbox.deliveries().find((d) => d.event === "pull_request" && d.action === "synchronize");
    expect(sync?.payload).toMatchObject({ after: commit.data.sha });
    const push = sandbox.deliveries().filter((d) => d.event === "push").at(-1);
    expect(push?.payload).toMatchObject({ forced: true, ref: "refs/heads/release-staging" });
  });

  it("merges: a real merge commit on base, pull_request.closed (merged) and a push to base", async () => {
    const head = await releaseBranch();
    const pr = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release staging" });
    const mainBefore = sandbox.world.repo("acme/ops").branchHead("main")!;
    const lines = await sandbox.play({ merge: { repo: "acme/ops", head: "release-staging", user: "alice", method: "merge" } });
    expect(lines[0]).toBe("08:00 Mon 23 Nov · alice merged acme/ops#2 “Release staging” into main");
    const repo = sandbox.world.repo("acme/ops");
    const merge = repo.git.commit(repo.branchHead("main")!)!;
    expect(merge.parents).toEqual([mainBefore, head]);
    expect(merge.tree).toBe(repo.git.commit(head)!.tree);
    expect(merge.message).toMatch(/^Merge pull request #2 from acme\/release-staging/);
    const got = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: pr.data.number });
    expect(got.data).toMatchObject({ state: "closed", merged: true, merge_commit_sha: merge.sha, merged_by: { login: "alice" } });
    const closed = sandbox.deliveries().find((d) => d.event === "pull_request" && d.action === "closed")!;
    expect(closed.payload).toMatchObject({ pull_request: { merged: true, merge_commit_sha: merge.sha }, sender: { login: "alice" } });
    const push = sandbox.deliveries().filter((d) => d.event === "push").at(-1)!;
    expect(push.payload).toMatchObject({ ref: "refs/heads/main", before: mainBefore, after: merge.sha, forced: false });
  });

  it("merges onto a moved base by applying the PR's changes", async () => {
    await releaseBranch();
    const pr = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release staging" });
    await sandbox.play({ push: { repo: "acme/ops", commits: [{ message: "Docs", author: "alice", files: { "README.md": "new docs\n" } }], force: false } });
    const merged = await octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", { ...ops, pull_number: pr.data.number, merge_method: "squash" });
    expect(merged.data).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    const repo = sandbox.world.repo("acme/ops");
    expect(repo.fileAt("main", "README.md")).toBe("new docs\n");
    expect(repo.fileAt("main", "environments/staging.yml")).toContain('version: "2"');
    await expect(octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", { ...ops, pull_number: pr.data.number })).rejects.toMatchObject({ status: 405 });
  });

  it("opens a hand-made PR with labels in a step", async () => {
    const lines = await sandbox.play({
      openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1", body: "", files: { "environments/staging.yml": "hand edit\n" }, labels: ["deploy/staging"], user: "alice", draft: false },
    });
    expect(lines[0]).toContain("alice opened acme/ops#2 “Pin billing 1” (hotfix → main)");
    const pr = sandbox.world.repo("acme/ops").pull(2)!;
    expect(pr.labels).toEqual(["deploy/staging"]);
    expect(sandbox.deliveries().map((d) => `${d.event}.${d.action ?? ""}`)).toEqual(["push.", "pull_request.opened", "pull_request.labeled"]);
  });
});
