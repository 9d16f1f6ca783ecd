import { describe, expect, it } from "vitest";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { raw, tokenFor, type Client } from "./sandbox-client.js";
import { PINNED_SHA, useSmallWorld } from "./small-world.js";

describe("sandbox git data", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const repo = { owner: "acme", repo: "ops" };
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  it("round-trips tree → commit → ref → contents at that ref", async () => {
    const head = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: "heads/main" });
    const base = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...repo, commit_sha: head.data.object.sha });
    const tree = await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [
        { path: "environments/staging.yml", mode: "100644", type: "blob", content: "components: {}\n" },
        { path: "README.md", mode: "100644", type: "blob", sha: null },
      ],
    });
    expect(tree.status).toBe(201);
    const commit = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { ...repo, message: "Release staging", tree: tree.data.sha, parents: [base.data.sha] });
    expect(commit.data.author.name).toBe("release-bot[bot]");
    expect(commit.data.parents.map((p: { sha: string }) => p.sha)).toEqual([base.data.sha]);
    const ref = await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: "refs/heads/release-staging", sha: commit.data.sha });
    expect(ref.data.object.sha).toBe(commit.data.sha);

    const file = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "environments/staging.yml", ref: "release-staging" });
    const data = file.data as { content: string; encoding: string; sha: string };
    expect(Buffer.from(data.content, "base64").toString("utf8")).toBe("components: {}\n");
    await expect(octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "README.md", ref: "release-staging" })).rejects.toMatchObject({ status: 404 });
    const onMain = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "README.md" });
    expect((onMain.data as { name: string }).name).toBe("README.md");
    expect(sandbox.world.repo("acme/ops").fileAt("release-staging", "environments/staging.yml")).toBe("components: {}\n");
  });

  it("serves raw file content for the raw media type (Probot's config loader)", async () => {
    const res = await raw(sandbox, "GET", "/repos/acme/ops/contents/environments%2Fstaging.yml", { token: tokenFor(sandbox, "acme"), accept: "application/vnd.github.v3.raw" });
    expect(res.status).toBe(200);
    expect(res.body).toBe('components:\n  billing:\n    version: "1"\n');
  });

  it("refuses an existing ref (422), a non-fast-forward update without force (422), and force-moves with force", async () => {
    const main = sandbox.world.repo("acme/ops").branchHead("main")!;
    await expect(octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: "refs/heads/main", sha: main })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Reference already exists" } },
    });
    const base = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...repo, commit_sha: main });
    const tree = await octokit.request("POST /repos/{owner}/{repo}/git/trees", { ...repo, base_tree: base.data.tree.sha, tree: [{ path: "a.txt", mode: "100644", type: "blob", content: "a" }] });
    const sideways = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { ...repo, message: "sideways", tree: tree.data.sha, parents: [] });
    await expect(octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: "heads/main", sha: sideways.data.sha })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Update is not a fast forward" } },
    });
    const forced = await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: "heads/main", sha: sideways.data.sha, force: true });
    expect(forced.data.object.sha).toBe(sideways.data.sha);
    await expect(octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: "heads/nope", sha: main })).rejects.toMatchObject({ status: 422 });
  });

  it("computes real git object ids and honours fixed shas from the scenario", async () => {
    const billing = sandbox.world.repo("acme/billing");
    expect(billing.git.commit(PINNED_SHA)?.message).toBe("Pinned");
    const blob = await octokit.request("POST /repos/{owner}/{repo}/git/blobs", { ...repo, content: "hello\n" });
    expect(blob.data.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a"); // `echo hello | git hash-object --stdin`
    const empty = sandbox.world.repo("acme/ops").git.applyChanges(undefined, []);
    expect(empty).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904"); // git's empty tree
  });

  it("lists commits newest first and resolves branches, tags and shas", async () => {
    const commits = await octokit.request("GET /repos/{owner}/{repo}/commits", { owner: "acme", repo: "billing", sha: "main", per_page: 2 });
    expect(commits.data.map((c: { commit: { message: string } }) => c.commit.message)).toEqual(["Direct commit", "Fix rounding (#14)"]);
    expect(commits.headers.link).toContain('rel="next"');
    const all = await octokit.paginate("GET /repos/{owner}/{repo}/commits", { owner: "acme", repo: "billing", per_page: 2 });
    expect(all.length).toBe(5); // initial + 4
    const tags = await octokit.request("GET /repos/{owner}/{repo}/tags", { owner: "acme", repo: "billing" });
    expect(tags.data.map((t: { name: string; commit: { sha: string } }) => [t.name, t.commit.sha])).toEqual([
      ["v1.1.0", sandbox.world.repo("acme/billing").resolveCommit("v1.1.0")!.sha],
      ["v1.0.0", PINNED_SHA],
    ]);
    const one = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", { owner: "acme", repo: "billing", ref: "v1.0.0" });
    expect(one.data.sha).toBe(PINNED_SHA);
    await expect(octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner: "acme", repo: "billing", commit_sha: "f".repeat(40) })).rejects.toMatchObject({ status: 404 });
  });

  it("announces ref writes with push webhooks", async () => {
    const main = sandbox.world.repo("acme/ops").branchHead("main")!;
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: "refs/heads/release-staging", sha: main });
    const push = sandbox.deliveries().find((d) => d.event === "push")!;
    expect(push.payload).toMatchObject({ ref: "refs/heads/release-staging", created: true, after: main, sender: { login: "release-bot[bot]", type: "Bot" } });
  });
});

describe("sandbox compare", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const billing = { owner: "acme", repo: "billing" };
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  it("reports ahead, behind, identical and diverged with counts", async () => {
    const head = sandbox.world.repo("acme/billing").branchHead("main")!;
    const ahead = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...billing, basehead: `${PINNED_SHA}...${head}` });
    expect(ahead.data).toMatchObject({ status: "ahead", ahead_by: 3, behind_by: 0, total_commits: 3 });
    expect(ahead.data.commits.map((c: { commit: { message: string } }) => c.commit.message)).toEqual(["Add invoice export (#12)", "Fix rounding (#14)", "Direct commit"]);
    expect(ahead.data.merge_base_commit.sha).toBe(PINNED_SHA);
    expect(ahead.data.html_url).toBe(`https://github.com/acme/billing/compare/${PINNED_SHA}...${head}`);
    const behind = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...billing, basehead: `main...${PINNED_SHA}` });
    expect(behind.data).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 3 });
    const same = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...billing, basehead: "main...main" });
    expect(same.data).toMatchObject({ status: "identical", total_commits: 0 });

    const side = sandbox.world.repo("acme/billing");
    const tree = side.git.applyChanges(side.git.commit(PINNED_SHA)!.tree, [{ path: "side.txt", content: "x" }]);
    const diverging = side.git.putCommit({ tree, parents: [PINNED_SHA], message: "side", author: { name: "x", email: "x@x", date: "2026-11-23T07:00:00Z" } });
    const diverged = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...billing, basehead: `main...${diverging.sha}` });
    expect(diverged.data).toMatchObject({ status: "diverged", ahead_by: 1, behind_by: 3 });
  });

  it("paginates commits oldest first with Link headers", async () => {
    const head = sandbox.world.repo("acme/billing").branchHead("main")!;
    const page1 = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...billing, basehead: `initial...${head}`.replace("initial", sandbox.world.repo("acme/billing").git.history(head).at(-1)!.sha), per_page: 2, page: 1 });
    expect(page1.data.commits).toHaveLength(2);
    expect(page1.data.total_commits).toBe(4);
    expect(page1.headers.link).toMatch(/page=2>; rel="next"/);
    const page2 = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...billing, basehead: `${sandbox.world.repo("acme/billing").git.history(head).at(-1)!.sha}...${head}`, per_page: 2, page: 2 });
    expect(page2.data.commits.map((c: { commit: { message: string } }) => c.commit.message)).toEqual(["Fix rounding (#14)", "Direct commit"]);
    expect(page2.data.files).toEqual([]);
  });

  it("answers 404 when a sha is unknown", async () => {
    await expect(octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...billing, basehead: `${"e".repeat(40)}...main` })).rejects.toMatchObject({ status: 404 });
  });
});
