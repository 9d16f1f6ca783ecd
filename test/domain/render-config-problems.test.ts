import { describe, expect, it } from "vitest";
import { CHECK_RUN_TEXT_LIMIT, CONFIG_ERROR_ISSUE_TITLE, CONFIG_ERROR_MARKER, ISSUE_BODY_LIMIT, fitProblemsMarkdown, renderProblemsMarkdown } from "../../src/domain/render-config-problems.js";
import { renderConfigCheckRun, renderConfigIssueBody } from "../../src/domain/render-config-report.js";
import type { ConfigProblem } from "../../src/domain/config-problem.js";

const FILE = ".github/release-bot.yml";
const problem = (over: Partial<ConfigProblem>): ConfigProblem => ({ file: FILE, key: "environments.demo.from", message: "m", fix: "f", environments: ["demo"], ...over });

describe("renderProblemsMarkdown", () => {
  it("constants", () => {
    expect(CONFIG_ERROR_ISSUE_TITLE).toBe("release-bot: configuration error");
    expect(CONFIG_ERROR_MARKER).toBe("<!-- release-bot:config-error -->");
  });

  it("says so when there is nothing wrong", () => {
    expect(renderProblemsMarkdown({ problems: [], file: FILE })).toBe("No problems found in `.github/release-bot.yml`.");
  });

  it.each([
    ["a row per problem with key, line, message, fix, blocked envs", [problem({ line: 4, message: 'from "stagin" is unknown', fix: 'set it to "staging"' })], '| environments.demo.from (line 4) | from "stagin" is unknown | set it to "staging" | `demo` |'],
    ["all environments", [problem({ key: "", environments: "all" })], "| (file) | m | f | all environments |"],
    ["component problem", [problem({ key: "components.x.repo", environments: [] })], "| components.x.repo | m | f | environments whose file lists it |"],
    ["pipes and newlines cannot break the table", [problem({ message: 'schedule "a | b"\nnext' })], '| schedule "a \\| b" next |'],
    ["mentions in values do not ping", [problem({ message: "owner @alice" })], "owner @&#8203;alice"],
  ])("%s", (_name, problems, row) => {
    const markdown = renderProblemsMarkdown({ problems, file: FILE });
    expect(markdown).toContain("| key | problem | fix | blocks |");
    expect(markdown).toContain(row);
    expect(markdown).not.toContain(CONFIG_ERROR_MARKER);
  });

  it("groups problems by file", () => {
    const markdown = renderProblemsMarkdown({ problems: [problem({}), problem({ file: "environments/demo.yml", key: "components.x" })], file: FILE });
    expect(markdown).toContain("release-bot found 2 problems.");
    expect(markdown.indexOf("### `.github/release-bot.yml`")).toBeLessThan(markdown.indexOf("### `environments/demo.yml`"));
  });
});

const many = (n: number, over: Partial<ConfigProblem> = {}) =>
  Array.from({ length: n }, (_, i) => problem({ key: `components.c${i}.build`, line: 3 + i, message: 'missing required key "build" → add it', fix: "add components.c.build: how the component's green builds are found", environments: [], ...over }));
const rows = (markdown: string) => (markdown.match(/^\| (?!key |---)/gm) ?? []).length;
const more = (markdown: string) => Number(/…and ([\d,]+) more problems? not listed here/.exec(markdown)?.[1].replace(/,/g, "") ?? 0);
const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe("renderProblemsMarkdown within GitHub's limits", () => {
  it.each([
    ["4,413 problems", many(4413), 4413],
    ["problems with 3-byte characters in every cell", many(3000, { message: "“→…”".repeat(90), fix: "€".repeat(300) }), 3000],
    ["one problem whose message is 100,000 characters", [problem({ message: "x".repeat(100_000) })], 1],
    ["problems that each block 600 environments", many(500, { environments: Array.from({ length: 600 }, (_, i) => `env-${i}`) }), 500],
    ["mentions and HTML, which grow when escaped", many(2000, { message: "@a<b>@c<d>".repeat(40) }), 2000],
  ])("%s: at most 65,535 bytes, rows plus “and K more” add up", (_name, problems, total) => {
    const { markdown, shown } = fitProblemsMarkdown({ problems, file: FILE, rest: "see the check run" });
    expect(bytes(markdown)).toBeLessThanOrEqual(CHECK_RUN_TEXT_LIMIT);
    expect(markdown).toContain(`release-bot found ${total.toLocaleString("en-US")} problem`);
    expect(rows(markdown)).toBe(shown);
    expect(shown + more(markdown)).toBe(total);
    if (shown < total) expect(markdown).toMatch(/not listed here: see the check run\n$/);
  });

  it("a few problems are listed in full, without a “more” line", () => {
    const { markdown, shown } = fitProblemsMarkdown({ problems: many(3), file: FILE });
    expect(shown).toBe(3);
    expect(markdown).not.toContain("more problem");
  });

  it("long cells are cut and long environment lists end with “and N more”", () => {
    const markdown = renderProblemsMarkdown({ problems: [problem({ message: "y".repeat(10_000), environments: Array.from({ length: 25 }, (_, i) => `e${i}`) })], file: FILE });
    expect(markdown).toContain("…");
    expect(markdown.length).toBeLessThan(2000);
    expect(markdown).toContain("`e9` and 15 more");
  });

  it("an environment name with pipes and newlines cannot break the table", () => {
    const markdown = renderProblemsMarkdown({ problems: [problem({ environments: ["a|b\n| x | y |"] })], file: FILE });
    expect(markdown.split("\n").filter((l) => l.startsWith("| environments"))).toHaveLength(1);
  });
});

describe("the check run and the configuration error issue", () => {
  const report = (problems: ConfigProblem[]) => ({ problems, file: FILE, declared: ["staging", "demo", "production"], usable: ["staging"] });

  it.each([
    ["no problems", [], "success", "Configuration valid: 3 environments"],
    ["one problem", many(1), "failure", "1 configuration problem; 1 of 3 environments still release"],
    ["4,413 problems", many(4413), "failure", "4,413 configuration problems; 1 of 3 environments still release"],
  ] as const)("%s: conclusion and title", (_name, problems, conclusion, title) => {
    expect(renderConfigCheckRun(report([...problems]))).toMatchObject({ conclusion, title });
  });

  it("a file no environment could be read from says so", () => {
    expect(renderConfigCheckRun({ problems: many(1), file: FILE, declared: [], usable: [] }).title).toBe("1 configuration problem; no environment releases");
  });

  it("4,413 problems: the summary lists the first, the text the next, every one counted once", () => {
    const run = renderConfigCheckRun(report(many(4413)));
    expect(bytes(run.summary)).toBeLessThanOrEqual(CHECK_RUN_TEXT_LIMIT);
    expect(bytes(run.text!)).toBeLessThanOrEqual(CHECK_RUN_TEXT_LIMIT);
    expect(rows(run.summary) + more(run.summary)).toBe(4413);
    expect(rows(run.summary) + rows(run.text!) + more(run.text!)).toBe(4413);
    expect(run.text).toMatch(new RegExp(`^Problems ${rows(run.summary) + 1} to 4,413 of 4,413:`));
    expect(run.text).toMatch(/the next check run lists the rest\n$/);
  });

  it("the issue body holds the marker once, fits 65,536 characters and points at the check run for the rest", () => {
    const body = renderConfigIssueBody({ ...report(many(4413)), defaultBranch: "main", head: "abcdef1234567", checkName: "release-bot/config" });
    expect(bytes(body)).toBeLessThanOrEqual(ISSUE_BODY_LIMIT);
    expect(body.split(CONFIG_ERROR_MARKER)).toHaveLength(2);
    expect(rows(body) + more(body)).toBe(4413);
    expect(body).toContain("the `release-bot/config` check run on abcdef1 lists more of them");
    expect(body).toContain("Still working: `staging`.");
  });
});
