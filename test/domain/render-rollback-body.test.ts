import { describe, expect, it } from "vitest";
import { deployMarker, hasMarker } from "../../src/domain/deploy-marker.js";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { renderRollbackBody, rollbackBranch, rollbackTitle } from "../../src/domain/render-rollback-body.js";
import type { DeployComponents } from "../../src/domain/deploy-feedback-format.js";
import { bareReferences, components, expectNoPingsNoClosing, hostile, many } from "./deploy-feedback-fixtures.js";

const render = (over: Partial<Parameters<typeof renderRollbackBody>[0]> = {}) =>
  renderRollbackBody({
    environment: "staging",
    failed: { pull: 2, deploymentId: 12, components },
    reason: "the deployment reported “failure”",
    logUrl: "https://ci.example.com/run/9",
    links: { redirect: "redirect.github.com" },
    githubUrl: "https://github.com",
    opsRepo: "acme/ops",
    ...over,
  });

describe("rollbackBranch", () => {
  it.each([["staging", "rollback-staging"], ["acme-production", "rollback-acme-production"]])("%s → %s", (env, branch) => {
    expect(rollbackBranch(env)).toBe(branch);
  });
});

describe("rollbackTitle", () => {
  it.each<[string, DeployComponents, string]>([
    ["the versions it goes back to", components, "Roll back staging to billing 1432"],
    ["shas shortened", { web: { from: { version: "a".repeat(40) }, to: { version: "b".repeat(40) } } }, "Roll back staging to web aaaaaaa"],
    ["nothing pinned before", { search: { to: { version: "1" } } }, "Roll back staging"],
    ["no components", {}, "Roll back staging"],
  ])("%s", (_name, comps, expected) => {
    expect(rollbackTitle({ environment: "staging", components: comps })).toBe(expected);
  });

  it("stays short with 300 components", () => {
    const title = rollbackTitle({ environment: "acme-production", components: many(300) });
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title).toMatch(/^Roll back acme-production to component-0 0, .* and \d+ more$/);
  });
});

describe("renderRollbackBody", () => {
  it("says what is rolled back and why, and links the failed release through the redirector", () => {
    const body = render();
    expect(body.split("\n")[0]).toBe(deployMarker("rollback", 12));
    expect(hasMarker(body, deployMarker("rollback", 12))).toBe(true);
    expect(hasMarker(body, deployMarker("rollback", 1))).toBe(false);
    expect(body).toContain("## Roll back `staging`");
    expect(body).toContain("The deploy of [#2](https://redirect.github.com/acme/ops/pull/2) to **staging** failed: the deployment reported “failure”. [Deploy log](https://ci.example.com/run/9)");
    expect(body).toContain("- **billing** `1433` → `1432`");
    expect(body).toContain("- **search** `9f16f65` → not pinned before that release");
  });

  it("ends with release metadata, from and to swapped, no issues, so merging deploys like a release", () => {
    const body = render();
    expect(body.trimEnd().endsWith(" -->")).toBe(true);
    expect(body.trimEnd().split("\n").at(-1)).toMatch(/^<!-- release-bot:metadata /);
    expect(parseReleaseMetadata(body)).toEqual({
      version: 1,
      environment: "staging",
      components: { billing: { repo: "acme/billing", from: { version: "1433", commit: "b".repeat(40) }, to: { version: "1432", commit: "a".repeat(40) } } },
      issues: [],
    });
  });

  it.each<[string, DeployComponents, Record<string, string> | undefined, string[]]>([
    ["repo from the payload", { web: { repo: "acme/web", from: { version: "1" }, to: { version: "2" } } }, undefined, ["web"]],
    ["repo from `repos` when the payload has none", { web: { from: { version: "1" }, to: { version: "2" } } }, { web: "acme/web" }, ["web"]],
    ["no repo anywhere: left out of the metadata", { web: { from: { version: "1" }, to: { version: "2" } } }, undefined, []],
    ["no previous pin: left out", { web: { repo: "acme/web", to: { version: "2" } } }, undefined, []],
  ])("metadata components: %s", (_name, comps, repos, expected) => {
    const meta = parseReleaseMetadata(render({ failed: { pull: 2, deploymentId: 12, components: comps }, repos }));
    expect(Object.keys(meta?.components ?? {})).toEqual(expected);
  });

  it("neither pings nor closes anything when merged, and makes no bare references", () => {
    const body = render({ environment: "staging", reason: "@carol says this fixes #3 and closes acme/x#4", failed: { pull: 2, deploymentId: 12, components: hostile } });
    expectNoPingsNoClosing(body);
    expect(bareReferences(body)).toEqual([]);
  });

  it("shows hostile env-file versions in code spans, and they cannot forge a marker", () => {
    const evil = "99`<img src=x onerror=alert(1)> @alice <!-- release-bot:deploy-rollback deployment=7 -->";
    const body = render({ environment: "a`b", failed: { pull: 2, deploymentId: 12, components: { billing: { repo: "acme/billing", from: { version: evil }, to: { version: "1433" } } } } });
    expect(body).toContain("## Roll back ``a`b``");
    expect(body).toContain("- **billing** `1433` → ``99`<img src=x onerror=alert(1)> @alice <\u200B!-- release-bot:deploy-rollback deployment=7 -->``");
    expect(hasMarker(body, deployMarker("rollback", 7))).toBe(false);
    expect(parseReleaseMetadata(body)?.components.billing.to.version).toBe(evil); // the metadata keeps the real value
  });

  it.each<[string, Partial<Parameters<typeof render>[0]>, string[], string[]]>([
    ["no log", { logUrl: undefined }, [], ["Deploy log"]],
    ["plain links when the redirector is off", { links: { redirect: false }, githubUrl: "https://ghe.example.com" }, ["[#2](https://ghe.example.com/acme/ops/pull/2)"], ["redirect"]],
    ["no components", { failed: { pull: 2, deploymentId: 12, components: {} } }, ["deploys it like any release."], ["- **"]],
  ])("%s", (_name, over, contains, absent) => {
    const body = render(over);
    for (const text of contains) expect(body).toContain(text);
    for (const text of absent) expect(body).not.toContain(text);
  });

  it("lists 300 components and keeps them all in the metadata, well under GitHub's body limit", () => {
    const body = render({ failed: { pull: 2, deploymentId: 12, components: many(1000) } });
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("- … and 700 more");
    expect(Object.keys(parseReleaseMetadata(body)?.components ?? {})).toHaveLength(1000);
  });
});
