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
    for (const env of ["staging", "demo", "production", "globex-staging", "globex-production"]) {
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
    // No bot is attached: play what people and CI do, not the steps that act on the bot's PRs,
    // deployments or labels (the demo and test/scenarios play those with the bot).
    const onReleasePull = (step: object) => "comment" in step && (step.comment as { issue: number }).issue !== 1;
    const botMade = (step: object) => "merge" in step || "deploymentStatus" in step || "label" in step || onReleasePull(step);
    const steps = defaultScenario().steps;
    expect(steps.filter(botMade).map((s) => Object.keys(s)[0])).toEqual([
      ...["comment", "merge", "deploymentStatus", "deploymentStatus"], // Monday: review and merge #2
      ...["merge", "deploymentStatus"], // Tuesday
      ...["merge", "deploymentStatus"], // Wednesday
      ...["merge", "deploymentStatus", "label", "label", "label"], // Thursday
      ...["merge", "deploymentStatus", "merge", "deploymentStatus"], // Friday
      ...["merge", "deploymentStatus", "merge", "deploymentStatus"], // Monday
      ...["merge", "deploymentStatus"], // Wednesday
      ...["merge", "deploymentStatus"], // Thursday
    ]);
    const lines: string[] = [];
    for (const step of steps) if (!botMade(step)) lines.push(...(await sandbox.play(step)));
    const clock = (...times: string[]) => times.map((t) => `${t} · the clock moves on`);
    // Commit shas depend on account ids (noreply emails), which depend on who the scenario lists.
    const checkLine = (at: string) => expect.stringMatching(new RegExp(`^${at} · check “ci/circleci: build” → success on acme/search@[0-9a-f]{7}$`));
    expect(lines).toEqual([
      ...clock("09:00 Mon 23 Nov", "09:35 Mon 23 Nov", "09:40 Mon 23 Nov", "09:52 Mon 23 Nov", "15:10 Mon 23 Nov"),
      "15:10 Mon 23 Nov · dave pushed 1 commit to acme/search@main",
      checkLine("15:10 Mon 23 Nov"),
      ...clock("17:30 Mon 23 Nov"),
      "17:30 Mon 23 Nov · bob pushed 1 commit to acme/billing@main",
      "17:30 Mon 23 Nov · acme/billing ci.yml run #1437 (push) on main → success",
      ...clock("09:00 Tue 24 Nov", "10:15 Tue 24 Nov"),
      "10:15 Tue 24 Nov · bob commented “/release staging” on acme/ops#1",
      ...clock("11:05 Tue 24 Nov"),
      "11:05 Tue 24 Nov · bob commented “/release staging” on acme/ops#1",
      ...clock("11:30 Tue 24 Nov", "16:20 Tue 24 Nov"),
      "16:20 Tue 24 Nov · erin pushed 1 commit to acme/search@main",
      checkLine("16:20 Tue 24 Nov"),
      ...clock("09:00 Wed 25 Nov", "09:30 Wed 25 Nov", "14:00 Wed 25 Nov"),
      "14:00 Wed 25 Nov · carol pushed 1 commit to acme/billing@main",
      "14:00 Wed 25 Nov · acme/billing ci.yml run #1438 (push) on main → success",
      ...clock("09:00 Thu 26 Nov", "09:20 Thu 26 Nov", "09:34 Thu 26 Nov", "16:00 Thu 26 Nov"),
      ...clock("09:00 Fri 27 Nov", "09:30 Fri 27 Nov", "10:00 Fri 27 Nov", "15:45 Fri 27 Nov"),
      "15:45 Fri 27 Nov · carol pushed 1 commit to acme/billing@main",
      "15:45 Fri 27 Nov · acme/billing ci.yml run #1439 (push) on main → success",
      ...clock("09:00 Mon 30 Nov", "09:30 Mon 30 Nov", "09:00 Wed 2 Dec", "10:00 Wed 2 Dec", "09:00 Thu 3 Dec", "10:05 Thu 3 Dec"),
      "10:05 Thu 3 Dec · alice commented “/release globex-production” on acme/ops#1",
    ]);
    const t = sandbox.transcript();
    expect(Object.keys(t)).toEqual(["scenario", "clock", "repos", "notifications", "writes", "api", "webhooks"]);
    expect(t.scenario).toBe("A week of releases");
    expect(t.clock).toBe("2026-12-03T09:05:00Z");
    expect(Object.keys(t.repos)).toEqual(["acme/ops", "acme/billing", "acme/search"]);
    const ops = t.repos["acme/ops"];
    expect(Object.keys(ops)).toEqual(["files", "branches", "pulls", "issues", "deployments", "checkRuns"]);
    expect(Object.keys(ops.files).sort()).toEqual([
      ".github/release-bot.yml",
      "README.md",
      "apps/search/base/kustomization.yaml",
      ...["demo", "globex-production", "globex-staging", "production", "staging"].map((env) => `apps/search/overlays/${env}/kustomization.yaml`),
      "environments/demo.yml",
      "environments/globex-production.yml",
      "environments/globex-staging.yml",
      "environments/production.yml",
      "environments/staging.yml",
    ]);
    expect(Object.keys(ops.branches)).toEqual(["main"]);
    const asked = (user: string, body: string) => ({ user, body });
    expect(ops.issues).toEqual([
      { number: 1, title: "Release requests", state: "open", labels: [], comments: [asked("bob", "/release staging"), asked("bob", "/release staging"), asked("alice", "/release globex-production")] },
    ]);
    const pull = t.repos["acme/billing"].pulls.find((p) => p.number === 42)!;
    expect(pull).toMatchObject({ head: "add-invoice-export", base: "main", state: "closed", merged: true, labels: ["feature"], commits: 1 });
    expect(Object.keys(pull.files)).toEqual(["src/invoices/export.ts"]);
    expect(t.repos["acme/billing"].pulls.map((p) => p.number)).toEqual([40, 42, 44, 46, 48, 49]);
    expect(t.repos["acme/search"].pulls.map((p) => p.number)).toEqual([6, 8, 10, 12, 14]);
    expect(t.api).toEqual({ requests: 0, byRoute: {}, contractViolations: [], graphqlPoints: 0, graphqlPointsByOperation: {} });
    expect(t.webhooks).toEqual({ delivered: 0, failed: 0 }); // no bot attached: deliveries wait
    const pushRun = ["push.undefined", "workflow_run.requested", "workflow_run.completed"];
    expect(sandbox.deliveries().map((d) => `${d.event}.${d.action}`)).toEqual([
      "push.undefined", // search s3
      "check_run.created", // its CircleCI check (apps with checks permission hear every app's check runs)
      ...pushRun, // billing b4, run 1437
      "issue_comment.created",
      "issue_comment.created",
      "push.undefined", // search s4
      "check_run.created",
      ...pushRun, // billing b5, run 1438
      ...pushRun, // billing b6, run 1439
      "issue_comment.created",
    ]);
  });

  it("creates a comment's issue implicitly when the scenario does not list it", async () => {
    sandbox = await startSandbox({ scenario: loadScenario("name: x\nstart: 2026-11-23T08:00:00Z\nrepos:\n  acme/ops: { collaborators: { alice: read } }\n") });
    await sandbox.play({ comment: { repo: "acme/ops", issue: 7, user: "alice", body: "/release staging" } });
    expect(sandbox.world.repo("acme/ops").issue(7)).toMatchObject({ title: "Release requests", user: "alice" });
  });
});
