/**
 * What the main paths cost at org scale, pinned as request counts (never timings): a regression that
 * adds a request per component or per commit fails here. 100 components (half on Actions, half on
 * checks) × 20 commits each, every commit with its PR closing an issue (bench/bench-world.ts).
 * Counted from after the bot's start; installation tokens are not counted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchWorld, greenBuildSteps, RELEASE_STAGING } from "../../bench/bench-world.js";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";

const TOKENS = "POST /app/installations/{installation_id}/access_tokens";

interface Cost {
  requests: number;
  points: number;
  byRoute: Record<string, number>;
}

let w: TestWorld;
beforeAll(async () => {
  w = await startWorld(benchWorld({ components: 100, commits: 20 }));
}, 120_000);
afterAll(async () => {
  await w?.close();
});

async function costOf(steps: Record<string, unknown>[]): Promise<Cost> {
  const before = w.transcript().api;
  for (const step of steps) await w.play(step);
  const after = w.transcript().api;
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.byRoute)) if (route !== TOKENS && n > (before.byRoute[route] ?? 0)) byRoute[route] = n - (before.byRoute[route] ?? 0);
  const tokens = (after.byRoute[TOKENS] ?? 0) - (before.byRoute[TOKENS] ?? 0);
  return { requests: after.requests - before.requests - tokens, points: after.graphqlPoints - before.graphqlPoints, byRoute };
}

const pulls = () => w.transcript().repos["acme/ops"].pulls.filter((p) => p.head === "release-staging");

describe("100 components × 20 commits", () => {
  it("/release staging: one ops snapshot, one planning query, the branch commit and the PR: 11 requests, at most 150 GraphQL points", async () => {
    const cost = await costOf([RELEASE_STAGING]);
    expect(pulls()).toHaveLength(1);
    expect(pulls()[0].title).toMatch(/^Release staging: svc000 100 → 200, svc001 aaaaaaa → [0-9a-f]{7}, .* and 90 more$/);
    expect(cost.byRoute).toEqual({
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission": 1,
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
      "POST /graphql": 2,
      "POST /repos/{owner}/{repo}/git/trees": 1,
      "POST /repos/{owner}/{repo}/git/commits": 1,
      "GET /repos/{owner}/{repo}/git/ref/{ref}": 1,
      "POST /repos/{owner}/{repo}/git/refs": 1,
      "POST /repos/{owner}/{repo}/pulls": 1,
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": 1,
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
    });
    expect(cost.requests).toBe(11);
    expect(cost.points).toBeLessThanOrEqual(150);
  });

  it("the same release again, nothing changed: 6 requests, nothing written but the answer", async () => {
    const cost = await costOf([RELEASE_STAGING]);
    expect(cost.byRoute).toEqual({
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission": 1,
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
      "POST /graphql": 2,
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": 1,
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
    });
    expect(cost.requests).toBe(6);
    expect(w.transcript().repos["acme/ops"].issues.find((i) => i.number === 1)!.comments.at(-1)!.body).toContain("Nothing changed");
  });

  it("a refresh after one component's green build plans only that component: at most 10 requests, a few points", async () => {
    const title = pulls()[0].title;
    const cost = await costOf(greenBuildSteps({ id: "r1", runNumber: 201, pull: 500 }));
    const [pull] = pulls();
    // svc000 moves on to the new build; every other component stays as planned.
    expect(pull.title).toBe(title.replace("svc000 100 → 200", "svc000 100 → 201"));
    const meta = parseReleaseMetadata(pull.body)!;
    expect(meta.components.svc000.to.version).toBe("201");
    expect(Object.keys(meta.components)).toHaveLength(100);
    expect(cost.requests, JSON.stringify(cost)).toBeLessThanOrEqual(10);
    // The planning query is for svc000 alone: a handful of points, not the whole environment's.
    expect(cost.points, JSON.stringify(cost)).toBeLessThanOrEqual(10);
  });
});
