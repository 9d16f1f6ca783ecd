/**
 * `Repository.refs` and `Ref.associatedPullRequests` as GitHub's schema documents them (the
 * reconciler's read of branches pushed without their PR), and the port's branch writes under lost
 * answers: a move whose answer was lost is found done, never pushed twice.
 */
import { describe, expect, it } from "vitest";
import { createGitHubPort } from "../../src/github/create-github-port.js";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { pushCommits } from "../../src/sandbox/world/operations/git-operations.js";
import { openPull } from "../../src/sandbox/world/operations/pull-operations.js";
import { type Client } from "./sandbox-client.js";
import { useSmallWorld } from "./small-world.js";

type Refs = { repository: { refs: { nodes: { name: string; prefix: string; target: { oid: string }; associatedPullRequests: { nodes: { number: number; state: string; headRefOid: string }[] } }[] } } };

describe("sandbox refs and the pull requests of a branch", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });
  const ops = () => sandbox.world.repo("acme/ops");
  const push = (branch: string, message: string) => pushCommits(sandbox.world, ops(), { branch, sender: "alice", commits: [{ message, author: "alice", files: { [`${message}.md`]: "x\n" } }] })[0].sha;
  const port = () => createGitHubPort(octokit as never, { id: sandbox.appId, slug: "release-bot", botLogin: "release-bot[bot]" });

  it("lists the refs under a prefix by name, filtered by query, each with the PRs whose head it is", async () => {
    const staging = push("release-staging", "one");
    push("release-demo", "two");
    push("feature", "three");
    openPull(sandbox.world, ops(), { head: "release-staging", base: "main", title: "Release", user: "alice" });
    const data = await octokit.graphql<Refs>(`{ repository(owner: "acme", name: "ops") { refs(refPrefix: "refs/heads/", query: "release-", first: 10) {
      nodes { name prefix target { oid } associatedPullRequests(first: 5, states: [OPEN, MERGED, CLOSED]) { nodes { number state headRefOid } } } } } }`);
    const nodes = data.repository.refs.nodes;
    expect(nodes.map((n) => n.name)).toEqual(["release-demo", "release-staging"]);
    expect(nodes.every((n) => n.prefix === "refs/heads/")).toBe(true);
    expect(nodes[1].associatedPullRequests.nodes).toEqual([{ number: 2, state: "OPEN", headRefOid: staging }]);
    expect(nodes[0].associatedPullRequests.nodes).toEqual([]);
    const closedOnly = await octokit.graphql<Refs>(`{ repository(owner: "acme", name: "ops") { refs(refPrefix: "refs/heads/", query: "staging", first: 10) {
      nodes { name prefix target { oid } associatedPullRequests(first: 5, states: [CLOSED]) { nodes { number state headRefOid } } } } } }`);
    expect(closedOnly.repository.refs.nodes.map((n) => [n.name, n.associatedPullRequests.nodes.length])).toEqual([["release-staging", 0]]);
  });

  it("the port's listBranches: head commit, parents, and the PRs opened from each branch", async () => {
    const staging = push("release-staging", "one");
    openPull(sandbox.world, ops(), { head: "release-staging", base: "main", title: "Release", user: "alice" });
    const branches = await port().repos.listBranches("acme/ops", "release-");
    expect(branches).toEqual([
      { name: "release-staging", sha: staging, committedAt: expect.any(String), parents: [ops().branchHead("main")], pulls: [{ number: 2, state: "open", headSha: staging }] },
    ]);
  });

  it("a branch move whose answer was lost is found done: one push, no error", async () => {
    const github = port();
    const main = ops().branchHead("main")!;
    const files = { "environments/staging.yml": "components: {}\n" };
    const first = await github.repos.commitFiles({ repo: "acme/ops", branch: "release-staging", base: main, expectedHead: null, message: "Release", files });
    const pushesBefore = sandbox.deliveries().filter((d) => d.event === "push").length;
    sandbox.failNext({ method: "POST", route: "/graphql", status: 502, mode: "lost-response" });
    sandbox.failNext({ method: "POST", route: "/repos/{owner}/{repo}/git/commits", status: 502, mode: "lost-response" });
    const moved = await github.repos.commitFiles({ repo: "acme/ops", branch: "release-staging", base: main, expectedHead: first, message: "Release again", files: { "environments/staging.yml": "components: { a: 1 }\n" } });
    expect(ops().branchHead("release-staging")).toBe(moved);
    expect(sandbox.deliveries().filter((d) => d.event === "push").length).toBe(pushesBefore + 1);
  });
});
