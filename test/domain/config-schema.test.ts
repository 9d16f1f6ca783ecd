import { describe, expect, it } from "vitest";
import { configSchema, envFileOf, parseDurationMs, transitionsOf, versionSchemeOf, type ComponentConfig } from "../../src/domain/config-schema.js";
import { closestMatch } from "../../src/domain/closest-match.js";

describe("versionSchemeOf", () => {
  it.each<[string, ComponentConfig, string]>([
    ["workflow default", { repo: "a/b", build: { workflow: "ci.yml" } }, "run-number"],
    ["checks default", { repo: "a/b", build: { checks: ["ci"] } }, "sha"],
    ["explicit tag", { repo: "a/b", build: { workflow: "ci.yml" }, version: "tag" }, "tag"],
    ["explicit sha with workflow", { repo: "a/b", build: { workflow: "ci.yml" }, version: "sha" }, "sha"],
  ])("%s", (_name, component, scheme) => {
    expect(versionSchemeOf(component)).toBe(scheme);
  });
});

describe("envFileOf", () => {
  it.each([
    ["staging", {}, "environments/staging.yml"],
    ["demo", { file: "envs/demo.yaml" }, "envs/demo.yaml"],
  ])("%s", (name, env, file) => {
    expect(envFileOf(name, env)).toBe(file);
  });
});

describe("transitionsOf", () => {
  const config = configSchema.parse({
    environments: {
      staging: {},
      demo: { from: "staging" },
      production: { from: "demo" },
      "acme-staging": { transitions: { "acme/ready": "acme/test" } },
      "acme-production": { from: "acme-staging" },
    },
  });
  it.each([
    ["staging", { "workflow/ready-for-staging": "workflow/test" }],
    ["demo", {}],
    ["production", { "workflow/ready": "close" }],
    ["acme-staging", { "acme/ready": "acme/test" }],
    ["acme-production", {}],
    ["unknown", {}],
  ])("%s", (env, transitions) => {
    expect(transitionsOf(config, env)).toEqual(transitions);
  });
  it("production fed by builds gets both defaults", () => {
    expect(transitionsOf(configSchema.parse({ environments: { production: {} } }), "production")).toEqual({
      "workflow/ready-for-staging": "workflow/test",
      "workflow/ready": "close",
    });
  });
});

describe("parseDurationMs", () => {
  it.each([
    ["90m", 90 * 60_000],
    ["24h", 24 * 3_600_000],
    ["1d12h", 36 * 3_600_000],
    ["30s", 30_000],
    ["", null],
    ["1 hour", null],
    ["h", null],
    ["5x", null],
  ])("%j", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });
});

describe("closestMatch", () => {
  it.each([
    ["schedul", ["schedule", "from"], "schedule"],
    ["Timezone", ["timezone"], "timezone"],
    ["fomr", ["from", "file"], "from"],
    ["zzzzzz", ["from", "file"], undefined],
    ["x", [], undefined],
  ])("%s", (input, candidates, expected) => {
    expect(closestMatch({ input, candidates })).toBe(expected);
  });
});
