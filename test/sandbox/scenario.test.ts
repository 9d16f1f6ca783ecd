import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadScenario, startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";

const defaultScenario = () => loadScenario(readFileSync("scenarios/default.yml", "utf8"));

describe("scenario files", () => {
  it.each([
    ["a YAML syntax error", "name: x\n  start: [", /^scenario: YAML syntax error/],
    ["a missing key", "name: x\nrepos: {}\n", /^scenario: start: /],
    ["an unknown key", "name: x\nstart: 2026-11-23T08:00:00Z\nrepos: {}\ncolour: red\n", /Unrecognized key.*colour/],
    ["a bad sha", "name: x\nstart: 2026-11-23T08:00:00Z\nrepos:\n  acme/ops:\n    commits:\n      - { sha: abc, message: m }\n", /^scenario: repos\.acme\/ops\.commits\[0\]\.sha: must be a 40-hex commit sha/],
    ["a bad date", "name: x\nstart: next tuesday\nrepos: {}\n", /^scenario: start: not a date-time: "next tuesday"/],
    ["an unknown step", "name: x\nstart: 2026-11-23T08:00:00Z\nrepos: {}\nsteps:\n  - clock: 2026-11-23T09:00:00Z\n  - deploy: { repo: acme/ops }\n", /^scenario: steps\[1\]: unknown step "deploy"; a step has exactly one of clock, comment/],
    ["a step with a wrong type", "name: x\nstart: 2026-11-23T08:00:00Z\nrepos: {}\nsteps:\n  - comment: { repo: acme/ops, issue: one, user: alice, body: hi }\n", /^scenario: steps\[0\] \(comment\)\.issue: .*expected number/],
    ["a merge without head or pull", "name: x\nstart: 2026-11-23T08:00:00Z\nrepos: {}\nsteps:\n  - merge: { repo: acme/ops, user: alice }\n", /^scenario: steps\[0\] \(merge\): give `head` \(branch\) or `pull` \(number\)/],
    ["a missing fromFile", "name: x\nstart: 2026-11-23T08:00:00Z\nrepos:\n  acme/ops:\n    files: { a.yml: { fromFile: nope/missing.yml } }\n", /^scenario: repos\.acme\/ops\.files\.a\.yml\.fromFile: cannot read .*nope\/missing\.yml \(ENOENT\)/],
  ])("names where %s is", (_what, yaml, message) => {
    expect(() => loadScenario(yaml)).toThrow(message);
  });

  it("names an unknown commit handle when seeding", async () => {
    const scenario = loadScenario("name: x\nstart: 2026-11-23T08:00:00Z\nrepos:\n  acme/ci:\n    commits: [{ id: c1, message: m }]\n    workflowRuns: [{ workflow: ci.yml, commit: c9 }]\n");
    await expect(startSandbox({ scenario })).rejects.toThrow('scenario: repos.acme/ci.workflowRuns[0].commit: unknown commit "c9" in acme/ci (known ids: initial, c1; or give a sha, branch or tag)');
  });

  it("reads fromFile relative to baseDir", () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    writeFileSync(join(dir, "env.yml"), "components: {}\n");
    const scenario = loadScenario("name: x\nstart: 2026-11-23T08:00:00Z\nrepos:\n  acme/ops:\n    files: { environments/staging.yml: { fromFile: env.yml } }\n", { baseDir: dir });
    expect(scenario.repos["acme/ops"].files).toEqual({ "environments/staging.yml": "components: {}\n" });
  });
});

describe("the default scenario on the sandbox", () => {
  let sandbox: Sandbox;
  afterEach(async () => {
    const violations = sandbox.contractViolations();
    await sandbox.close();
    expect(violations).toEqual([]);
  });

  it("seeds the example ops repo, pinned commits at their fixed shas, PRs, issues, runs and checks", async () => {
    sandbox = await startSandbox({ scenario: defaultScenario() });
    const world = sandbox.world;
    const ops = world.repo("acme/ops");
    expect(ops.fileAt("main", "environments/staging.yml")).toBe(readFileSync("environments/staging.yml", "utf8"));
    expect(ops.fileAt("main", ".github/release-bot.yml")).toBe(readFileSync("environments/release-bot.yml", "utf8"));
    for (const env of ["staging", "demo", "production"]) {
      const pins = [...readFileSync(`environments/${env}.yml`, "utf8").matchAll(/commit: ([0-9a-f]{40})/g)].map((m) => m[1]);
      for (const sha of pins) expect(world.repo("acme/billing").git.commit(sha) ?? world.repo("acme/search").git.commit(sha), `${env} pins ${sha}`).toBeDefined();
    }
    const billing = world.repo("acme/billing");
    expect(billing.pulls().map((p) => [p.number, p.pull!.merged])).toEqual([[40, true], [42, true], [44, true]]);
    expect(billing.workflowRuns.map((r) => r.runNumber)).toEqual([1431, 1432, 1433, 1434, 1435, 1436]);
    expect(world.repo("mallory/billing").forkOf).toBe("acme/billing");
    expect(world.repo("acme/search").checkRuns.map((c) => c.conclusion)).toEqual(["success", "success", "failure"]);
    expect([...world.installations.values()].map((i) => [i.account, world.reposOf(i).map((r) => r.fullName)])).toEqual([["acme", ["acme/ops", "acme/billing", "acme/search"]]]);
    expect(world.clock.now().toISOString()).toBe("2026-11-23T07:00:00.000Z");
  });

  it("plays its steps with narrative lines and a transcript of issue #2's shape", async () => {
    sandbox = await startSandbox({ scenario: defaultScenario() });
    const lines = await sandbox.playAll();
    expect(lines).toEqual(["09:00 Mon 23 Nov · the clock moves on", "09:00 Mon 23 Nov · alice commented “/release staging” on acme/ops#1"]);
    const t = sandbox.transcript();
    expect(Object.keys(t)).toEqual(["scenario", "clock", "repos", "notifications", "writes", "api", "webhooks"]);
    expect(t.scenario).toBe("A week of releases");
    expect(t.clock).toBe("2026-11-23T08:00:00Z");
    expect(Object.keys(t.repos)).toEqual(["acme/ops", "acme/billing", "acme/search"]);
    const ops = t.repos["acme/ops"];
    expect(Object.keys(ops)).toEqual(["files", "branches", "pulls", "issues", "deployments", "checkRuns"]);
    expect(Object.keys(ops.files).sort()).toEqual([".github/release-bot.yml", "README.md", "environments/demo.yml", "environments/production.yml", "environments/staging.yml"]);
    expect(Object.keys(ops.branches)).toEqual(["main"]);
    expect(ops.issues).toEqual([{ number: 1, title: "Release requests", state: "open", labels: [], comments: [{ user: "alice", body: "/release staging" }] }]);
    const pull = t.repos["acme/billing"].pulls.find((p) => p.number === 42)!;
    expect(pull).toMatchObject({ head: "add-invoice-export", base: "main", state: "closed", merged: true, labels: ["feature"], commits: 1 });
    expect(Object.keys(pull.files)).toEqual(["src/invoices/export.ts"]);
    expect(t.api).toEqual({ requests: 0, byRoute: {}, contractViolations: [] });
    expect(t.webhooks).toEqual({ delivered: 0, failed: 0 }); // no bot attached: the comment's delivery waits
    expect(sandbox.deliveries().map((d) => `${d.event}.${d.action}`)).toEqual(["issue_comment.created"]);
  });

  it("creates a comment's issue implicitly when the scenario does not list it", async () => {
    sandbox = await startSandbox({ scenario: loadScenario("name: x\nstart: 2026-11-23T08:00:00Z\nrepos:\n  acme/ops: {}\n") });
    await sandbox.play({ comment: { repo: "acme/ops", issue: 7, user: "alice", body: "/release staging" } });
    expect(sandbox.world.repo("acme/ops").issue(7)).toMatchObject({ title: "Release requests", user: "alice" });
  });
});
