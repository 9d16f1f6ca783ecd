/**
 * Bounded input on the sandbox: alias bombs, oversize and deeply nested files, and configs with
 * thousands of problems are config problems reported like any other (a failing check run and the one
 * config issue, both within GitHub's limits), never failed webhooks; and one ops repo's hostile config
 * never costs another ops repo its schedule or its build refresh.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CHECK_RUN_TEXT_LIMIT, ISSUE_BODY_LIMIT } from "../../src/domain/render-config-problems.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { billingRepo, CONFIG, opsRepo, releaseStaging, searchRepo, STAGING, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  // close() also fails the test if any webhook delivery failed (a 500 from the bot).
  await w?.close();
  w = undefined;
});

/** "Billion laughs": nine levels of nine aliases each, 9^9 strings once expanded. */
const BOMB = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ...Array.from({ length: 8 }, (_, i) => `lol${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(", ")}]`)].join("\n");
const CONFIG_FILE = ".github/release-bot.yml";
const ERROR_TITLE = "release-bot: configuration error";

const pushFile = (file: string, text: string, repo = "acme/ops") => ({ push: { repo, user: "alice", commits: [{ message: `Edit ${file}`, author: "alice", files: { [file]: text } }] } });
const ops = (tw: TestWorld, repo = "acme/ops") => tw.transcript().repos[repo];
const configCheck = (tw: TestWorld, repo = "acme/ops") => ops(tw, repo).checkRuns.filter((c) => c.name === "release-bot/config" && c.headSha === ops(tw, repo).branches.main).at(-1);
const errorIssues = (tw: TestWorld, repo = "acme/ops") =>
  ops(tw, repo).issues.filter((i) => i.title === ERROR_TITLE).map((i) => ({ ...i, body: tw.sandbox.world.repo(repo).issue(i.number)!.body ?? "" }));
const lastReply = (tw: TestWorld) => ops(tw).issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]").at(-1)!.body;
const reactionsOn = (tw: TestWorld, body: string) => tw.sandbox.world.repo("acme/ops").commentsOn(1).filter((c) => c.body === body).at(-1)!.reactions.map((r) => r.content);

/** The push got the failing check run and the one open config issue, both naming `file` and containing `text`. */
function expectReported(tw: TestWorld, file: string, text: RegExp) {
  const check = configCheck(tw);
  expect(check).toMatchObject({ conclusion: "failure" });
  expect(check!.summary).toContain(file);
  expect(check!.summary).toMatch(text);
  expect(errorIssues(tw)).toHaveLength(1);
  expect(errorIssues(tw)[0].state).toBe("open");
  expect(errorIssues(tw)[0].body).toContain(file);
  expect(errorIssues(tw)[0].body).toMatch(text);
}

describe("hostile config and env files on the sandbox", () => {
  it("an alias bomb in the config is a config error: check run, issue, and an answered /release; no webhook fails", async () => {
    w = await startWorld(world());
    await w.play(pushFile(CONFIG_FILE, `${CONFIG}${BOMB}\n`));
    expectReported(w, CONFIG_FILE, /more than 10 YAML aliases/);
    expect(configCheck(w)!.summary).toMatch(/anchors and aliases/); // the fix
    expect(configCheck(w)!.title).toBe("1 configuration problem; no environment releases");

    await w.play(releaseStaging());
    expect(reactionsOn(w, "/release staging")).toEqual(["-1"]);
    expect(lastReply(w)).toContain(CONFIG_FILE);
    expect(lastReply(w)).toMatch(/aliases/);
    expect(ops(w).pulls).toEqual([]);
  });

  it("the happy case next to it: anchors and a few aliases within the cap keep working", async () => {
    const config = `ci: &ci { workflow: ci.yml }\ncomponents:\n  billing: { repo: acme/billing, build: *ci }\n  search:\n    repo: acme/search\n    build: { checks: ["ci/circleci: build"] }\nenvironments:\n  staging: &env { from: builds }\n  production: *env\nreleaseOwners: [alice]\n`;
    w = await startWorld(world());
    await w.play(pushFile(CONFIG_FILE, config));
    // `ci` is no config key: the one problem is that, not the aliases.
    expect(configCheck(w)!.summary).not.toMatch(/alias/i);
    await w.play(pushFile(CONFIG_FILE, config.replace("ci: &ci { workflow: ci.yml }\n", "").replace("build: *ci", "build: &ci { workflow: ci.yml }")));
    expect(configCheck(w)).toMatchObject({ conclusion: "success" });
    expect(errorIssues(w)[0]?.state ?? "closed").toBe("closed");
    await w.play(releaseStaging());
    expect(ops(w).pulls.map((p) => p.title)).toEqual(["Release staging: billing 1431 → 1433"]);
  });

  it("an alias bomb in an env file blocks that environment only, named with its file", async () => {
    w = await startWorld(world({ ops: { staging: `${STAGING}${BOMB}\n` } }));
    await w.play(pushFile("README.md", "# ops\n"));
    expectReported(w, "environments/staging.yml", /more than 10 YAML aliases/);
    expect(configCheck(w)!.title).toBe("1 configuration problem; 1 of 2 environments still release");
    await w.play(releaseStaging());
    expect(reactionsOn(w, "/release staging")).toEqual(["-1"]);
    expect(lastReply(w)).toContain("environments/staging.yml");
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release production" } });
    expect(ops(w).pulls.map((p) => p.head)).toEqual(["release-production"]);
  });

  it("a 5 MB config is refused by its size, before parsing, naming the file and the cap", async () => {
    const huge = `${CONFIG}${"# padding\n".repeat(520_000)}`;
    w = await startWorld(world());
    await w.play(pushFile(CONFIG_FILE, huge));
    expectReported(w, CONFIG_FILE, /more than the 512 KB release-bot reads/);
    expect(configCheck(w)!.summary).toMatch(/shrink/);
  });

  it("a config nested 300,000 levels deep (it would exhaust the parser's memory) is a config error, and the bot lives on", async () => {
    w = await startWorld(world());
    await w.play(pushFile(CONFIG_FILE, `components: ${"[".repeat(300_000)}\n`));
    expectReported(w, CONFIG_FILE, /nested more than 64 levels/);
    await w.play(pushFile(CONFIG_FILE, CONFIG));
    expect(configCheck(w)).toMatchObject({ conclusion: "success" });
    expect(errorIssues(w)[0].state).toBe("closed");
  });

  it("4,413 problems fit GitHub's limits: the first in full, then how many more and where, with the right counts", async () => {
    const components = Array.from({ length: 4413 }, (_, i) => `  c${i}: { repo: acme/c${i} }`).join("\n");
    w = await startWorld(world());
    await w.play(pushFile(CONFIG_FILE, `${CONFIG.replace("environments:", `${components}\nenvironments:`)}`));
    const check = configCheck(w)!;
    expect(check.title).toBe("4,413 configuration problems; 2 of 2 environments still release");
    expect(check.summary!.length).toBeLessThanOrEqual(CHECK_RUN_TEXT_LIMIT);
    expect(check.summary).toContain("release-bot found 4,413 problems.");
    const listed = (text: string) => (text.match(/^\| components\.c\d+\.build /gm) ?? []).length;
    const more = (text: string) => Number(/…and ([\d,]+) more problems not listed here/.exec(text)![1].replace(/,/g, ""));
    expect(listed(check.summary!) + more(check.summary!)).toBe(4413);
    expect(listed(check.summary!)).toBeGreaterThan(100);

    const [issue] = errorIssues(w);
    expect(issue.body.length).toBeLessThanOrEqual(ISSUE_BODY_LIMIT);
    expect(listed(issue.body) + more(issue.body)).toBe(4413);
    expect(issue.body).toContain("the `release-bot/config` check run on");
  });

  it("an env file pinning 3,000 unknown components: /release is answered within GitHub's limits, the check run counts them all", async () => {
    const staging = `components:\n${Array.from({ length: 3000 }, (_, i) => `  ghost-${i}: { version: "1" }`).join("\n")}\n`;
    w = await startWorld(world({ ops: { staging } }));
    await w.play(pushFile("README.md", "# ops\n"));
    expect(configCheck(w)!.title).toBe("3,000 configuration problems; 1 of 2 environments still release");
    await w.play(releaseStaging());
    expect(reactionsOn(w, "/release staging")).toEqual(["-1"]);
    const reply = lastReply(w);
    expect(reply.length).toBeLessThanOrEqual(ISSUE_BODY_LIMIT);
    expect((reply.match(/^- `environments\/staging\.yml`/gm) ?? []).length).toBe(10);
    expect(reply).toContain("…and 2,990 more: the “release-bot: configuration error” issue");
  });
});

describe("one ops repo's hostile config never affects another ops repo in the same installation", () => {
  const SCHEDULED = CONFIG.replace("staging: { from: builds }", 'staging: { from: builds, schedule: "0 9 * * 1-5" }');
  const twoOpsRepos = () => ({
    name: "two ops repos, one installation",
    start: "2026-11-23T09:00:00+01:00", // Monday 08:00 UTC
    repos: {
      // Listed first, so it is read first.
      "acme/a-ops": { ...opsRepo({ config: `${SCHEDULED}${BOMB}\n` }) },
      "acme/ops": opsRepo({ config: SCHEDULED }),
      "acme/billing": billingRepo(),
      "acme/search": searchRepo(),
    },
  });

  it("on the clock: the healthy repo gets its scheduled release, the bombed one nothing", async () => {
    w = await startWorld(twoOpsRepos());
    await w.play({ clock: "2026-11-23T10:30:00+01:00" }); // past 09:00 UTC
    expect(ops(w).pulls.map((p) => p.head)).toEqual(["release-staging"]);
    expect(ops(w, "acme/a-ops").pulls).toEqual([]);

    // The bombed repo is told on its next push, in its own repo only.
    await w.play(pushFile("README.md", "# ops\n", "acme/a-ops"));
    expect(configCheck(w, "acme/a-ops")).toMatchObject({ conclusion: "failure" });
    expect(errorIssues(w, "acme/a-ops")).toHaveLength(1);
    expect(errorIssues(w)).toHaveLength(0);
  });

  it("on a green build: the healthy repo's release PR is refreshed, the bombed one is left alone", async () => {
    w = await startWorld(twoOpsRepos());
    await w.play(releaseStaging());
    await w.play({ push: { repo: "acme/billing", user: "bob", commits: [{ id: "b4", message: "Speed up exports (#46)", author: "bob" }] } });
    w.takeWrites();
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b4", runNumber: 1440, conclusion: "success" } });
    expect(ops(w).pulls.map((p) => p.title)).toEqual(["Release staging: billing 1431 → 1440"]);
    expect(w.takeWrites().filter((write) => JSON.stringify(write).includes("a-ops"))).toEqual([]);
  });
});
