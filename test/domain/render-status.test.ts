import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/domain/parse-config.js";
import { formatWhen, renderPromotionGraph, renderStatus, type EnvironmentSnapshot } from "../../src/domain/render-status.js";

const SHA = "5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
// Monday 23 November 2026, 09:00 in Rome (CET, UTC+1).
const MONDAY_9 = new Date("2026-11-23T08:00:00Z");

const COMPONENTS = `
components:
  billing: { repo: acme/billing, build: { workflow: ci.yml } }
  search: { repo: acme/search, build: { checks: [ci] } }
`;

const CHAIN = `timezone: Europe/Rome
${COMPONENTS}
environments:
  production: { from: demo, schedule: "0 9 * * 1" }
  demo: { from: staging, schedule: "0 9 * * 5" }
  staging: { from: builds, schedule: "0 9 * * 1-5" }
  acme-production: { from: acme-staging }
  acme-staging: { from: production, schedule: "0 10 * * 3" }
`;

const parsed = (yaml: string) => parseConfig({ file: ".github/release-bot.yml", text: yaml });

function status(opts: { yaml: string; snapshots?: Record<string, EnvironmentSnapshot>; now?: Date; budget?: number; githubUrl?: string }) {
  const { config, problems } = parsed(opts.yaml);
  return renderStatus({ config, configProblems: problems, snapshots: opts.snapshots ?? {}, opsRepo: "acme/ops", now: opts.now ?? MONDAY_9, budget: opts.budget, githubUrl: opts.githubUrl });
}

const rowOf = (text: string, env: string) => text.split("\n").find((line) => line.startsWith(`| **${env}** |`)) ?? "";
const rowNames = (text: string) => [...text.matchAll(/^\| \*\*([^*]+)\*\* \|/gm)].map((m) => m[1]);
const mermaidOf = (text: string) => /```mermaid\n([\s\S]*?)\n```/.exec(text)?.[1] ?? "";

describe("formatWhen", () => {
  it.each([
    ["a run later this week, in winter time", "2026-11-27T08:00:00Z", "Europe/Rome", MONDAY_9, "Fri 27 Nov 09:00 Europe/Rome"],
    ["summer time: 09:00 Rome is 07:00Z", "2026-06-05T07:00:00Z", "Europe/Rome", MONDAY_9, "Fri 5 Jun 09:00 Europe/Rome"],
    ["the day after the spring-forward change", "2026-03-30T07:00:00Z", "Europe/Rome", new Date("2026-03-28T12:00:00Z"), "Mon 30 Mar 09:00 Europe/Rome"],
    ["another year shows the year", "2027-01-06T23:00:00Z", "Europe/Rome", MONDAY_9, "Thu 7 Jan 2027 00:00 Europe/Rome"],
    ["the same instant in UTC", "2027-01-06T23:00:00Z", "UTC", MONDAY_9, "Wed 6 Jan 2027 23:00 UTC"],
    ["a zone west of UTC changes the day", "2026-11-27T03:30:00Z", "America/New_York", MONDAY_9, "Thu 26 Nov 22:30 America/New_York"],
  ])("%s", (_name, instant, timezone, now, expected) => {
    expect(formatWhen({ instant: new Date(instant), timezone, now })).toBe(expected);
  });
});

describe("renderPromotionGraph", () => {
  it.each([
    ["a chain declared backwards is one line", { production: "demo", demo: "staging", staging: "builds" }, ["builds --> staging --> demo --> production"]],
    [
      "client chains continue after production, with ids Mermaid can read",
      { staging: "builds", demo: "staging", production: "demo", "acme-staging": "production", "acme-production": "acme-staging" },
      ['env_acme_staging["acme-staging"]', 'env_acme_production["acme-production"]', "builds --> staging --> demo --> production --> env_acme_staging --> env_acme_production"],
    ],
    [
      "an environment feeding two starts a line per branch",
      { staging: "builds", demo: "staging", qa: "staging", production: "demo" },
      ["builds --> staging", "staging --> demo --> production", "staging --> qa"],
    ],
    ["two builds-fed roots", { qa: "builds", staging: "builds" }, ["builds --> qa", "builds --> staging"]],
    ["Mermaid keywords are never ids", { end: "builds" }, ['env_end["end"]', "builds --> env_end"]],
  ])("%s", (_name, spec, lines) => {
    const graph = renderPromotionGraph({ environments: Object.fromEntries(Object.entries(spec).map(([name, from]) => [name, { from }])) as never });
    expect(graph.split("\n").slice(0, 3)).toEqual(["```mermaid", "graph LR", '  builds(["green builds"])']);
    expect(graph.split("\n").slice(3, -1).map((l) => l.trim())).toEqual(lines);
    expect(graph.endsWith("```")).toBe(true);
  });
});

describe("renderStatus", () => {
  const pins = { billing: { version: "1431", commit: "1a2b3c4" }, search: { version: SHA, commit: SHA } };

  it("lists environments in promotion order with source, pins, open PR and next run in the config's zone", () => {
    const text = status({ yaml: CHAIN, snapshots: { staging: { pins, openPull: 2 }, demo: { pins: { billing: { version: "1430" } } }, production: { pins: {} } } });
    expect(rowNames(text)).toEqual(["staging", "demo", "production", "acme-staging", "acme-production"]);
    expect(rowOf(text, "staging")).toBe(
      "| **staging** | builds | billing `1431`<br>search `5e6f708` | [#2](https://redirect.github.com/acme/ops/pull/2) | Tue 24 Nov 09:00 Europe/Rome |   |",
    );
    expect(rowOf(text, "demo")).toBe("| **demo** | ← staging | billing `1430` | — | Fri 27 Nov 09:00 Europe/Rome |   |");
    expect(rowOf(text, "production")).toBe("| **production** | ← demo | (none) | — | Mon 30 Nov 09:00 Europe/Rome |   |");
    expect(rowOf(text, "acme-staging")).toContain("| Wed 25 Nov 10:00 Europe/Rome |");
    expect(rowOf(text, "acme-production")).toBe("| **acme-production** | ← acme-staging | — | — | — |   |");
    expect(text).toContain("As of Mon 23 Nov 09:00 Europe/Rome.");
    expect(mermaidOf(text)).toContain("builds --> staging --> demo --> production --> env_acme_staging --> env_acme_production");
  });

  it.each([
    ["the redirector host by default", undefined, "https://github.com", "https://redirect.github.com/acme/ops/pull/7"],
    ["plain links on GitHub Enterprise (redirect: false)", "false", "https://ghe.acme.test", "https://ghe.acme.test/acme/ops/pull/7"],
  ])("links the open release PR through %s", (_name, redirect, githubUrl, link) => {
    const yaml = `${COMPONENTS}environments: { staging: { from: builds } }\n${redirect ? `links: { redirect: ${redirect} }\n` : ""}`;
    expect(rowOf(status({ yaml, githubUrl, snapshots: { staging: { openPull: 7 } } }), "staging")).toContain(`[#7](${link})`);
  });

  it.each([
    {
      situation: "a date window active now: frozen until the day after its last day, at local midnight",
      freeze: `- { from: 2026-11-20, to: 2026-11-24, environments: [production], reason: Holidays }`,
      production: "❄️ frozen until Wed 25 Nov 00:00 Europe/Rome: Holidays",
      staging: null,
    },
    {
      situation: "a recurring window started Friday 16:00, 64h long",
      freeze: `- { cron: "0 16 * * 5", duration: 64h, reason: Weekend }`,
      now: new Date("2026-11-22T12:00:00Z"),
      production: "❄️ frozen until Mon 23 Nov 08:00 Europe/Rome: Weekend",
      staging: "❄️ frozen until Mon 23 Nov 08:00 Europe/Rome: Weekend",
    },
    {
      situation: "a window that is over says nothing",
      freeze: `- { from: 2026-01-01, to: 2026-01-02, reason: New year }`,
      production: null,
      staging: null,
    },
  ])("freeze note: $situation", ({ freeze, now, production, staging }) => {
    const text = status({ yaml: `${CHAIN}freeze:\n  ${freeze}\n`, now });
    for (const [env, note] of [["production", production], ["staging", staging]] as const) {
      if (note) expect(rowOf(text, env)).toContain(note);
      else expect(rowOf(text, env)).not.toContain("frozen");
    }
  });

  it("says when the next run falls in a freeze and will be skipped", () => {
    const text = status({ yaml: `${CHAIN}freeze:\n  - { from: 2026-11-30, to: 2026-11-30, environments: [production], reason: Audit }\n` });
    expect(rowOf(text, "production")).toContain("| Mon 30 Nov 09:00 Europe/Rome (skipped, frozen: Audit) |");
    expect(rowOf(text, "production")).not.toContain("❄️");
  });

  it.each([
    {
      situation: "an environment whose source is invalid is blocked with it, the others still shown",
      yaml: `${COMPONENTS}environments:\n  staging: { from: builds }\n  demo: { from: stagign }\n  production: { from: demo }\n`,
      rows: ["staging"],
      blocked: ["demo", "production"],
      says: "environments.demo.from",
    },
    {
      situation: "a bad schedule blocks only its environment",
      yaml: `${COMPONENTS}environments:\n  staging: { from: builds, schedule: "61 9 * * *" }\n  qa: { from: builds }\n`,
      rows: ["qa"],
      blocked: ["staging"],
      says: "environments.staging.schedule",
    },
  ])("config problems: $situation", ({ yaml, rows, blocked, says }) => {
    const text = status({ yaml });
    expect(rowNames(text)).toEqual(rows);
    const section = text.slice(text.indexOf("**Blocked**"));
    expect(section).toContain(`**Blocked** (${blocked.length} environment${blocked.length === 1 ? "" : "s"}`);
    for (const env of blocked) expect(section).toContain(`- **${env}**`);
    expect(section).toContain(says);
    expect(mermaidOf(text)).not.toMatch(new RegExp(blocked.join("|")));
  });

  it("a config that blocks every environment is answered, not crashed on", () => {
    const text = status({ yaml: `${CHAIN}freeze: [ { form: 2026-12-24 } ]\n` });
    expect(rowNames(text)).toEqual([]);
    expect(text).toContain("No environment can be shown");
    expect(text).toContain("**Every environment is blocked** until the configuration is fixed:\n  - `.github/release-bot.yml` → `freeze.0`");
    expect(text).not.toContain("```mermaid");
  });

  it("an invalid time zone (a config problem of its own) shows times in UTC instead of crashing", () => {
    const text = status({ yaml: `timezone: Mars/Olympus\n${COMPONENTS}environments: { staging: { from: builds } }\n` });
    expect(text).toContain("As of Mon 23 Nov 08:00 UTC.");
    expect(rowNames(text)).toEqual(["staging"]);
  });

  it("an env file's problems keep its row, flagged, and are listed with their fix", () => {
    const problem = { file: "environments/demo.yml", key: "components.biling", message: 'component "biling" is pinned here but is not in the bot\'s config', fix: "rename it", environments: ["demo"] };
    const text = status({ yaml: CHAIN, snapshots: { demo: { pins: { biling: { version: "1" } }, problems: [problem] } } });
    expect(rowOf(text, "demo")).toContain("| biling `1` |");
    expect(rowOf(text, "demo")).toContain("⚠️ blocked, see below");
    expect(text).toContain('- **demo**\n  - `environments/demo.yml` → `components.biling`: component "biling" is pinned here');
  });

  it("file text cannot break the table or ping anyone", () => {
    const text = status({ yaml: CHAIN, snapshots: { staging: { pins: { "@carol|x": { version: "1|2`3" } } } } });
    // The version is shown as it is: a double-backtick code span holds its backtick.
    expect(rowOf(text, "staging")).toContain("@&#8203;carol\\|x ``1\\|2`3``");
    expect(rowOf(text, "staging").split(/(?<!\\)\|/)).toHaveLength(8);
  });

  it.each([
    ["the issue's version", "99`<img src=x onerror=alert(1)> @alice <!--", "billing ``99`<img src=x onerror=alert(1)> @alice <\u200B!--``"],
    ["a link and a forged marker", "[x](https://evil.example) <!-- release-bot:x -->", "billing `[x](https://evil.example) <\u200B!-- release-bot:x -->`"],
    ["a newline and a pipe", "1\n|2", "billing `1 \\|2`"],
  ])("a hostile pinned version is one code span in its cell: %s", (_name, version, cell) => {
    const row = rowOf(status({ yaml: CHAIN, snapshots: { staging: { pins: { billing: { version } } } } }), "staging");
    expect(row).toContain(`| ${cell} |`);
    expect(row).not.toContain("<!--");
  });

  it("many components fold into details; beyond the budget pins shrink to counts", () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`svc${i}`, { version: String(100 + i) }]));
    const folded = rowOf(status({ yaml: CHAIN, snapshots: { staging: { pins: many } } }), "staging");
    expect(folded).toContain("<details><summary>12 components</summary>svc0 `100`<br>");
    const full = status({ yaml: CHAIN, snapshots: { staging: { pins: many } } });
    const counted = status({ yaml: CHAIN, snapshots: { staging: { pins: many } }, budget: full.length - 1 });
    expect(rowOf(counted, "staging")).toContain("| 12 components |");
    expect(counted).toContain("```mermaid");
  });
});
