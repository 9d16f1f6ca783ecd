/**
 * collectChanges with monorepo components, over a stub port: which reads happen, and what a failed
 * history read gives (an unavailable changelog and a read error, never an unfiltered or empty list).
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/domain/parse-config.js";
import { GitHubError, type Comparison, type GitHubPort, type PathHistoryRequest } from "../../src/github/github-port.js";
import { collectChanges } from "../../src/use-cases/collect-changes.js";

const CONFIG = `components:
  api: { repo: acme/platform, path: services/api, build: { workflow: api.yml } }
  web: { repo: acme/platform, build: { workflow: web.yml } }
environments:
  staging: { from: builds }
`;
const sha = (c: string) => c.repeat(40);
const commits = ["1", "2", "3"].map((c, i) => ({ sha: sha(c), message: `commit ${c}`, url: `u${c}`, committedAt: `2026-11-2${i}T08:00:00Z` }));
const comparison: Comparison = { status: "ahead", aheadBy: 3, behindBy: 0, totalCommits: 3, htmlUrl: "compare", commits };

function stub(history: (requests: PathHistoryRequest[]) => Promise<Record<string, { shas: string[]; complete: boolean }>>) {
  const calls: { history: PathHistoryRequest[][]; pulls: string[][] } = { history: [], pulls: [] };
  const port = {
    history: {
      compare: async () => comparison,
      getPathHistory: async (requests: PathHistoryRequest[]) => {
        calls.history.push(requests);
        return history(requests);
      },
      getCommitPulls: async (list: { sha: string }[]) => {
        calls.pulls.push(list.map((c) => c.sha));
        return {};
      },
    },
  } as unknown as GitHubPort;
  return { port, calls };
}

const run = (port: GitHubPort, only?: string[]) => {
  const { config } = parseConfig({ file: ".github/release-bot.yml", text: CONFIG });
  const names = only ?? ["api", "web"];
  const build = (name: string) => ({ build: { component: name, version: "2", commit: sha("3"), url: "run", finishedAt: "2026-11-23T08:00:00Z" } });
  return collectChanges({
    github: port,
    config,
    pins: Object.fromEntries(names.map((n) => [n, { version: "1", commit: sha("0") }])),
    candidates: Object.fromEntries(names.map((n) => [n, build(n)])),
    githubUrl: "https://github.com",
  });
};

describe("collectChanges with paths", () => {
  it("reads the path's history once, bounded to the range, and the PRs only of the commits touching it", async () => {
    const { port, calls } = stub(async () => ({ api: { shas: [sha("2")], complete: true } }));
    const { changes, readErrors } = await run(port);
    expect(readErrors).toEqual([]);
    expect(calls.history).toEqual([[{ key: "api", repo: "acme/platform", head: sha("3"), paths: ["services/api"], since: "2026-11-20T08:00:00Z", until: "2026-11-22T08:00:00Z", first: 4, maxPages: 2 }]]);
    // api's one touching commit, then web's three, each read once: one batched read.
    expect(calls.pulls).toEqual([[sha("2"), sha("1"), sha("3")]]);
    const [api, web] = changes;
    expect(api.changelog).toMatchObject({ status: "ok", totalCommits: 1, scope: { paths: ["services/api"], of: 3 }, commits: [{ sha: sha("2") }] });
    expect(web.changelog).toMatchObject({ status: "ok", totalCommits: 3 });
    expect(web.changelog).not.toHaveProperty("scope");
  });

  it("a component without path reads no history", async () => {
    const { port, calls } = stub(async () => ({}));
    await run(port, ["web"]);
    expect(calls.history).toEqual([]);
  });

  it("a failed history read is a read error and an unavailable changelog, not the unfiltered list", async () => {
    const { port, calls } = stub(async () => {
      throw new GitHubError({ kind: "server", route: "POST /graphql", message: "GitHub answered 502", status: 502 });
    });
    const { changes, readErrors } = await run(port);
    expect(readErrors).toHaveLength(1);
    expect(changes[0].changelog).toMatchObject({ status: "unavailable", reason: expect.stringContaining("reading the history of services/api failed") });
    // web's changelog is still read; api's commits are not.
    expect(calls.pulls).toEqual([[sha("1"), sha("2"), sha("3")]]);
  });

  it("a history cut at its page cap marks the changelog partial", async () => {
    const { port } = stub(async () => ({ api: { shas: [sha("3")], complete: false } }));
    const { changes } = await run(port, ["api"]);
    expect(changes[0].changelog).toMatchObject({ scope: { paths: ["services/api"], of: 3, partial: true } });
  });
});
