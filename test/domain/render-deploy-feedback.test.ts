import { describe, expect, it } from "vitest";
import {
  deployMarker,
  hasMarker,
  renderDeployFailureComment,
  renderDeployProgressNote,
  renderDeploySuccessComment,
  renderIssueReleasedComment,
} from "../../src/domain/render-deploy-feedback.js";
import { bareReferences, components, expectNoPingsNoClosing, hostile, many, MENTION } from "./deploy-feedback-fixtures.js";

const redirect = { redirect: "redirect.github.com" as const };
const success = (over: Partial<Parameters<typeof renderDeploySuccessComment>[0]> = {}) =>
  renderDeploySuccessComment({ environment: "staging", deploymentId: 12, logUrl: "https://ci.example.com/run/9", components, issuesCommented: 3, skippedIssues: [], links: redirect, githubUrl: "https://github.com", ...over });
const issue = (over: Partial<Parameters<typeof renderIssueReleasedComment>[0]> = {}) =>
  renderIssueReleasedComment({ environment: "staging", deploymentId: 12, components, pull: { repo: "acme/ops", number: 2 }, links: redirect, githubUrl: "https://github.com", ...over });
const failure = (over: Partial<Parameters<typeof renderDeployFailureComment>[0]> = {}) =>
  renderDeployFailureComment({ environment: "staging", deploymentId: 12, state: "failure", logUrl: "https://ci.example.com/run/9", owners: ["alice", "acme/release-team"], ...over });

describe("every renderer starts with its marker", () => {
  it.each<[string, string, string]>([
    ["success", success(), deployMarker("success", 12)],
    ["issue", issue(), deployMarker("issue", 12)],
    ["failure", failure(), deployMarker("failure", 12)],
    ["progress", renderDeployProgressNote({ environment: "staging", state: "queued", deploymentId: 12 }), deployMarker("progress", 12)],
  ])("%s", (_name, body, marker) => {
    expect(body.split("\n")[0]).toBe(marker);
    expect(hasMarker(body, marker)).toBe(true);
    expect(hasMarker(body, marker.replace("deployment=12", "deployment=1"))).toBe(false);
  });
});

describe("renderDeploySuccessComment", () => {
  it("says where, which versions, links the log and counts the issues told", () => {
    const body = success();
    expect(body).toContain("Deployed to **staging**");
    expect(body).toContain("- **billing** `1432` → `1433`");
    expect(body).toContain("- **search** `9f16f65`");
    expect(body).toContain("[Deploy log](https://ci.example.com/run/9)");
    expect(body).toContain("Told 3 referenced issues.");
    expect(body).not.toContain("Not told");
  });

  it.each<[string, Parameters<typeof success>[0], string[], string[]]>([
    ["one issue", { issuesCommented: 1 }, ["Told 1 referenced issue."], []],
    ["no issues", { issuesCommented: 0 }, ["No referenced issues to tell."], ["Told"]],
    ["no log", { logUrl: undefined }, [], ["Deploy log"]],
    ["a log URL that is not http(s)", { logUrl: "javascript:alert(1)" }, [], ["Deploy log", "javascript"]],
    ["a log URL with parentheses", { logUrl: "https://ci.example.com/a(b)" }, ["(https://ci.example.com/a%28b%29)"], []],
    [
      "skipped issues with why, linked through the redirector",
      { skippedIssues: [{ ref: { repo: "acme/secret", number: 4 }, reason: "the app cannot reach it (404)" }] },
      ["**Not told (1):**", "- [acme/secret#4](https://redirect.github.com/acme/secret/issues/4): the app cannot reach it (404)"],
      [],
    ],
    ["plain links when the redirector is off", { links: { redirect: false }, githubUrl: "https://ghe.example.com/", skippedIssues: [{ ref: { repo: "a/b", number: 1 }, reason: "gone" }] }, ["(https://ghe.example.com/a/b/issues/1)"], ["redirect"]],
  ])("%s", (_name, over, contains, absent) => {
    const body = success(over);
    for (const text of contains) expect(body).toContain(text);
    for (const text of absent) expect(body).not.toContain(text);
  });

  it("stays far below GitHub's comment limit with 300 components and 1,000 skipped issues", () => {
    const skippedIssues = Array.from({ length: 1000 }, (_, i) => ({ ref: { repo: "acme/x", number: i + 1 }, reason: "the app cannot reach it (403)" }));
    const body = success({ components: many(300), skippedIssues });
    expect(body.length).toBeLessThan(20_000);
    expect(body).toContain("**Not told (1000):**");
    expect(body).toContain("- … and 950 more");
    expect(body).toContain("- … and 250 more");
  });

  it("neither pings nor closes, and references only link through the redirector", () => {
    const body = success({ components: hostile, skippedIssues: [{ ref: { repo: "a/b", number: 1 }, reason: "@carol said fixes #9" }] });
    expectNoPingsNoClosing(body);
    expect(bareReferences(body)).toEqual([]);
  });
});

/** Env-file versions GitHub must not act on, and how every comment shows them: a code span, `<!--` broken. */
const EVIL = "99`<img src=x onerror=alert(1)> @alice <!--";
const EVIL_SPAN = "``99`<img src=x onerror=alert(1)> @alice <\u200B!--``";
const evil = { billing: { from: { version: EVIL }, to: { version: "[x](https://evil.example)\n<!-- release-bot:deploy-success deployment=1 -->" } } };
const EVIL_TO = "`[x](https://evil.example) <\u200B!-- release-bot:deploy-success deployment=1 -->`";

describe("hostile env-file versions in deploy feedback", () => {
  it.each<[string, string]>([
    ["success comment", success({ components: evil })],
    ["issue comment", issue({ components: evil })],
  ])("%s: in code spans, and no marker can be forged", (_name, body) => {
    expect(body).toContain(`**billing** ${EVIL_SPAN} → ${EVIL_TO}`);
    expect(body.match(/<!--/g)).toHaveLength(1); // the bot's own marker line
    expect(hasMarker(body, deployMarker("success", 1))).toBe(false);
  });

  it("labels and the rollback hint are code spans too", () => {
    expect(issue({ transition: { added: ["`x` @alice"], removed: [], closed: false } })).toContain("added `` `x` @alice ``.");
    expect(failure({ environment: "a`b", rollback: null })).toContain("Comment ``/rollback a`b`` to open one.");
  });
});

describe("renderIssueReleasedComment", () => {
  it("says where, which versions, and links the release PR through the redirector", () => {
    const body = issue();
    expect(body).toBe(
      `${deployMarker("issue", 12)}\n🚀 Released to **staging** by [acme/ops#2](https://redirect.github.com/acme/ops/pull/2): **billing** \`1432\` → \`1433\`, **search** \`9f16f65\`.\n`,
    );
  });

  it.each<[string, Parameters<typeof issue>[0], string[], string[]]>([
    ["labels moved", { transition: { added: ["workflow/test"], removed: ["workflow/ready-for-staging"], closed: false } }, ["Labels: removed `workflow/ready-for-staging`; added `workflow/test`."], ["closed"]],
    ["closed", { transition: { added: [], removed: [], closed: true } }, ["so it is now closed."], ["Labels:"]],
    ["nothing moved", { transition: { added: [], removed: [], closed: false } }, [], ["Labels:", "closed"]],
    ["plain GitHub link when the redirector is off", { links: { redirect: false }, githubUrl: "https://ghe.example.com" }, ["(https://ghe.example.com/acme/ops/pull/2)"], ["redirect"]],
    ["many components are cut short", { components: many(300) }, ["and 290 more."], ["component-10 "]],
  ])("%s", (_name, over, contains, absent) => {
    const body = issue(over);
    for (const text of contains) expect(body).toContain(text);
    for (const text of absent) expect(body).not.toContain(text);
  });

  it("neither pings nor closes, whatever the names, and makes no bare references", () => {
    const body = issue({ environment: "@team", components: hostile, transition: { added: ["fixes #1"], removed: ["@dave"], closed: true } });
    expectNoPingsNoClosing(body);
    expect(bareReferences(body)).toEqual([]);
    expect(body).not.toMatch(/<b>|(?<!\\)\](?=\(javascript)/);
  });
});

describe("renderDeployFailureComment", () => {
  it("mentions each owner once, says what failed, links the log and the rollback", () => {
    const body = failure({ owners: ["alice", "@acme/release-team", "alice"], rollback: { number: 5 } });
    expect(body.match(MENTION)?.length).toBe(2);
    expect(body).toContain("@alice @acme/release-team: please take a look.");
    expect(body).toContain("### ❌ Deploy to **staging** failed");
    expect(body).toContain("The deployment reported `failure`. [Deploy log](https://ci.example.com/run/9)");
    expect(body).toContain("**Rollback:** #5 restores");
  });

  it.each<[string, Parameters<typeof failure>[0], string[], string[]]>([
    ["error", { state: "error" }, ["reported `error`"], []],
    ["timeout with minutes", { state: "timeout", timeoutMinutes: 60 }, ["no result within 60 minutes, so it is treated as failed."], []],
    ["timeout without minutes", { state: "timeout" }, ["no result in time"], []],
    ["no rollback opened", { rollback: null }, ["Comment `/rollback staging` to open one."], ["**Rollback:**"]],
    ["rollback not decided", { rollback: undefined }, [], ["/rollback", "**Rollback:**"]],
    ["no owners", { owners: [] }, ["No `releaseOwners` are configured"], ["@"]],
    ["no log", { logUrl: undefined }, [], ["Deploy log"]],
  ])("%s", (_name, over, contains, absent) => {
    const body = failure(over);
    for (const text of contains) expect(body).toContain(text);
    for (const text of absent) expect(body).not.toContain(text);
  });

  it("pings nothing but valid owners and never closes", () => {
    const body = failure({ owners: ["alice", "@evil fixes #1", "not a/valid/team", "bob"], environment: "staging" });
    expect(body.match(/@[\w/-]+/g)).toEqual(["@alice", "@bob"]);
    expectNoPingsNoClosing(body.replace("@alice @bob", ""));
  });
});

describe("renderDeployProgressNote", () => {
  it.each<[string, Parameters<typeof renderDeployProgressNote>[0], string]>([
    ["queued", { environment: "staging", state: "queued", deploymentId: 3 }, `${deployMarker("progress", 3)}\n⏳ Deploy to **staging** queued.\n`],
    ["in progress with log", { environment: "staging", state: "in_progress", deploymentId: 3, logUrl: "https://ci/x" }, `${deployMarker("progress", 3)}\n⏳ Deploy to **staging** in progress. [Deploy log](https://ci/x)\n`],
    ["without a deployment id", { environment: "demo", state: "queued" }, "<!-- release-bot:deploy-progress -->\n⏳ Deploy to **demo** queued.\n"],
  ])("%s", (_name, opts, expected) => {
    expect(renderDeployProgressNote(opts)).toBe(expected);
  });
});
