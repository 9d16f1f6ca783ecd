/**
 * Monorepo components (issue 9): `api` and `web` both live in acme/platform, each with its own
 * workflow and `path`. A release lists, per component, only the commits between pin and candidate
 * that touch its path, with their PRs and issues; a commit touching both paths is in both, a
 * docs-only commit in neither; the deploy tells only the issues of what moved. The path filter
 * costs at most one request (one GraphQL query for every component and path).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { opsRepo, releaseStaging } from "./fixtures.js";

const PIN = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
const P2 = "2f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { issueOf, botComments, stagingPulls } = worldViews(() => w!);
const release = () => stagingPulls()[0];
const told = (n: number) => botComments(issueOf("acme/platform", n).comments);

const config = (paths: { api?: string; web?: string } = { api: "services/api", web: "services/web" }) => `components:
  api:
    repo: acme/platform
    build: { workflow: api.yml }
${paths.api ? `    path: ${paths.api}\n` : ""}  web:
    repo: acme/platform
    build: { workflow: web.yml }
${paths.web ? `    path: ${paths.web}\n` : ""}environments:
  staging: { from: builds }
  production: { from: builds }
releaseOwners: [alice]
`;

const pinned = (version: string, commit?: string) => `    version: "${version}"\n${commit ? `    commit: ${commit}\n` : ""}`;
const staging = (opts: { api?: string; web?: string } = {}) => `components:
  api:
${opts.api ?? pinned("100", PIN)}  web:
${opts.web ?? pinned("200", PIN)}`;
/** web is pinned at its newest build (version only: its commit is the run's), so only api moves. */
const API_ONLY = staging({ web: pinned("206") });

const pr = (number: number, title: string, fixes: number) => ({ number, title, body: `Fixes #${fixes}`, author: "carol" });

/** Six commits after the pin: api only, web only, docs only, both, a file moved from api to web, api only. */
function platformRepo(runs?: Record<string, unknown>[]) {
  return {
    collaborators: { alice: "write", bob: "write", carol: "write" },
    files: { "services/api/main.ts": "api\n", "services/api/helper.ts": "export const helper = 1;\n", "services/web/index.ts": "web\n", "README.md": "# platform\n" },
    commits: [
      { id: "p0", sha: PIN, message: "Pinned (#1)", pullRequest: { number: 1, title: "Pinned", body: "Fixes #2" }, files: { "services/api/main.ts": "api v0\n", "services/web/index.ts": "web v0\n" } },
      { id: "p1", message: "API: paginate invoices (#10)", pullRequest: pr(10, "API: paginate invoices", 11), files: { "services/api/invoices.ts": "paginate\n" } },
      { id: "p2", sha: P2, message: "Web: dark mode (#20)", pullRequest: pr(20, "Web: dark mode", 21), files: { "services/web/theme.css": "dark\n" } },
      { id: "p3", message: "Docs: deploy guide (#30)", pullRequest: pr(30, "Docs: deploy guide", 31), files: { "docs/deploy.md": "guide\n" } },
      { id: "p4", message: "Bump TypeScript in api and web (#40)", pullRequest: pr(40, "Bump TypeScript in api and web", 41), files: { "services/api/package.json": "{}\n", "services/web/package.json": "{}\n" } },
      { id: "p5", message: "Move the helper from api to web (#50)", pullRequest: pr(50, "Move the helper from api to web", 51), files: { "services/api/helper.ts": null, "services/web/helper.ts": "export const helper = 1;\n" } },
      { id: "p6", message: "API: faster search (#60)", pullRequest: pr(60, "API: faster search", 61), files: { "services/api/search.ts": "fast\n" } },
    ],
    issues: [11, 21, 31, 41, 51, 61].map((number) => ({ number, title: `Issue ${number}`, labels: ["workflow/ready-for-staging"] })),
    workflowRuns: runs ?? [
      { workflow: "api.yml", commit: "p0", runNumber: 100 },
      { workflow: "api.yml", commit: "p6", runNumber: 106 },
      { workflow: "web.yml", commit: "p0", runNumber: 200 },
      { workflow: "web.yml", commit: "p6", runNumber: 206 },
    ],
  };
}

function monorepoWorld(opts: { config?: string; staging?: string; runs?: Record<string, unknown>[] } = {}) {
  return {
    name: "monorepo world",
    start: "2026-11-23T09:00:00+01:00",
    repos: {
      "acme/ops": opsRepo({ config: opts.config ?? config(), staging: opts.staging ?? staging(), production: opts.staging ?? staging() }),
      "acme/platform": platformRepo(opts.runs),
    },
  };
}

/** The body's section of one component: from its heading to the next. */
function section(body: string, component: string): string {
  const start = body.indexOf(`### ${component} `);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = body.indexOf("\n### ", start + 1);
  return body.slice(start, next < 0 ? undefined : next);
}
const pullLinks = (text: string) => [...text.matchAll(/acme\/platform\/pull\/(\d+)\)/g)].map((m) => Number(m[1]));
const issueLinks = (text: string) => [...text.matchAll(/acme\/platform\/issues\/(\d+)\)/g)].map((m) => Number(m[1]));

describe("monorepo components", () => {
  it("each component's changelog holds only the commits touching its path: both-path and moved-file commits in both, docs in neither", async () => {
    w = await startWorld(monorepoWorld());
    const before = w.transcript().api.requests;
    await w.play(releaseStaging());
    const withPaths = w.transcript().api.requests - before;
    const pull = release();
    expect(pull.title).toBe("Release staging: api 100 → 106, web 200 → 206");

    const api = section(pull.body, "api");
    expect(api).toContain("4 of 6 commits touch `services/api`");
    expect(pullLinks(api)).toEqual([10, 40, 50, 60]);
    expect(issueLinks(api)).toEqual([11, 41, 51, 61]);

    const web = section(pull.body, "web");
    expect(web).toContain("3 of 6 commits touch `services/web`");
    expect(pullLinks(web)).toEqual([20, 40, 50]);
    expect(issueLinks(web)).toEqual([21, 41, 51]);

    // The docs-only PR #30 and its issue are in neither changelog, nor in the metadata the deploy trusts.
    expect(pull.body).not.toContain("/pull/30)");
    expect(pull.body).not.toContain("/issues/31)");
    const issues = parseReleaseMetadata(pull.body)!.issues.map((i) => i.number);
    expect(issues.sort((a, b) => a - b)).toEqual([11, 21, 41, 51, 61]);

    // Both components' paths are read in one GraphQL query: at most one request more than without any path.
    await w.close();
    w = await startWorld(monorepoWorld({ config: config({}) }));
    const unscoped = w.transcript().api.requests;
    await w.play(releaseStaging());
    expect(pullLinks(section(release().body, "web"))).toEqual([10, 20, 30, 40, 50, 60]);
    expect(withPaths).toBeLessThanOrEqual(w.transcript().api.requests - unscoped + 1);
  });

  it("a release of api alone tells only api's issues when deployed; the path costs at most one request more than none", async () => {
    w = await startWorld(monorepoWorld({ staging: API_ONLY }));
    const before = w.transcript().api.requests;
    await w.play(releaseStaging());
    const withPath = w.transcript().api.requests - before;
    const pull = release();
    expect(pull.title).toBe("Release staging: api 100 → 106");
    expect(pullLinks(pull.body)).toEqual([10, 40, 50, 60]);

    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    for (const n of [11, 41, 51, 61]) expect(told(n), `issue #${n}`).toHaveLength(1);
    for (const n of [21, 31]) expect(told(n), `issue #${n}`).toHaveLength(0);
    expect(issueOf("acme/platform", 21).labels).toEqual(["workflow/ready-for-staging"]);

    // The same world without `path`: the changelog lists every commit of the repository.
    await w.close();
    w = await startWorld(monorepoWorld({ config: config({}), staging: API_ONLY }));
    const unscoped = w.transcript().api.requests;
    await w.play(releaseStaging());
    const withoutPath = w.transcript().api.requests - unscoped;
    expect(pullLinks(release().body)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(release().body).toContain("· 6 commits");
    expect(withPath).toBeGreaterThan(0);
    expect(withPath).toBeLessThanOrEqual(withoutPath + 1);
  });

  it("a build with no commit touching the path still proposes the bump, and says no commit touches it", async () => {
    // api's newest green build is the docs commit: nothing between the pin (p2) and it touches services/api.
    const runs = [
      { workflow: "api.yml", commit: "p3", runNumber: 103 },
      { workflow: "web.yml", commit: "p0", runNumber: 200 },
    ];
    w = await startWorld(monorepoWorld({ runs, staging: staging({ api: pinned("102", P2) }) }));
    await w.play(releaseStaging());
    const pull = release();
    expect(pull.title).toBe("Release staging: api 102 → 103");
    const api = section(pull.body, "api");
    expect(api).toContain("no commit touches `services/api` (1 commit between the pins)");
    expect(pullLinks(api)).toEqual([]);
    expect(parseReleaseMetadata(pull.body)!.issues).toEqual([]);
  });

  it("a component with a list of paths keeps the commits touching any of them", async () => {
    const paths = { api: "[services/api/search.ts, docs]", web: "services/web/" };
    w = await startWorld(monorepoWorld({ config: config(paths) }));
    await w.play(releaseStaging());
    const api = section(release().body, "api");
    expect(api).toContain("2 of 6 commits touch `services/api/search.ts` or `docs`");
    expect(pullLinks(api)).toEqual([30, 60]);
    // A trailing slash names the same directory.
    expect(pullLinks(section(release().body, "web"))).toEqual([20, 40, 50]);
  });
});
