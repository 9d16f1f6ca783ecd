import { describe, expect, it } from "vitest";
import {
  createDeploymentPayload,
  deploymentDescription,
  MAX_PAYLOAD_ISSUES,
  parseDeploymentPayload,
  type DeploymentPayload,
} from "../../src/domain/deployment-payload.js";

const sha = "9f16f65e8d0a1b2c3d4e5f60718293a4b5c6d7e8";
const payload: DeploymentPayload = {
  releaseBot: 1,
  environment: "staging",
  pull: 2,
  kind: "release",
  components: {
    billing: { repo: "acme/billing", from: { version: "1432", commit: "a".repeat(40) }, to: { version: "1433", commit: "b".repeat(40) } },
    search: { to: { version: sha } },
  },
  issues: [{ repo: "acme/billing", number: 3 }],
  mergedBy: "alice",
};

const manyComponents = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`component-${i}`, { to: { version: `${1000 + i}` } }])) as DeploymentPayload["components"];

describe("parseDeploymentPayload", () => {
  it.each<[string, unknown]>([
    ["an object", payload],
    ["a JSON string", JSON.stringify(payload)],
    ["an object through JSON", JSON.parse(JSON.stringify(payload))],
  ])("round-trips %s", (_name, raw) => {
    expect(parseDeploymentPayload(raw)).toEqual(payload);
  });

  it("drops keys it does not know", () => {
    expect(parseDeploymentPayload({ ...payload, extra: "x" })).toEqual(payload);
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["undefined", undefined],
    ["empty object (GitHub's default)", {}],
    ["empty string", ""],
    ["someone else's payload", { deployer: "argo", environment: "staging" }],
    ["someone else's JSON string", '{"web_url":"https://example.com"}'],
    ["not JSON", "{nope"],
    ["a number", 42],
    ["releaseBot: 2", { ...payload, releaseBot: 2 }],
    ["releaseBot as a string", { ...payload, releaseBot: "1" }],
    ["no environment", { ...payload, environment: "" }],
    ["pull 0", { ...payload, pull: 0 }],
    ["unknown kind", { ...payload, kind: "hotfix" }],
    ["component without to", { ...payload, components: { billing: { from: { version: "1" } } } }],
    ["issue number negative", { ...payload, issues: [{ repo: "a/b", number: -1 }] }],
  ])("is null for %s", (_name, raw) => {
    expect(parseDeploymentPayload(raw)).toBeNull();
  });
});

describe("createDeploymentPayload", () => {
  it("marks the payload as the bot's and round-trips", () => {
    const { releaseBot: _, ...rest } = payload;
    const created = createDeploymentPayload(rest);
    expect(created).toEqual(payload);
    expect(parseDeploymentPayload(JSON.stringify(created))).toEqual(payload);
  });

  it.each([
    [999, 999, undefined],
    [1000, 1000, undefined],
    [1001, 1000, 1],
    [5000, 1000, 4000],
  ])("keeps %i issues as the first %i and counts the rest (%s) for the feedback to read again from git", (count, kept, omitted) => {
    const issues = Array.from({ length: count }, (_, i) => ({ repo: "acme/x", number: i + 1 }));
    const created = createDeploymentPayload({ ...payload, issues });
    expect(created.issues).toEqual(issues.slice(0, kept));
    expect(MAX_PAYLOAD_ISSUES).toBe(1000);
    expect(created.issuesOmitted).toBe(omitted);
    expect(parseDeploymentPayload(created)?.issuesOmitted).toBe(omitted);
  });

  it("throws on invalid input (a caller bug)", () => {
    expect(() => createDeploymentPayload({ ...payload, pull: 0 })).toThrow();
  });
});

describe("deploymentDescription", () => {
  it.each<[string, DeploymentPayload["components"], string, number, string]>([
    ["two components, sha shortened", payload.components, "staging", 2, "Deploy billing 1433, search 9f16f65 to staging (#2)"],
    ["no components", {}, "demo", 7, "Deploy to demo (#7)"],
    ["a component name with a newline", { "bad\nname": { to: { version: "1" } } }, "demo", 7, "Deploy bad name 1 to demo (#7)"],
  ])("%s", (_name, components, environment, pull, expected) => {
    expect(deploymentDescription({ environment, components, pull })).toBe(expected);
  });

  it.each([1, 5, 10, 30, 300])("stays within 140 characters with %i components and says how many are left out", (n) => {
    const text = deploymentDescription({ environment: "acme-production", components: manyComponents(n), pull: 1234 });
    expect(Array.from(text).length).toBeLessThanOrEqual(140);
    expect(text).toMatch(/^Deploy component-0 1000/);
    expect(text).toMatch(/ to acme-production \(#1234\)$/);
    const shown = (text.match(/component-\d+/g) ?? []).length;
    if (shown < n) expect(text).toContain(` and ${n - shown} more to `);
    else expect(text).not.toContain("more");
  });

  it.each<[string, DeploymentPayload["components"], string]>([
    ["one huge component name", { ["x".repeat(500)]: { to: { version: "1" } } }, "staging"],
    ["a huge version", { billing: { to: { version: "v".repeat(500) } } }, "staging"],
    ["a huge environment name", { billing: { to: { version: "1" } } }, "e".repeat(300)],
    ["emoji names", Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`🚀${i}`, { to: { version: "😀".repeat(20) } }])), "staging"],
  ])("stays within 140 characters with %s", (_name, components, environment) => {
    const text = deploymentDescription({ environment, components, pull: 99 });
    expect(Array.from(text).length).toBeLessThanOrEqual(140);
    expect(text.length).toBeLessThanOrEqual(280);
    expect(text.startsWith("Deploy ")).toBe(true);
  });
});
