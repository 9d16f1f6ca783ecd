import { describe, expect, it } from "vitest";
import { CONFIG_ERROR_ISSUE_TITLE, CONFIG_ERROR_MARKER, renderProblemsMarkdown } from "../../src/domain/render-config-problems.js";
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
