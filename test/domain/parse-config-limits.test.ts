/** Bounded input: hostile config and env files are one config problem each, naming the file and the fix; never an exception. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/domain/parse-config.js";
import { parseEnvFile } from "../../src/domain/parse-env-file.js";
import { MAX_YAML_ALIASES, MAX_YAML_BYTES, readBoundedYaml } from "../../src/domain/read-bounded-yaml.js";

const FILE = ".github/release-bot.yml";
const ENV_FILE = "environments/staging.yml";
const GOOD = "components:\n  billing: { repo: acme/billing, build: { workflow: ci.yml } }\nenvironments:\n  staging: { from: builds }\n";
const PIN = 'components:\n  billing: { version: "1431" }\n';

/** Nine levels of nine aliases: 9^9 strings once expanded. */
const BOMB = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(", ")}]`)].join("\n");
/** Exactly `n` aliases of one scalar anchor. */
const aliases = (n: number) => `x-anchor: &a v\nx-aliases: [${Array(n).fill("*a").join(", ")}]\n`;
/** Within the alias count, but yaml's own expansion check still refuses it: 5 aliases of an anchor that holds 5. */
const EXPANDING = `a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n`;

describe("hostile YAML is one problem naming the file and the fix", () => {
  it.each([
    ["a billion-laughs alias bomb", `${GOOD}${BOMB}\n`, /more than 10 YAML aliases.*billion laughs/, /anchors and aliases/],
    ["11 aliases", `${GOOD}${aliases(MAX_YAML_ALIASES + 1)}`, /more than 10 YAML aliases/, /at most 10 aliases/],
    ["few aliases that expand too much (yaml: Excessive alias count)", `${GOOD}${EXPANDING}`, /YAML aliases expand too much: Excessive alias count/, /anchors and aliases/],
    ["101 anchors", `${GOOD}${Array.from({ length: 101 }, (_, i) => `x${i}: &a${i} v`).join("\n")}\n`, /more than 100 YAML anchors/, /remove anchors/],
    ["a 5 MB file", `${GOOD}${"#".repeat(5 * 1024 * 1024)}\n`, /at least 5,121 KB, more than the 512 KB release-bot reads/, /shrink .* below 512 KB/],
    ["512 KB of two-byte characters (the cap counts UTF-8 bytes)", `${GOOD}# ${"é".repeat(MAX_YAML_BYTES / 2)}\n`, /more than the 512 KB/, /shrink/],
    ["300,000 open brackets (they exhaust the parser's memory)", `components: ${"[".repeat(300_000)}`, /nested more than 64 levels deep/, /flatten/],
    ["65 nested flow maps", `components: ${"{a: ".repeat(65)}`, /nested more than 64 levels deep/, /flatten/],
    ["1,000 levels of indentation (yaml's composer runs out of stack)", `x:\n${Array.from({ length: 999 }, (_, i) => `${" ".repeat(i + 1)}a:`).join("\n")}\n`, /indented more than 256 columns/, /flatten/],
    ["60 compact sequences per line, each line indented further", `components:\n${Array.from({ length: 20 }, (_, i) => `${" ".repeat(2 + 120 * i)}${"- ".repeat(60)}`).join("\n")}\n`, /indented more than 256 columns/, /flatten/],
    ["100 compact sequences on one line", `components:\n  ${"- ".repeat(100)}x\n`, /nested more than 64 levels deep/, /flatten/],
    ["a duplicate key among thousands", `${GOOD.replace("environments:", `${Array.from({ length: 3000 }, (_, i) => `  c${i}: { repo: a/b }`).join("\n")}\n  c7: { repo: a/b }\nenvironments:`)}`, /Map keys must be unique; "c7" appears twice/, /remove or rename one of the two "c7" keys/],
  ])("%s", (_name, text, message, fix) => {
    const config = parseConfig({ file: FILE, text });
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0]).toMatchObject({ file: FILE, key: "", environments: "all" });
    expect(config.problems[0].message).toMatch(message);
    expect(config.problems[0].fix).toMatch(fix);
    expect(config.usableEnvironments).toEqual([]);

    const env = parseEnvFile({ file: ENV_FILE, text: text.replace(GOOD, PIN), environment: "staging" });
    expect(env.pins).toEqual({});
    expect(env.problems).toHaveLength(1);
    expect(env.problems[0]).toMatchObject({ file: ENV_FILE, environments: ["staging"] });
    expect(env.problems[0].message).toMatch(message);
  });

  it.each([
    ["10 aliases", `${GOOD}${aliases(MAX_YAML_ALIASES)}`],
    ["a shared build block", "ci: &ci { workflow: ci.yml }\ncomponents:\n  billing: { repo: acme/billing, build: *ci }\n  search: { repo: acme/search, build: *ci }\nenvironments:\n  staging: { from: builds }\n"],
    ["a flow map of 300 keys on one line", `${GOOD}x: {${Array.from({ length: 300 }, (_, i) => `k${i}: v`).join(", ")}}\n`],
    ["64 nested lists", `${GOOD}x: ${"[".repeat(64)}${"]".repeat(64)}\n`],
    ["a flow list spread over lines indented 300 columns", `${GOOD}x: [\n${" ".repeat(300)}a,\n${" ".repeat(300)}b ]\n`],
    ["a block scalar with deeply indented text", `${GOOD}x: |\n  ${" ".repeat(400)}deep text\n`],
    ["a file just under the cap", `${GOOD}${"#".repeat(MAX_YAML_BYTES - GOOD.length - 1)}\n`],
    ["brackets, asterisks and ampersands inside strings and comments", `${GOOD}x: "[[[[ *a *b &c"  # [[[[ *d *e *f *g *h *i *j *k *l\ny: '{{{{ *m *n'\n`],
  ])("the happy case next to them: %s reads", (_name, text) => {
    const read = readBoundedYaml({ file: FILE, text, environments: "all", syntaxFix: "" });
    expect(read.ok ? [] : [read.problem.message]).toEqual([]);
    const config = parseConfig({ file: FILE, text });
    expect(config.problems.filter((p) => p.key === "")).toEqual([]);
  });

  it("aliases within the cap keep working: both components get the shared build", () => {
    const { config, problems } = parseConfig({ file: FILE, text: "ci: &ci { workflow: ci.yml }\ncomponents:\n  billing: { repo: acme/billing, build: *ci }\n  search: { repo: acme/search, build: *ci }\nenvironments:\n  staging: { from: builds }\n" });
    expect(problems.map((p) => p.key)).toEqual(["ci"]); // an unknown top-level key, nothing about aliases
    expect(config.components.billing.build).toEqual({ workflow: "ci.yml" });
    expect(config.components.search.build).toEqual({ workflow: "ci.yml" });
  });

  it("an env file's pins read through aliases within the cap", () => {
    expect(parseEnvFile({ file: ENV_FILE, text: 'v: &v "1431"\ncomponents:\n  billing: { version: *v }\n' }).pins).toEqual({ billing: { version: "1431" } });
  });

  it("a hostile key or value is quoted short in messages", () => {
    const text = `${GOOD}  billing2: { repo: 7, build: { workflow: ci.yml }, ${"k".repeat(1000)}: 1 }\n  ${"x".repeat(1000)}: { repo: "${"r".repeat(100_000)}" }\n`;
    const { problems } = parseConfig({ file: FILE, text: text.replace("environments:\n  staging: { from: builds }\n", "") + "environments:\n  staging: { from: builds }\n" });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const p of problems) expect(p.message.length + p.fix.length).toBeLessThan(400);
  });
});

describe("linear work on big configs", () => {
  it("2,000 components with two unknown keys each give 4,000 problems, each with its own line", () => {
    const components = Array.from({ length: 2000 }, (_, i) => `  c${i}:\n    repo: acme/c${i}\n    build: { workflow: ci.yml }\n    bogus: 1\n    other: 2`).join("\n");
    const { problems } = parseConfig({ file: FILE, text: `components:\n${components}\nenvironments:\n  staging: { from: builds }\n` });
    expect(problems).toHaveLength(4000);
    expect(problems[3999]).toMatchObject({ key: "components.c1999.other", line: 2 + 1999 * 5 + 4 });
  });

  it("a chain of 500 environments copying each other, with one broken at the top, blocks the whole chain", () => {
    const envs = Array.from({ length: 500 }, (_, i) => `  e${i}: { from: ${i === 0 ? "nowhere" : `e${i - 1}`} }`).join("\n");
    const { problems, usableEnvironments, declaredEnvironments } = parseConfig({ file: FILE, text: `environments:\n${envs}\n  fine: { from: builds }\n` });
    expect(problems).toHaveLength(1);
    expect(problems[0].environments).toHaveLength(500);
    expect(problems[0].fix.length).toBeLessThan(300); // "one of: e1, …, e10, 490 more", not all 500 names
    expect(usableEnvironments).toEqual(["fine"]);
    expect(declaredEnvironments).toHaveLength(501);
  });

  it("a cycle through 500 environments is reported once, from its first member", () => {
    const envs = Array.from({ length: 500 }, (_, i) => `  e${i}: { from: e${(i + 1) % 500} }`).join("\n");
    const { problems } = parseConfig({ file: FILE, text: `environments:\n${envs}\n` });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: "environments.e0.from" });
    expect(problems[0].message).toMatch(/^environments copy versions from each other in a cycle: e0 → e1 → e2 → /);
  });
});
