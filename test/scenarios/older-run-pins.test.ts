/**
 * A version-only pin naming a run older than the 30 the build lookup reads: the bot pages further back
 * (100 runs a page, at most 3 pages, only for that component) and stops once the runs go below the
 * pinned one. Found: the changelog is there, at one request more. Beyond the bound: the bump is still
 * proposed, and the body says how far back the bot looked. A failed page is a failed read, not "not found".
 */
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_REQUEST_POLICY } from "../../src/github/request-policy.js";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { SUITES_PER_COMMIT } from "../../src/github/window-queries.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { releaseStaging, world } from "./fixtures.js";

const RUNS = "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs";
const ATTEMPTS = 1 + SANDBOX_REQUEST_POLICY.retryDelaysMs.length;

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { ops, issueOf, botComments, stagingPulls } = worldViews(() => w!);
const release = () => stagingPulls()[0];
const staging = (version: number) => `components:\n  billing:\n    version: "${version}"\n`;

/** Successful push runs `first`…1432 of billing's first commit (one a minute), then 1433 of its newest. */
function runsFrom(first: number, opts: { failed?: number[]; crowded?: boolean } = {}) {
  const start = Date.parse("2026-11-20T00:00:00Z");
  const runs = [];
  // Another workflow's runs on the same commit first: its oldest check suites, so the window's (the newest
  // SUITES_PER_COMMIT suites per commit, oldest first) hold none of ci.yml's old runs.
  for (let n = 1; opts.crowded && n <= SUITES_PER_COMMIT; n++) {
    runs.push({ workflow: "lint.yml", commit: "b0", runNumber: n, conclusion: "success", event: "push", headBranch: "main", date: new Date(start - 3_600_000 + n * 60_000).toISOString() });
  }
  for (let n = first; n <= 1432; n++) {
    runs.push({ workflow: "ci.yml", commit: "b0", runNumber: n, conclusion: opts.failed?.includes(n) ? "failure" : "success", event: "push", headBranch: "main", date: new Date(start + (n - first) * 60_000).toISOString() });
  }
  runs.push({ workflow: "ci.yml", commit: "b2", runNumber: 1433, conclusion: "success", event: "push", headBranch: "main", date: "2026-11-23T07:00:00Z" });
  return runs;
}

/** The release's requests in a world pinning billing at `version`: all of them, and the workflow-runs reads. */
async function requestsOf(version: number, runs: ReturnType<typeof runsFrom>): Promise<{ all: number; runs: number }> {
  w = await startWorld(world({ ops: { staging: staging(version) }, billing: { runs } }));
  const before = w.transcript().api;
  const runsBefore = before.byRoute[`GET ${RUNS}`] ?? 0;
  const all = before.requests;
  await w.play(releaseStaging());
  const after = w.transcript().api;
  return { all: after.requests - all, runs: (after.byRoute[`GET ${RUNS}`] ?? 0) - runsBefore };
}

describe("a version-only pin older than the newest 30 runs", () => {
  it("80 runs back: found on the next page, the changelog is there, at exactly one request more", async () => {
    const runs = runsFrom(1300);
    const recent = await requestsOf(1431, runs);
    await w!.close();
    const old = await requestsOf(1353, runs);
    const pull = release();
    expect(pull.title).toBe("Release staging: billing 1353 → 1433");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/42");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/44");
    expect(pull.body).not.toMatch(/changelog (is )?unavailable|was not found/i);
    expect(parseReleaseMetadata(pull.body)!.issues).toEqual(expect.arrayContaining([{ repo: "acme/billing", number: 41 }, { repo: "acme/billing", number: 43 }]));
    expect(old).toEqual({ all: recent.all + 1, runs: recent.runs + 1 });

    // The merge tells exactly the issues of that change: the deploy reads the same older page.
    await w!.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w!.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(botComments(issueOf("acme/billing", 41).comments)).toHaveLength(1);
    expect(botComments(issueOf("acme/billing", 43).comments)).toHaveLength(1);
  });

  it("1000 runs back on a commit the planning query reads: its check suites name the run, found at no request more", async () => {
    const runs = runsFrom(433);
    const recent = await requestsOf(1431, runs);
    await w!.close();
    const old = await requestsOf(433, runs);
    const pull = release();
    expect(pull.title).toBe("Release staging: billing 433 → 1433");
    expect(pull.body).toContain("/acme/billing/pull/42");
    expect(parseReleaseMetadata(pull.body)!.issues.length).toBeGreaterThan(0);
    // The runs list is not read at all (the newest pin, 1431, is not among the commit's oldest suites: it is).
    expect(old.runs).toBe(0);
    expect(old.all).toBeLessThan(recent.all);
  });

  it("1000 runs back, beyond what the planning query reads: not found after 3 more pages, the body says how far back the bot looked, the bump is still proposed", async () => {
    const runs = runsFrom(433, { crowded: true });
    const recent = await requestsOf(1431, runs);
    await w!.close();
    const old = await requestsOf(433, runs);
    const pull = release();
    expect(pull.title).toBe("Release staging: billing 433 → 1433");
    expect(pull.body).toMatch(/commit it was built from was not found \(run 433 is not among the 300 newest successful runs of the workflow, as far back as release-bot looks\)/);
    expect(parseReleaseMetadata(pull.body)!.issues).toEqual([]);
    // Three more pages of runs (and no compare: there is nothing to compare from).
    expect(old.runs).toBe(recent.runs + 3);
  });

  it("a pinned run that did not succeed: the search stops at the first page below it", async () => {
    const runs = runsFrom(1200, { failed: [1353] });
    const recent = await requestsOf(1431, runs);
    await w!.close();
    const old = await requestsOf(1353, runs);
    expect(release().body).toMatch(/run 1353 is not among the 100 newest successful runs of the workflow\)/);
    expect(old.runs).toBe(recent.runs + 1);
  });

  it("a failed older page is a failed read: no PR, and the reply says it will be retried", async () => {
    w = await startWorld(world({ ops: { staging: staging(1353) }, billing: { runs: runsFrom(1300) } }));
    w.sandbox.failNext({ method: "GET", route: RUNS, status: 502, after: 1, times: ATTEMPTS });
    await w.play(releaseStaging());
    expect(ops().pulls).toEqual([]);
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body).toContain("reading the older ci.yml runs of acme/billing@main failed: GitHub answered 502");
  });
});
