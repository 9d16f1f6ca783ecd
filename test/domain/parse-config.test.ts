import { describe, expect, it } from "vitest";
import { parseConfig, checkConfigSemantics } from "../../src/domain/parse-config.js";
import { configSchema } from "../../src/domain/config-schema.js";

const FILE = ".github/release-bot.yml";

const VALID = `timezone: Europe/Rome
components:
  billing:
    repo: acme/billing
    build: { workflow: ci.yml }
  search:
    repo: acme/search
    build:
      checks: ["ci/circleci: build"]
environments:
  staging:
    schedule: "0 9 * * 1-5"
  demo: { from: staging, schedule: "0 9 * * 5" }
  production:
    from: demo
    transitions: { workflow/ready: close }
releaseOwners: [alice, acme/release-team]
`;

const withEnvs = (envs: string, components = "") => `components:
  billing: { repo: acme/billing, build: { workflow: ci.yml } }
${components}environments:
${envs}`;

describe("parseConfig", () => {
  it("reads a valid config with defaults and no problems", () => {
    const parsed = parseConfig({ file: FILE, text: VALID });
    expect(parsed.problems).toEqual([]);
    expect(parsed.usableEnvironments).toEqual(["staging", "demo", "production"]);
    expect(parsed.config.timezone).toBe("Europe/Rome");
    expect(parsed.config.environments.staging.from).toBe("builds");
    expect(parsed.config.environments.staging.deployTimeout).toBe("60m");
    expect(parsed.config.links).toEqual({ redirect: "redirect.github.com" });
    expect(parsed.config.components.search.build).toEqual({ checks: ["ci/circleci: build"] });
  });

  it.each([
    ["empty file", ""],
    ["only comments", "# nothing yet\n"],
  ])("accepts an %s as a config with nothing to release", (_name, text) => {
    const parsed = parseConfig({ file: FILE, text });
    expect(parsed.problems).toEqual([]);
    expect(parsed.config).toEqual(configSchema.parse({}));
  });

  it.each([
    // name, text, key, message fragment, fix fragment, environments, usable
    ["YAML syntax error", "components:\n  billing: [\nenvironments: {", "", "YAML syntax error at line", "fix the YAML syntax", "all", []],
    ["duplicate keys", "timezone: UTC\ntimezone: UTC\n", "", "Map keys must be unique", "YAML", "all", []],
    ["file is a list", "- a\n- b\n", "", "must be a map", "components:", "all", []],
    ["components is a list", withEnvs("  staging: {}\n").replace("components:\n  billing: { repo: acme/billing, build: { workflow: ci.yml } }", "components: [billing]"), "components", "must be a map", "billing", "all", []],
    ["unknown top-level key with suggestion", withEnvs("  staging: {}\n") + "releaseOwner: [alice]\n", "releaseOwner", 'unknown key "releaseOwner"; did you mean "releaseOwners"?', 'rename "releaseOwner" to "releaseOwners"', "all", []],
    ["unknown top-level key without suggestion", withEnvs("  staging: {}\n") + "zzzzzzzzz: 1\n", "zzzzzzzzz", 'unknown key "zzzzzzzzz"', "keys allowed here: timezone, components", "all", []],
    ["bad releaseOwners", withEnvs("  staging: {}\n") + "releaseOwners: alice\n", "releaseOwners", "expected a list", "set releaseOwners to a list", "all", []],
    ["from unknown environment", withEnvs("  staging: {}\n  demo: { from: stagin }\n"), "environments.demo.from", 'copies versions from "stagin", which is not an environment', 'set environments.demo.from to "staging"', ["demo"], ["staging"]],
    ["from cycle", withEnvs("  staging: {}\n  a: { from: b }\n  b: { from: a }\n  c: { from: b }\n"), "environments.a.from", "cycle: a → b → a", "environments.a.from, environments.b.from", ["a", "b", "c"], ["staging"]],
    ["self cycle", withEnvs("  staging: {}\n  a: { from: a }\n"), "environments.a.from", "cycle: a → a", "environments.a.from", ["a"], ["staging"]],
    ["bad cron", withEnvs('  staging: { schedule: "0 25 * * *" }\n  demo: { from: staging }\n'), "environments.staging.schedule", 'schedule "0 25 * * *" is not a valid cron expression', '"0 9 * * 1-5"', ["staging", "demo"], []],
    ["cron with 6 fields", withEnvs('  staging: { schedule: "0 0 9 * * 1" }\n'), "environments.staging.schedule", "exactly 5 fields", "minute hour", ["staging"], []],
    ["bad timezone blocks scheduled envs only", withEnvs('  staging: { schedule: "0 9 * * 1" }\n  demo: { from: staging }\n  manual: {}\n') + "timezone: Europe/Nowhere\n", "timezone", '"Europe/Nowhere" is not an IANA time zone', "Europe/Rome", ["staging", "demo"], ["manual"]],
    ["shared file", withEnvs("  staging: {}\n  qa: { file: environments/staging.yml }\n"), "environments.qa.file", 'environments "staging" and "qa" share the file environments/staging.yml', "environments.qa.file: environments/qa.yml", ["staging", "qa"], []],
    ["unknown env key with suggestion", withEnvs("  staging: { schedul: '0 9 * * 1' }\n  demo: {}\n"), "environments.staging.schedul", 'did you mean "schedule"?', 'rename "schedul" to "schedule"', ["staging"], ["demo"]],
    ["bad environment name", withEnvs("  -staging: {}\n  demo: {}\n"), "environments.-staging", "not a valid environment name", "rename it", ["-staging"], ["demo"]],
    ["environment name with ..", withEnvs("  a..b: {}\n  demo: {}\n"), "environments.a..b", "not a valid environment name", "without '..'", ["a..b"], ["demo"]],
    ["env with bad type blocks dependents", withEnvs("  staging: { from: 3 }\n  demo: { from: staging }\n  qa: {}\n"), "environments.staging.from", "expected a string, got number 3", "set environments.staging.from to a string", ["staging", "demo"], ["qa"]],
    ["bad duration", withEnvs("  staging: { deployTimeout: 1 hour }\n  qa: {}\n"), "environments.staging.deployTimeout", "must be a duration", "How long to wait", ["staging"], ["qa"]],
    ["bad component: blocks nothing by itself", withEnvs("  staging: {}\n", "  search: { repo: search, build: { workflow: ci.yml } }\n"), "components.search.repo", '"search": must be a repository as "owner/name"', "owner/name", [], ["staging"]],
    ["component missing build", withEnvs("  staging: {}\n", "  search: { repo: acme/search }\n"), "components.search.build", 'missing required key "build"', "add components.search.build: How green builds are found", [], ["staging"]],
    ["component with both workflow and checks", withEnvs("  staging: {}\n", "  search: { repo: acme/search, build: { workflow: a.yml, checks: [b] } }\n"), "components.search.build", "a map is not a valid value here", "{ workflow: ci.yml } or { checks: [names] }", [], ["staging"]],
    ["component with empty checks", withEnvs("  staging: {}\n", "  search: { repo: acme/search, build: { checks: [] } }\n"), "components.search.build.checks", "at least one check name", "Check run names", [], ["staging"]],
    ["component with bad version enum", withEnvs("  staging: {}\n", "  search: { repo: acme/search, build: { workflow: a.yml }, version: semver }\n"), "components.search.version", '"semver": Invalid option: expected one of', "run-number", [], ["staging"]],
    ["run-number with checks", withEnvs("  staging: {}\n", "  search: { repo: acme/search, build: { checks: [b] }, version: run-number }\n"), "components.search.version", "which have no run number", '"sha" or "tag"', [], ["staging"]],
    ["unknown key in build", withEnvs("  staging: {}\n", "  search: { repo: acme/search, build: { workflow: a.yml, workflw: b } }\n"), "components.search.build.workflw", 'did you mean "workflow"?', "rename", [], ["staging"]],
    ["freeze naming unknown env", withEnvs("  staging: {}\n") + "freeze: [{ from: 2024-12-20, to: 2025-01-07, environments: [prod] }]\n", "freeze.0.environments", '"prod", which is not an environment', "remove", "all", []],
    ["freeze ending before start", withEnvs("  staging: {}\n") + "freeze: [{ from: 2025-01-07, to: 2024-12-20 }]\n", "freeze.0.to", "before it starts", "swap", "all", []],
    ["bad freeze cron", withEnvs("  staging: {}\n") + "freeze: [{ cron: 'x', duration: 60h }]\n", "freeze.0.cron", "exactly 5 fields", "Fridays", "all", []],
  ])("%s", (_name, text, key, message, fix, environments, usable) => {
    const parsed = parseConfig({ file: FILE, text });
    const problem = parsed.problems.find((p) => p.key === key);
    expect(problem, JSON.stringify(parsed.problems, null, 1)).toBeDefined();
    expect(problem!.file).toBe(FILE);
    expect(problem!.message).toContain(message);
    expect(problem!.fix).toContain(fix);
    expect(problem!.environments).toEqual(environments);
    expect(parsed.usableEnvironments).toEqual(usable);
    expect(Object.keys(parsed.config.environments)).toEqual(usable);
  });

  it("an environment with an empty body gets the defaults", () => {
    expect(parseConfig({ file: FILE, text: withEnvs("  staging:\n") }).config.environments.staging).toEqual({ from: "builds", deployTimeout: "60m" });
  });

  it("accepts upper-case environment names", () => {
    expect(parseConfig({ file: FILE, text: withEnvs("  Acme-Staging: {}\n") }).usableEnvironments).toEqual(["Acme-Staging"]);
  });

  it("leaves an invalid component out of config and lists it", () => {
    const parsed = parseConfig({ file: FILE, text: withEnvs("  staging: {}\n", "  search: { repo: nope }\n") });
    expect(Object.keys(parsed.config.components)).toEqual(["billing"]);
    expect(parsed.invalidComponents).toEqual(["search"]);
  });

  it("keeps valid top-level fields when another one is invalid", () => {
    const parsed = parseConfig({ file: FILE, text: "timezone: Europe/Rome\nreleaseOwners: 3\nlinks: { redirect: false }\n" });
    expect(parsed.config.timezone).toBe("Europe/Rome");
    expect(parsed.config.releaseOwners).toEqual([]);
    expect(parsed.config.links).toEqual({ redirect: false });
  });

  it.each([
    ["unknown key at top level", "timezone: UTC\nreleaseOwner: [a]\n", "releaseOwner", 2],
    ["nested key", "environments:\n  staging:\n    from: 3\n", "environments.staging.from", 3],
    ["semantic problem", "environments:\n  staging: {}\n  demo:\n    from: nowhere\n", "environments.demo.from", 4],
    ["syntax error", "a: 1\nb: [\n", "", 3],
  ])("reports the line of a problem: %s", (_name, text, key, line) => {
    const problem = parseConfig({ file: FILE, text }).problems.find((p) => p.key === key);
    expect(problem?.line).toBe(line);
  });

  it("checkConfigSemantics does not call an environment unknown when it exists but is invalid", () => {
    const config = configSchema.parse({ environments: { demo: { from: "staging" } } });
    expect(checkConfigSemantics({ config })).toHaveLength(1);
    expect(checkConfigSemantics({ config, invalidEnvironments: ["staging"] })).toEqual([]);
  });
});
