/**
 * `Commit.history(path:)` as GitHub serves it ("commits touching files under this path", as
 * `git log -- <path>` lists them), and the port's batched, bounded read of it (getPathHistory).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubPort } from "../../src/github/create-github-port.js";
import { parseScenario, startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { installationClient, type Client } from "./sandbox-client.js";

const HOUR = 3_600_000;

function platformWorld() {
  return parseScenario({
    name: "platform",
    start: "2026-11-23T09:00:00Z",
    repos: {
      "acme/platform": {
        files: { "services/api/main.ts": "api\n", "services/api/helper.ts": "h\n", "services/web/index.ts": "web\n" },
        commits: [
          { id: "a1", message: "api one", files: { "services/api/one.ts": "1\n" } },
          { id: "w1", message: "web one", files: { "services/web/one.ts": "1\n" } },
          { id: "a2", message: "api two", files: { "services/api/main.ts": "api 2\n" } },
          { id: "g1", message: "gateway", files: { "services/api-gateway/x.ts": "x\n" } },
          { id: "mv", message: "move helper to web", files: { "services/api/helper.ts": null, "services/web/helper.ts": "h\n" } },
          { id: "a3", message: "api three", files: { "services/api/three.ts": "3\n" } },
        ],
      },
    },
    installations: [{ account: "acme" }],
  });
}

describe("Commit.history(path:) and getPathHistory", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: platformWorld() });
    octokit = installationClient(sandbox, "acme");
  });
  afterEach(async () => {
    const violations = sandbox.contractViolations();
    await sandbox.close();
    expect(violations).toEqual([]);
  });

  const repo = () => sandbox.world.repo("acme/platform");
  const head = () => repo().branchHead("main")!;
  const messages = (shas: string[]) => shas.map((sha) => repo().git.commit(sha)!.message);
  const history = async (path: string, sha = head()) => {
    const data = await octokit.graphql<any>(`query($sha: GitObjectID!, $path: String!) { repository(owner: "acme", name: "platform") { object(oid: $sha) { ... on Commit { history(path: $path, first: 100) { nodes { oid } } } } } }`, { sha, path });
    return messages(data.repository.object.history.nodes.map((n: { oid: string }) => n.oid));
  };

  it.each([
    ["a directory: every commit below it, newest first; a sibling with the same prefix is not below it", "services/api", ["api three", "move helper to web", "api two", "api one", "Initial commit"]],
    ["a file", "services/api/main.ts", ["api two", "Initial commit"]],
    ["a renamed file's old and new paths both see the move", "services/web/helper.ts", ["move helper to web"]],
    ["a trailing slash names the same directory", "services/web/", ["move helper to web", "web one", "Initial commit"]],
    ["a path nothing touched", "docs", []],
  ])("%s", async (_name, path, expected) => {
    expect(await history(path)).toEqual(expected);
  });

  it("a merge commit is listed only when the path differs from every parent (git log -- path)", async () => {
    const r = repo();
    const main = r.git.commit(head())!;
    const author = { name: "bob", email: "bob@example.com", date: new Date(Date.parse(main.committer.date) + HOUR).toISOString() };
    // A side branch from the move that changes web, merged after main's "api three" (which changed only api).
    const base = r.git.history(head()).find((c) => c.message === "move helper to web")!;
    const side = r.git.putCommit({ tree: r.git.applyChanges(base.tree, [{ path: "services/web/side.ts", content: "side\n" }]), parents: [base.sha], message: "web side", author });
    const merged = r.git.applyChanges(main.tree, [{ path: "services/web/side.ts", content: "side\n" }]);
    const merge = r.git.putCommit({ tree: merged, parents: [main.sha, side.sha], message: "Merge side", author: { ...author, date: new Date(Date.parse(author.date) + HOUR).toISOString() } });
    expect((await history("services/web", merge.sha)).slice(0, 2)).toEqual(["web side", "move helper to web"]);
    expect((await history("services/api", merge.sha))[0]).toBe("api three");
  });

  it("the port reads several components' paths in one query, pages on, and says when it stopped at maxPages", async () => {
    const github = createGitHubPort(octokit as never, { id: sandbox.appId, slug: "release-bot", botLogin: "release-bot[bot]" });
    const graphqlRequests = () => sandbox.transcript().api.byRoute["POST /graphql"] ?? 0;
    const before = graphqlRequests();
    const request = { repo: "acme/platform", head: head(), first: 2 };
    const result = await github.history.getPathHistory([
      { key: "api", ...request, paths: ["services/api"], maxPages: 10 },
      { key: "web", ...request, paths: ["services/web", "services/api/main.ts"], maxPages: 10 },
      { key: "capped", ...request, paths: ["services/api"], maxPages: 2 },
    ]);
    expect(messages(result.api.shas)).toEqual(["api three", "move helper to web", "api two", "api one", "Initial commit"]);
    expect(result.api.complete).toBe(true);
    expect(messages(result.web.shas).sort()).toEqual(["Initial commit", "api two", "move helper to web", "web one"]);
    expect(messages(result.capped.shas)).toEqual(["api three", "move helper to web", "api two", "api one"]);
    expect(result.capped.complete).toBe(false);
    // Pages of 2: services/api needs 3, so three queries, each carrying every path still being read.
    expect(graphqlRequests() - before).toBe(3);
  });

  it("since and until bound the read to the compared range's committer dates", async () => {
    const github = createGitHubPort(octokit as never, { id: sandbox.appId, slug: "release-bot", botLogin: "release-bot[bot]" });
    const dates = Object.fromEntries(repo().git.history(head()).map((c) => [c.message, c.committer.date]));
    const result = await github.history.getPathHistory([{ key: "api", repo: "acme/platform", head: head(), paths: ["services/api"], since: dates["api two"], until: dates["move helper to web"], first: 100, maxPages: 1 }]);
    expect(messages(result.api.shas)).toEqual(["move helper to web", "api two"]);
  });

  it("a head the repository does not have is a failed read, not an empty history", async () => {
    const github = createGitHubPort(octokit as never, { id: sandbox.appId, slug: "release-bot", botLogin: "release-bot[bot]" });
    await expect(github.history.getPathHistory([{ key: "api", repo: "acme/platform", head: "0".repeat(40), paths: ["services/api"], first: 10, maxPages: 1 }])).rejects.toMatchObject({ kind: "not-found" });
  });
});
