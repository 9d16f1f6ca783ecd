import { describe, expect, it } from "vitest";
import { deployTargets, isProductionLike, type DeployTargets } from "../../src/domain/deploy-targets.js";

const known = ["staging", "demo", "production", "acme-staging", "acme-production"];

describe("deployTargets", () => {
  it.each<[string, string, string[], DeployTargets]>([
    ["release branch", "release-staging", [], { kind: "release", environments: ["staging"], unknown: [] }],
    ["release branch as a full ref", "refs/heads/release-acme-staging", [], { kind: "release", environments: ["acme-staging"], unknown: [] }],
    ["rollback branch", "rollback-production", [], { kind: "rollback", environments: ["production"], unknown: [] }],
    ["one deploy label", "fix-billing-pin", ["bug", "deploy/demo"], { kind: "label", environments: ["demo"], unknown: [] }],
    ["several deploy labels, label order kept", "edit", ["deploy/production", "deploy/staging"], { kind: "label", environments: ["production", "staging"], unknown: [] }],
    ["release head merged with labels, deduped", "release-staging", ["deploy/staging", "deploy/demo", "deploy/demo"], { kind: "release", environments: ["staging", "demo"], unknown: [] }],
    ["rollback head with a label", "rollback-staging", ["deploy/demo"], { kind: "rollback", environments: ["staging", "demo"], unknown: [] }],
    ["label prefix and name ignore case", "edit", ["Deploy/Staging"], { kind: "label", environments: ["staging"], unknown: [] }],
    ["unknown label environment", "edit", ["deploy/qa", "deploy/staging"], { kind: "label", environments: ["staging"], unknown: ["qa"] }],
    ["only unknown label environments", "edit", ["deploy/qa"], { kind: "label", environments: [], unknown: ["qa"] }],
    ["unknown release branch environment", "release-qa", [], { kind: "release", environments: [], unknown: ["qa"] }],
    ["nothing to deploy", "feature/x", ["bug", "deployed", "deploy-failed"], { kind: "none", environments: [], unknown: [] }],
    ["empty label environment ignored", "edit", ["deploy/", "deploy/  "], { kind: "none", environments: [], unknown: [] }],
    ["bare prefix branch is not a release", "release-", [], { kind: "none", environments: [], unknown: [] }],
    ["prefix must start the branch", "hotfix-release-staging", [], { kind: "none", environments: [], unknown: [] }],
  ])("%s", (_name, headRef, labels, expected) => {
    expect(deployTargets({ headRef, labels, knownEnvironments: known, trustHead: true })).toEqual(expected);
  });

  it.each<[string, string, string[], DeployTargets]>([
    ["a release branch someone else opened is just a branch", "release-production", [], { kind: "none", environments: [], unknown: [] }],
    ["a rollback branch someone else opened is just a branch", "rollback-staging", [], { kind: "none", environments: [], unknown: [] }],
    ["its labels still count (the use case checks who added them)", "release-production", ["deploy/staging"], { kind: "label", environments: ["staging"], unknown: [] }],
  ])("untrusted head: %s", (_name, headRef, labels, expected) => {
    expect(deployTargets({ headRef, labels, knownEnvironments: known, trustHead: false })).toEqual(expected);
  });

  it("prefers the exact configured name over a case-insensitive one", () => {
    expect(deployTargets({ headRef: "release-Demo", labels: ["deploy/demo"], knownEnvironments: ["demo", "Demo"], trustHead: true }).environments).toEqual(["Demo", "demo"]);
  });
});

describe("isProductionLike", () => {
  it.each([
    ["production", true],
    ["prod", true],
    ["Production", true],
    ["acme-production", true],
    ["acme-prod", true],
    ["acme-eu-prod", true],
    ["staging", false],
    ["acme-staging", false],
    ["preprod", false],
    ["production-like", false],
    ["productions", false],
    ["-prod", false],
  ])("%s → %s", (env, expected) => {
    expect(isProductionLike(env)).toBe(expected);
  });
});
