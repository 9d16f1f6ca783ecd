/**
 * Issue 7, rule 6 "Never echo raw text": hostile text in command arguments, env-file versions and config text,
 * played through the real bot server over HTTP. Each case asserts on what the bot actually wrote: no @mention that
 * pings (broken by a zero-width space, or inside a code span), no link or HTML outside a code span, and no `<!--`
 * except the bot's own marker lines.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MARKER_LINE, outsideCode } from "../helpers/inert-text.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { ALIAS_BOMB, BILLING_PIN, CONFIG, STAGING, releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** The issue's env-file version. */
const EVIL_VERSION = "99`<img src=x onerror=alert(1)> @alice <!--";

const ops = () => w!.transcript().repos["acme/ops"];
const replies = () => ops().issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]");
const lastReply = () => replies().at(-1)!.body;
const command = (body: string, user = "alice") => ({ comment: { repo: "acme/ops", issue: 1, user, body } });
const withVersion = (version: string) => STAGING.replace('version: "1431"', `version: ${JSON.stringify(version)}`);


/** What GitHub would act on in Markdown the bot wrote: none of it may come from the hostile text. */
function expectInertMarkdown(text: string): void {
  const lines = text.split("\n");
  // Every comment opener is one of the bot's own marker lines.
  for (const line of lines.filter((l) => l.includes("<!--"))) expect(line).toMatch(MARKER_LINE);
  const outside = outsideCode(lines.filter((l) => !MARKER_LINE.test(l)).join("\n"));
  expect(outside).not.toMatch(/(?<!\w)@alice/); // a ping
  expect(outside).not.toContain("](https://evil.example"); // a Markdown link
  expect(outside).not.toMatch(/https?:\/\/evil\.example|www\.evil\.example/); // an autolink
  expect(outside).not.toMatch(/<img|<b>/i); // HTML
  expect(outside).not.toMatch(/acme\/billing#41/); // a cross-reference
}

/** A plain-text title or description: no mention, reference, tag, comment opener or link GitHub could act on. */
function expectInertTitle(title: string): void {
  expect(title).not.toMatch(/(?<!\w)@alice|<img|<!--|#\d|]\(|https?:\/\/evil|&#/);
  expect(title).not.toMatch(/[\n\r]/);
}

describe("command arguments are echoed only in code spans", () => {
  it.each([
    ["a mention", "/release @alice", "`@alice`"],
    ["a Markdown link", "/release [x](https://evil.example)", "`[x](https://evil.example)`"],
    ["a mention after an NBSP (parsed like a space)", "/release\u00A0@alice", "`@alice`"],
    ["a mention after an ideographic space", "/release\u3000@alice", "`@alice`"],
    ["an HTML tag", "/release <img/src=x/onerror=alert(1)>", "`<img/src=x/onerror=alert(1)>`"],
    ["an autolink", "/release www.evil.example", "`www.evil.example`"],
    ["a cross-reference", "/release acme/billing#41", "`acme/billing#41`"],
    ["a backtick that would close a plain span", "/release `@alice`", "`` `@alice` ``"],
    ["a rollback of a mention", "/rollback @alice", "`@alice`"],
  ])("%s: %j", async (_name, body, span) => {
    w = await startWorld(world());
    await w.play(command(body));
    const reply = lastReply();
    expect(reply).toContain(`There is no environment ${span} in .github/release-bot.yml. Known environments: \`staging\`, \`production\`.`);
    expectInertMarkdown(reply);
    expect(ops().pulls).toEqual([]);
  });

  it("/release @alice against a broken config: the problem is answered, the argument does not ping", async () => {
    w = await startWorld(world({ ops: { config: `${CONFIG}${ALIAS_BOMB}\n` } }));
    await w.play(command("/release @alice"));
    expect(lastReply()).toContain("YAML aliases");
    expectInertMarkdown(lastReply());
  });

  it("the happy case next to them: /release staging after an NBSP still releases", async () => {
    w = await startWorld(world());
    await w.play(command("/release\u00A0staging"));
    expect(ops().pulls.map((p) => p.title)).toEqual(["Release staging: billing 1431 → 1433"]);
    expect(lastReply()).toContain("Opened #2: Release staging: billing 1431 → 1433");
  });
});

describe("an env-file version reaches titles, bodies and replies inert", () => {
  it.each([
    ["the issue's version", EVIL_VERSION],
    ["a forged marker and a closing keyword", "fixes #41 <!-- release-bot:reply-to=1 -->"],
    ["a link, an autolink and a cross-reference", "[x](https://evil.example) www.evil.example acme/billing#41"],
    ["a newline and a tag", "7\n<b>bold</b> @alice"],
  ])("%s: %j", async (_name, version) => {
    w = await startWorld(world({ ops: { staging: withVersion(version) } }));
    await w.play(releaseStaging());
    const [pull] = ops().pulls;
    expect(pull.title.startsWith("Release staging: billing ")).toBe(true);
    expect(pull.title.endsWith(" → 1433")).toBe(true);
    expectInertTitle(pull.title);
    expectInertMarkdown(lastReply());
    expect(lastReply()).toContain(`Opened #2: ${pull.title}`);
    // The env file itself keeps what git holds; only the version is replaced.
    expect(pull.files["environments/staging.yml"]).toContain('version: "1433"');
  });

  it("the PR body shows the version in a code span: no ping, link or HTML outside it", async () => {
    w = await startWorld(world({ ops: { staging: withVersion(EVIL_VERSION) } }));
    await w.play(releaseStaging());
    const { body } = ops().pulls[0];
    const outside = outsideCode(body.split("\n").filter((l) => !MARKER_LINE.test(l)).join("\n"));
    expect(outside).not.toMatch(/(?<!\w)@alice|<img/);
    expect(body).toContain("onerror=alert(1)> @alice"); // shown, as text in code
  });

  it("the PR body has no comment opener but the bot's own markers", async () => {
    w = await startWorld(world({ ops: { staging: withVersion(EVIL_VERSION) } }));
    await w.play(releaseStaging());
    expectInertMarkdown(ops().pulls[0].body);
  });

  it("a hostile pin newer than the newest build: the 'not changed' reply", async () => {
    const ahead = "c".repeat(40);
    const staging = withVersion(EVIL_VERSION).replace(`commit: ${BILLING_PIN}`, `commit: ${ahead}`);
    w = await startWorld(world({ ops: { staging }, billing: { extraCommits: [{ id: "b3", sha: ahead, message: "Unbuilt", author: "bob" }] } }));
    await w.play(releaseStaging());
    expect(ops().pulls).toEqual([]);
    expectInertMarkdown(lastReply());
  });

  it("/status shows the hostile pin in a code span", async () => {
    w = await startWorld(world({ ops: { staging: withVersion(EVIL_VERSION) } }));
    await w.play(command("/status"));
    const reply = lastReply();
    expect(reply).toContain("billing ``99`<img src=x onerror=alert(1)> @alice <\u200B!--``");
    expectInertMarkdown(reply);
  });
});

describe("deploy feedback, deployment description and rollback stay inert", () => {
  const releaseAndMerge = async () => {
    await w!.play(releaseStaging());
    await w!.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
  };

  it("success: the deployment description, the PR comment and every issue comment", async () => {
    w = await startWorld(world({ ops: { staging: withVersion(EVIL_VERSION) } }));
    await releaseAndMerge();
    const [deployment] = w.sandbox.world.repo("acme/ops").deployments;
    expectInertTitle(deployment.description!.replace(/ \(#2\)$/, "")); // the bot's own reference to its PR
    expect(deployment.description).toContain("billing 1433");
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    const prComments = ops().pulls[0].comments.filter((c) => c.user === "release-bot[bot]");
    const success = prComments.find((c) => c.body.includes("Deployed to"))!.body;
    expect(success).toContain("- **billing** ``99`<img src=x onerror=alert(1)> @alice <\u200B!--`` → `1433`");
    for (const comment of prComments) expectInertMarkdown(comment.body);
    const issue = w.transcript().repos["acme/billing"].issues.find((i) => i.number === 41)!;
    const told = issue.comments.filter((c) => c.user === "release-bot[bot]");
    expect(told).toHaveLength(1);
    expectInertMarkdown(told[0].body);
  });

  it("failure: the rollback PR's title and body", async () => {
    w = await startWorld(world({ ops: { staging: withVersion(EVIL_VERSION) } }));
    await releaseAndMerge();
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
    const rollback = ops().pulls.find((p) => p.head === "rollback-staging")!;
    expect(rollback.title.startsWith("Roll back staging to billing 99`<\u200Bimg")).toBe(true);
    expectInertTitle(rollback.title);
    expectInertMarkdown(rollback.body);
    expect(rollback.files["environments/staging.yml"]).toContain(`commit: ${BILLING_PIN}`);
  });
});

describe("config text in replies", () => {
  it("a freeze reason cannot ping, link or inject HTML", async () => {
    const reason = "@alice <img src=x onerror=alert(1)> [x](https://evil.example)";
    const config = `${CONFIG}freeze:\n  - { from: 2026-11-20, to: 2026-11-30, reason: ${JSON.stringify(reason)} }\n`;
    w = await startWorld(world({ ops: { config } }));
    await w.play(releaseStaging());
    const reply = lastReply();
    expect(reply).toContain("**staging** is frozen until");
    expect(reply).toContain("`/release staging --force`");
    expectInertMarkdown(reply);
    expect(ops().pulls).toEqual([]);
  });
});
