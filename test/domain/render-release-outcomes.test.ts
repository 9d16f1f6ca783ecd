import { describe, expect, it } from "vitest";
import type { ConfigProblem } from "../../src/domain/config-problem.js";
import { renderConfigValidAgain } from "../../src/domain/render-config-report.js";
import {
  LISTED_PROBLEMS,
  renderAlreadyRestored,
  renderClosedMessage,
  renderConfigBlocked,
  renderForeignPullBlocked,
  renderNotConfigured,
  renderNothingLeftComment,
  renderNothingToRelease,
  renderNothingToRestore,
  renderOpenedMessage,
  renderPinFilesBlocked,
  renderProblemList,
  renderUnchangedMessage,
  renderUpdatedMessage,
} from "../../src/domain/render-release-outcomes.js";
import { MARKER_LINE, outsideCode } from "../helpers/inert-text.js";

/** Config keys, messages, component names and skip details crafted to break out, ping, hide a marker, close an issue. */
const HOSTILE = "x`` @alice <!-- release-bot:nothing-left --> fixes #1";
const problem = (over: Partial<ConfigProblem> = {}): ConfigProblem => ({ file: "environments/staging.yaml", key: "components.billing.version", message: "is missing", fix: "Add it.", environments: ["staging"], ...over });

function expectInert(text: string): void {
  for (const line of text.split("\n")) expect(line).not.toMatch(MARKER_LINE);
  expect(text).not.toContain("<!--");
  const outside = outsideCode(text);
  expect(outside).not.toMatch(/(?<![\w&;])@(?=[A-Za-z0-9])/);
  expect(outside).not.toMatch(/fixes #1/i);
}

describe("release outcomes: the exact text", () => {
  it.each<[string, string, string]>([
    ["a problem with key and line", renderProblemList([problem({ line: 3 })]), "- `environments/staging.yaml` → `components.billing.version` (line 3): is missing. Fix: Add it."],
    ["a problem of the whole file, its message already a sentence", renderProblemList([problem({ key: "", message: "is not YAML!" })]), "- `environments/staging.yaml`: is not YAML! Fix: Add it."],
    [
      "config errors block an environment",
      renderConfigBlocked({ environment: "prod_eu", problems: [problem()] }),
      "**prod\\_eu** cannot be released until its configuration is fixed:\n- `environments/staging.yaml` → `components.billing.version`: is missing. Fix: Add it.",
    ],
    [
      "an environment not configured",
      renderNotConfigured({ environment: "prod", known: ["staging", "production"] }),
      "There is no environment “prod” in .github/release-bot.yml. Known environments: `staging`, `production`.",
    ],
    ["no environments configured", renderNotConfigured({ environment: "prod", known: [] }), "There is no environment “prod” in .github/release-bot.yml. Known environments: none."],
    [
      "a pin the bot cannot edit",
      renderPinFilesBlocked({ environment: "staging", reason: "billing.image.tag is an alias (*tag)" }),
      "**staging** cannot be released until its pin files are fixed: billing.image.tag is an alias (\\*tag)",
    ],
    ["up to date with the builds", renderNothingToRelease({ environment: "staging", from: "builds", skipped: [] }), "Every component of **staging** is at its newest green build."],
    ["up to date with the source", renderNothingToRelease({ environment: "production", from: "staging", skipped: [] }), "Every component of **production** is at its newest successfully deployed staging version."],
    [
      "nothing releasable, with why",
      renderNothingToRelease({ environment: "production", from: "staging", skipped: [{ component: "billing", detail: "waiting 2h" }, { component: "search", detail: "no build" }] }),
      "Nothing to release to **production** now. Not changed: billing: waiting 2h; search: no build.",
    ],
    [
      "someone else's PR on the branch",
      renderForeignPullBlocked({ number: 5, branch: "release-staging" }),
      "#5 from `release-staging` was not opened by release-bot, so it is left alone and no release PR can be opened next to it. Close it (or rename its branch), then release again.",
    ],
    [
      "the closing comment",
      renderNothingLeftComment({ environment: "staging", note: "Every component of **staging** is at its newest green build." }),
      "Closing: nothing is left to release to **staging**. Every component of **staging** is at its newest green build.",
    ],
    ["closed", renderClosedMessage({ number: 5, note: "All current." }), "Closed #5: nothing is left to release. All current."],
    ["rebuilt", renderUnchangedMessage({ number: 5, rebuilt: true }), "Rebuilt #5."],
    ["unchanged", renderUnchangedMessage({ number: 5, rebuilt: false }), "Nothing changed in #5."],
    ["updated", renderUpdatedMessage({ number: 5, title: "Release staging: billing 1433" }), "Updated #5: Release staging: billing 1433"],
    ["opened", renderOpenedMessage({ number: 6, title: "Release staging: billing 1433" }), "Opened #6: Release staging: billing 1433"],
    [
      "a rollback with nothing to restore",
      renderNothingToRestore({ environment: "production", files: "its pin files", pull: 4 }),
      "Cannot roll back **production**: its pin files did not exist before the merge of #4.",
    ],
    [
      "a rollback already done",
      renderAlreadyRestored({ files: "environments/production.yaml, apps/api/kustomization.yaml", defaultBranch: "main", pull: 4 }),
      "environments/production.yaml, apps/api/kustomization.yaml on main already holds what was deployed before #4.",
    ],
    ["the config is valid again", renderConfigValidAgain("5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081"), "The configuration is valid again as of 5e6f708. Closing."],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    [LISTED_PROBLEMS, 0],
    [LISTED_PROBLEMS + 1, 1],
    [LISTED_PROBLEMS + 1234, 1234],
  ])("%i problems list %i as “more”", (count, more) => {
    const lines = renderProblemList(Array.from({ length: count }, (_, i) => problem({ key: `components.c${i}.version` }))).split("\n");
    expect(lines).toHaveLength(Math.min(count, LISTED_PROBLEMS) + (more > 0 ? 1 : 0));
    if (more > 0) expect(lines.at(-1)).toBe(`- …and ${more.toLocaleString("en-US")} more: the “release-bot: configuration error” issue and the \`release-bot/config\` check run list them.`);
  });
});

describe("release outcomes: hostile input stays inert", () => {
  it.each<[string, string]>([
    ["a problem's file, key, message and fix", renderProblemList([problem({ file: HOSTILE, key: HOSTILE, message: HOSTILE, fix: HOSTILE })])],
    ["a blocked environment", renderConfigBlocked({ environment: HOSTILE, problems: [problem({ message: HOSTILE })] })],
    ["a pin edit's reason", renderPinFilesBlocked({ environment: HOSTILE, reason: HOSTILE })],
    ["skipped components and details", renderNothingToRelease({ environment: "staging", from: "builds", skipped: [{ component: HOSTILE, detail: HOSTILE }] })],
  ])("%s", (_name, text) => {
    expectInert(text);
  });
});
