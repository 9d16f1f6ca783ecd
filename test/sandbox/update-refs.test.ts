import { describe, expect, it } from "vitest";
import { BranchMovedError } from "../../src/github/github-port.js";
import { createGitHubPort } from "../../src/github/create-github-port.js";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { pushCommits, writeCommit } from "../../src/sandbox/world/operations/git-operations.js";
import { type Client } from "./sandbox-client.js";
import { useSmallWorld } from "./small-world.js";

const ZERO = "0".repeat(40);
const UPDATE_REFS = "mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }";

describe("sandbox updateRefs (compare-and-swap of refs)", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  const ops = () => sandbox.world.repo("acme/ops");
  const repositoryId = async () => (await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" })).data.node_id;
  const sideCommit = (message: string) => writeCommit(sandbox.world, ops(), ops().branchHead("main"), { message, author: "alice", files: { "x.md": `${message}\n` } }).sha;
  const run = async (refUpdates: Record<string, unknown>[]) => octokit.graphql(UPDATE_REFS, { input: { repositoryId: await repositoryId(), refUpdates } });

  it("the repository's GraphQL id is its REST node_id", async () => {
    const data = await octokit.graphql<{ repository: { id: string } }>(`{ repository(owner: "acme", name: "ops") { id } }`);
    expect(data.repository.id).toBe(await repositoryId());
  });

  it("creates a ref that must not exist, then moves it (forced) only from the expected oid", async () => {
    const a = sideCommit("a");
    await run([{ name: "refs/heads/release-staging", beforeOid: ZERO, afterOid: a }]);
    expect(ops().branchHead("release-staging")).toBe(a);
    const b = writeCommit(sandbox.world, ops(), ops().branchHead("main"), { message: "b", author: "alice", files: { "y.md": "b\n" } }).sha;
    await run([{ name: "refs/heads/release-staging", beforeOid: a, afterOid: b, force: true }]);
    expect(ops().branchHead("release-staging")).toBe(b);
    const pushes = sandbox.deliveries().filter((d) => d.event === "push");
    expect(pushes.map((d) => (d.payload as { forced: boolean }).forced)).toEqual([false, true]);
  });

  it("refuses when the ref moved, when it exists but must not, and when a move is not a fast forward without force", async () => {
    const a = sideCommit("a");
    const b = sideCommit("b");
    pushCommits(sandbox.world, ops(), { branch: "release-staging", sender: "alice", commits: [{ message: "theirs", author: "alice" }] });
    const theirs = ops().branchHead("release-staging")!;
    await expect(run([{ name: "refs/heads/release-staging", beforeOid: a, afterOid: b, force: true }])).rejects.toMatchObject({ errors: [expect.objectContaining({ type: "STALE_DATA" })] });
    await expect(run([{ name: "refs/heads/release-staging", beforeOid: ZERO, afterOid: b }])).rejects.toMatchObject({ errors: [expect.objectContaining({ type: "STALE_DATA" })] });
    await expect(run([{ name: "refs/heads/release-staging", beforeOid: theirs, afterOid: b }])).rejects.toMatchObject({ errors: [expect.objectContaining({ type: "UNPROCESSABLE" })] });
    expect(ops().branchHead("release-staging")).toBe(theirs);
  });

  it("is atomic: one refused update leaves every ref as it was", async () => {
    const a = sideCommit("a");
    const main = ops().branchHead("main")!;
    await expect(
      run([
        { name: "refs/heads/other", beforeOid: ZERO, afterOid: a },
        { name: "refs/heads/main", beforeOid: a, afterOid: a, force: true },
      ]),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: "STALE_DATA" })] });
    expect(ops().branchHead("other")).toBeUndefined();
    expect(ops().branchHead("main")).toBe(main);
  });

  it("deletes a ref with afterOid 0000…", async () => {
    const a = sideCommit("a");
    await run([{ name: "refs/heads/tmp", beforeOid: ZERO, afterOid: a }]);
    await run([{ name: "refs/heads/tmp", beforeOid: a, afterOid: ZERO }]);
    expect(ops().branchHead("tmp")).toBeUndefined();
  });

  it("commitFiles through the port: refused with BranchMovedError when the branch moved, the branch left as it is", async () => {
    const github = createGitHubPort(octokit as never, { id: sandbox.appId, slug: "release-bot", botLogin: "release-bot[bot]" });
    const main = ops().branchHead("main")!;
    const files = { "environments/staging.yml": "components: {}\n" };
    const first = await github.repos.commitFiles({ repo: "acme/ops", branch: "release-staging", base: main, expectedHead: null, message: "Release", files });
    expect(ops().branchHead("release-staging")).toBe(first);
    pushCommits(sandbox.world, ops(), { branch: "release-staging", sender: "alice", commits: [{ message: "theirs", author: "alice" }] });
    const theirs = ops().branchHead("release-staging")!;
    await expect(github.repos.commitFiles({ repo: "acme/ops", branch: "release-staging", base: main, expectedHead: first, message: "Release", files })).rejects.toBeInstanceOf(BranchMovedError);
    await expect(github.repos.commitFiles({ repo: "acme/ops", branch: "release-staging", base: main, expectedHead: null, message: "Release", files })).rejects.toBeInstanceOf(BranchMovedError);
    expect(ops().branchHead("release-staging")).toBe(theirs);
    // From the head it really has, the rebuild goes through; a failing precondition moves nothing.
    await expect(github.repos.commitFiles({ repo: "acme/ops", branch: "release-staging", base: main, expectedHead: theirs, message: "Release", files, precondition: async () => { throw new Error("merged meanwhile"); } })).rejects.toThrow("merged meanwhile");
    expect(ops().branchHead("release-staging")).toBe(theirs);
    const rebuilt = await github.repos.commitFiles({ repo: "acme/ops", branch: "release-staging", base: main, expectedHead: theirs, message: "Release", files });
    expect(ops().branchHead("release-staging")).toBe(rebuilt);
  });
});
