import { describe, expect, it } from "vitest";
import { checkEnvFile, parseEnvFile } from "../../src/domain/parse-env-file.js";
import { configSchema } from "../../src/domain/config-schema.js";

const FILE = "environments/staging.yml";

describe("parseEnvFile", () => {
  it.each([
    ["quoted version and commit", `components:\n  billing:\n    version: "1432"\n    commit: 3f2a9c1e\n`, { billing: { version: "1432", commit: "3f2a9c1e" } }],
    ["number version becomes a string", `components:\n  billing:\n    version: 1432\n`, { billing: { version: "1432" } }],
    ["float-looking version keeps its text", `components:\n  billing: { version: 1.10 }\n`, { billing: { version: "1.10" } }],
    ["sha that reads as a float keeps its text", `components:\n  billing: { version: "1", commit: 1234e56 }\n`, { billing: { version: "1", commit: "1234e56" } }],
    ["aliases resolve", `components:\n  a: { version: &v "7" }\n  b: { version: *v }\n`, { a: { version: "7" }, b: { version: "7" } }],
    ["empty file", ``, {}],
    ["keys for the deployer are left alone", `image: registry/x\ncomponents:\n  billing:\n    version: "1"\n    replicas: 3\n`, { billing: { version: "1" } }],
    ["empty components", `components:\n`, {}],
  ])("%s", (_name, text, pins) => {
    const parsed = parseEnvFile({ file: FILE, text });
    expect(parsed.problems).toEqual([]);
    expect(parsed.pins).toEqual(pins);
  });

  it.each([
    ["syntax error", `components:\n  billing: [\n`, "", "YAML syntax error", []],
    ["not a map", `- billing\n`, "", "must be a map", []],
    ["components is a list", `components: [billing]\n`, "components", "must be a map", []],
    ["component without version", `components:\n  billing: { commit: abc }\n  search: { version: "1" }\n`, "components.billing.version", "has no version", ["search"]],
    ["empty version", `components:\n  billing: { version: }\n`, "components.billing.version", "is empty", []],
    ["component is a scalar", `components:\n  billing: 1432\n`, "components.billing", "must be a map", []],
    ["unknown component key", `components:\n  billing: { version: "1", comit: abc }\n`, "components.billing.comit", 'did you mean "commit"?', ["billing"]],
    ["unknown top key", `component:\n  billing: { version: "1" }\n`, "component", 'did you mean "components"?', []],
  ])("reports %s", (_name, text, key, message, pinned) => {
    const parsed = parseEnvFile({ file: FILE, text, environment: "staging" });
    const problem = parsed.problems.find((p) => p.key === key);
    expect(problem, JSON.stringify(parsed.problems)).toBeDefined();
    expect(problem!.message).toContain(message);
    expect(problem!.environments).toEqual(["staging"]);
    expect(problem!.file).toBe(FILE);
    expect(Object.keys(parsed.pins)).toEqual(pinned);
  });

  it("problems block no environment when the environment is not given", () => {
    expect(parseEnvFile({ file: FILE, text: "- x\n" }).problems[0].environments).toEqual([]);
  });
});

describe("checkEnvFile", () => {
  const config = configSchema.parse({ components: { billing: { repo: "acme/billing", build: { workflow: "ci.yml" } } } });
  it.each([
    ["all known", { billing: { version: "1" } }, [], []],
    ["unknown with suggestion", { biling: { version: "1" } }, [], ['component "biling" is pinned here but is not in the bot\'s config; did you mean "billing"?']],
    ["unknown without suggestion", { zzzzzz: { version: "1" } }, [], ['component "zzzzzz" is pinned here but is not in the bot\'s config']],
    ["invalid in config", { search: { version: "1" } }, ["search"], ['component "search" is pinned here, but its entry in the bot\'s config is invalid']],
  ])("%s", (_name, pins, invalidComponents, messages) => {
    const problems = checkEnvFile({ file: FILE, environment: "staging", pins, config, invalidComponents });
    expect(problems.map((p) => p.message)).toEqual(messages);
    for (const p of problems) expect(p.environments).toEqual(["staging"]);
  });
});
