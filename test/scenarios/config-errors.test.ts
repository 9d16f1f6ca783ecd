import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { CONFIG, releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const BROKEN = CONFIG.replace("production: { from: builds }", 'production: { from: builds, schedule: "0 9 * * Mon-Fri-Sun" }');
const pushConfig = (text: string, message: string) => ({
  push: { repo: "acme/ops", user: "alice", commits: [{ message, author: "alice", files: { ".github/release-bot.yml": text } }] },
});

describe("config errors on the sandbox", () => {
  it("a merged release of an environment the config now blocks is told 'blocked', never 'no such environment'; known environments list every declared one", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    await w.play(pushConfig(CONFIG.replace("staging: { from: builds }", 'staging: { from: builds, schedule: "every day" }'), "Schedule staging"));
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    const ops = () => w!.transcript().repos["acme/ops"];
    const release = ops().pulls.find((p) => p.head === "release-staging")!;
    const note = release.comments.filter((c) => c.user === "release-bot[bot]").at(-1)!;
    expect(note.body).toContain("Not deployed to `staging`: its configuration in `.github/release-bot.yml` has problems");
    expect(note.body).not.toContain("no such environment");
    expect(w.sandbox.world.repo("acme/ops").deployments).toEqual([]);
    // An environment that really is not there: the known ones include the blocked one.
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release qa" } });
    const reply = ops().issues.find((i) => i.number === 1)!.comments.at(-1)!.body;
    expect(reply).toContain("There is no environment `qa`");
    expect(reply).toContain("Known environments: `staging`, `production`");
  });

  it("a pin that resolves in no environment (a typo in its file) fails the config check, naming it; the other components still release", async () => {
    w = await startWorld(world());
    const typo = CONFIG.replace("    build: { checks:", '    pin: { file: "deploy/{environment}/serach.yaml", version: search.tag }\n    build: { checks:');
    await w.play(pushConfig(typo, "Pin search in its own values file"));
    const ops = () => w!.transcript().repos["acme/ops"];
    const check = ops().checkRuns.find((c) => c.headSha === ops().branches.main && c.name === "release-bot/config");
    expect(check).toMatchObject({ conclusion: "failure" });
    expect(check!.summary).toContain("components.search.pin");
    expect(check!.summary).toContain("deploy/staging/serach.yaml does not exist");
    // It blocks nothing: billing still releases to staging.
    await w.play(releaseStaging());
    expect(ops().pulls.map((p) => p.title)).toEqual(["Release staging: billing 1431 → 1433"]);
  });

  it("reports an invalid config as a failing check run and one error issue, while a valid environment still releases", async () => {
    w = await startWorld(world());
    await w.play(pushConfig(BROKEN, "Schedule production"));
    let t = w.transcript();
    const ops = () => t.repos["acme/ops"];
    const head = ops().branches.main;
    const check = ops().checkRuns.find((c) => c.headSha === head && c.name === "release-bot/config");
    expect(check).toMatchObject({ conclusion: "failure" });
    expect(check!.summary).toContain("environments.production.schedule");
    const errorIssues = () => ops().issues.filter((i) => i.title === "release-bot: configuration error");
    expect(errorIssues()).toHaveLength(1);
    expect(errorIssues()[0].state).toBe("open");

    // staging is untouched by the error and still releases; production is refused with the reason.
    await w.play(releaseStaging());
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release production" } });
    t = w.transcript();
    expect(ops().pulls.map((p) => p.head)).toEqual(["release-staging"]);
    const replies = ops().issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]");
    expect(replies.at(-1)!.body).toContain("environments.production.schedule");

    // A second broken push updates the same issue instead of opening another.
    await w.play(pushConfig(BROKEN.replace("releaseOwners: [alice]", "releaseOwners: [alice, bob]"), "Add bob"));
    t = w.transcript();
    expect(errorIssues()).toHaveLength(1);

    // Fixed: the check passes and the issue is closed with a note.
    await w.play(pushConfig(CONFIG, "Fix the schedule"));
    t = w.transcript();
    const fixedCheck = ops().checkRuns.find((c) => c.headSha === ops().branches.main && c.name === "release-bot/config");
    expect(fixedCheck).toMatchObject({ conclusion: "success" });
    expect(errorIssues()[0].state).toBe("closed");
    expect(errorIssues()[0].comments.at(-1)!.body).toContain("valid again");
  });

  it("names the file, key and fix for an unknown component in an env file, blocking only that environment", async () => {
    const staging = "components:\n  billing: { version: \"1431\", commit: 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d }\n  payments: { version: \"7\" }\n";
    w = await startWorld(world({ ops: { staging } }));
    await w.play(releaseStaging());
    const t = w.transcript();
    const reply = t.repos["acme/ops"].issues.find((i) => i.number === 1)!.comments.at(-1)!.body;
    expect(reply).toContain("environments/staging.yml");
    expect(reply).toContain("payments");
    expect(reply).toMatch(/Fix:/);
    expect(t.repos["acme/ops"].pulls).toEqual([]);
  });
});
