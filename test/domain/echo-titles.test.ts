/** Titles and descriptions built from file text (issue 7, rule 6): plain text that GitHub cannot act on. */
import { describe, expect, it } from "vitest";
import { deploymentDescription } from "../../src/domain/deployment-payload.js";
import { releaseTitle } from "../../src/domain/plan-release.js";
import { rollbackTitle } from "../../src/domain/render-rollback-body.js";
import type { ComponentChange } from "../../src/domain/types.js";

const Z = "\u200B";
const change = (component: string, from: string, to = "1433"): ComponentChange => ({
  component,
  repo: "acme/billing",
  from: { version: from },
  to: { version: to },
  changelog: { status: "unavailable", reason: "test" },
});

/** [situation, component, pinned version, what the title shows of them] */
const HOSTILE: [string, string, string, string][] = [
  ["the issue's version", "billing", "99`<img src=x onerror=alert(1)> @alice <!--", `billing 99\`<${Z}img src=x onerror=alert(1)> @${Z}alic…`], // cut at 40
  ["a closing keyword", "billing", "fixes #41", `billing fixes #${Z}41`],
  ["a cross-repo reference and GH- id", "billing", "acme/x#4 GH-5", `billing acme/x#${Z}4 GH-${Z}5`],
  ["a link and autolinks", "[x](https://evil.example)", "www.evil.example", `[x]${Z}(https${Z}://evil.example) www${Z}.evil.example`],
  ["newlines and controls", "bill\ning", "1\r\n2\u0000", "bill ing 1 2"],
  ["a team mention in a name", "@acme/release-team", "1", `@${Z}acme/release-team 1`],
];

describe("releaseTitle with names and versions from files", () => {
  it.each(HOSTILE)("%s", (_name, component, from, shown) => {
    expect(releaseTitle({ environment: "staging", changes: [change(component, from)] })).toBe(`Release staging: ${shown} → 1433`);
  });

  it("a long version is cut with an ellipsis, so the other components still show", () => {
    const title = releaseTitle({ environment: "staging", changes: [change("billing", "v".repeat(500)), change("search", "1")] });
    expect(title).toBe(`Release staging: billing ${"v".repeat(39)}… → 1433, search 1 → 1433`);
  });
});

describe("rollbackTitle with names and versions from files", () => {
  it.each(HOSTILE)("%s", (_name, component, from, shown) => {
    expect(rollbackTitle({ environment: "staging", components: { [component]: { from: { version: from }, to: { version: "1433" } } } })).toBe(`Roll back staging to ${shown}`);
  });
});

describe("deploymentDescription with names and versions from files", () => {
  it.each(HOSTILE)("%s", (_name, component, version, shown) => {
    const text = deploymentDescription({ environment: "staging", components: { [component]: { to: { version } } }, pull: 2 });
    expect(text).toBe(`Deploy ${shown} to staging (#2)`.slice(0, 140));
    expect(Array.from(text).length).toBeLessThanOrEqual(140);
  });
});
