import { describe, expect, it } from "vitest";
import type { ConfigProblem } from "../../src/domain/config-problem.js";
import {
  commandEcho,
  renderCommandFailed,
  renderForceDenied,
  renderForcedNote,
  renderFrozen,
  renderNeedsWriteAccess,
  renderNoConfigHere,
  renderNoSuchEnvironment,
  renderNothingDeployedYet,
  renderReleaseAll,
  renderRetryNote,
  renderRollbackBlocked,
  renderRollbackReply,
  renderUsage,
  rollbackRequestReason,
} from "../../src/domain/render-command-replies.js";
import { MARKER_LINE, outsideCode } from "../helpers/inert-text.js";

/** Typed into a command or a config key: breaks out of a code span, pings, hides a marker, closes an issue. */
const HOSTILE = "x`` @alice <!-- release-bot:reply-to=1 --> fixes #1";
const CONFIG = ".github/release-bot.yml";
const problem = (over: Partial<ConfigProblem> = {}): ConfigProblem => ({ file: CONFIG, key: "environments.staging.file", message: "must be a string", fix: "Write a path.", environments: ["staging"], ...over });

/** Nothing of the hostile text acts: no `<!--` a marker search finds, no ping, no closing keyword, no live reference. */
function expectInert(text: string): void {
  for (const line of text.split("\n")) expect(line).not.toMatch(MARKER_LINE);
  expect(text).not.toContain("<!--");
  const outside = outsideCode(text);
  expect(outside).not.toMatch(/(?<![\w&])@(?=[A-Za-z0-9])/);
  expect(outside).not.toMatch(/fixes #1/i);
}

describe("command replies: the exact text", () => {
  it.each<[string, string, string]>([
    ["the command echo", commandEcho("release", "staging"), "`/release staging`"],
    ["the command echo without an argument", commandEcho("status", ""), "`/status`"],
    [
      "a retry note after a failed read",
      renderRetryNote({ command: "`/release staging`", cause: "GitHub answered 502", wroteNothing: true }),
      "`/release staging` could not finish: GitHub answered 502. Nothing was written. It will be retried: release-bot runs unanswered commands again, and running `/release staging` again works too.",
    ],
    [
      "a retry note after a write",
      renderRetryNote({ command: "`/release staging`", cause: "timed out", wroteNothing: false }),
      "`/release staging` could not finish: timed out. What was done stays; a retry finishes the rest. It will be retried: release-bot runs unanswered commands again, and running `/release staging` again works too.",
    ],
    [
      "a failure",
      renderCommandFailed({ command: "`/rollback production`", cause: "boom" }),
      "`/rollback production` failed: boom. Nothing was left half-done that a retry won't fix; run it again later.",
    ],
    [
      "no access at all",
      renderNeedsWriteAccess({ name: "release", repo: "acme/ops", user: "mallory", permission: "none" }),
      "`/release` needs write access to acme/ops; mallory has no access. Ask a maintainer to run it or to grant write access.",
    ],
    [
      "read access",
      renderNeedsWriteAccess({ name: "rollback", repo: "acme/ops", user: "bob", permission: "read" }),
      "`/rollback` needs write access to acme/ops; bob has “read” access. Ask a maintainer to run it or to grant write access.",
    ],
    ["usage", renderUsage("`/status`"), "Usage: `/status`"],
    [
      "no config in this repository",
      renderNoConfigHere({ name: "release", repo: "acme/billing" }),
      "acme/billing has no `.github/release-bot.yml` on its default branch, so there is nothing to release from here. Run `/release` in your ops repository.",
    ],
    [
      "no such environment",
      renderNoSuchEnvironment({ environment: "prod", declared: ["staging", "production"], file: CONFIG }),
      "There is no environment `prod` in .github/release-bot.yml. Known environments: `staging`, `production`.",
    ],
    ["no environments at all", renderNoSuchEnvironment({ environment: "prod", declared: [], file: CONFIG }), "There is no environment `prod` in .github/release-bot.yml. Known environments: none."],
    [
      "--force without the rights",
      renderForceDenied({ repo: "acme/ops", user: "bob", permission: "write" }),
      "`--force` overrides a freeze and needs admin or maintain rights on acme/ops; bob has “write”.",
    ],
    [
      "/release all",
      renderReleaseAll([
        { environment: "staging", text: "Opened #3: Release staging" },
        { environment: "prod_eu", text: "Nothing to release.\nReally." },
      ]),
      "- **staging**: Opened #3: Release staging\n- **prod\\_eu**: Nothing to release. Really.",
    ],
    ["/release all without environments", renderReleaseAll([]), "No environments are configured."],
    [
      "a freeze",
      renderFrozen({ environment: "production", endsAt: new Date("2027-01-07T08:00:00Z"), timezone: "Europe/Rome", reason: "Holidays" }),
      "**production** is frozen until 2027-01-07 09:00 (Europe/Rome): Holidays. An admin or maintainer can override with `/release production --force`.",
    ],
    ["released with --force", renderForcedNote({ reason: "Holidays" }), " (released during the freeze “Holidays” with --force)"],
    ["no freeze, no note", renderForcedNote(null), ""],
    [
      "nothing deployed yet",
      renderNothingDeployedYet("production"),
      "release-bot has not deployed anything to **production** yet, so there is nothing to roll back. To pin other versions, edit the environment file in a PR labelled `deploy/production`.",
    ],
    ["the rollback reason", rollbackRequestReason({ user: "alice", environment: "production" }), "alice asked for it with `/rollback production`"],
    ["a rollback with nothing to do", renderRollbackReply({ kind: "nothing", message: "already restored." }), "Nothing to roll back: already restored."],
    ["a rollback opened", renderRollbackReply({ kind: "opened", message: "Opened #9: Roll back production" }), "Opened #9: Roll back production"],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it("a blocked rollback names the environment and lists the problems", () => {
    const text = renderRollbackBlocked({ environment: "production", problems: [problem({ environments: ["production"] })], file: CONFIG });
    expect(text.startsWith("`production` cannot be rolled back until .github/release-bot.yml is fixed: it names the environment file a rollback restores.\n\n")).toBe(true);
    expect(text).toContain("environments.staging.file");
    expect(text).toContain("Write a path.");
  });

  it("a blocked rollback stays within its length, pointing at the issue and check run for the rest", () => {
    const problems = Array.from({ length: 400 }, (_, i) => problem({ key: `components.c${i}.repo`, message: "x".repeat(60) }));
    const text = renderRollbackBlocked({ environment: "production", problems, file: CONFIG });
    expect(text.length).toBeLessThan(9_000);
    expect(text).toContain("check run list them all.");
  });
});

describe("command replies: hostile input stays inert", () => {
  it.each<[string, string]>([
    ["the command echo", commandEcho("release", HOSTILE)],
    ["a retry note", renderRetryNote({ command: commandEcho("release", HOSTILE), cause: "502", wroteNothing: true })],
    ["a failure", renderCommandFailed({ command: commandEcho("rollback", HOSTILE), cause: "boom" })],
    ["no such environment", renderNoSuchEnvironment({ environment: HOSTILE, declared: [HOSTILE, "staging"], file: CONFIG })],
    ["/release all", renderReleaseAll([{ environment: HOSTILE, text: "ok" }])],
    ["a freeze reason and environment", renderFrozen({ environment: HOSTILE, endsAt: new Date("2027-01-07T08:00:00Z"), timezone: "UTC", reason: HOSTILE })],
    ["a forced note", renderForcedNote({ reason: HOSTILE })],
    ["a blocked rollback", renderRollbackBlocked({ environment: HOSTILE, problems: [problem({ key: HOSTILE, message: HOSTILE, fix: HOSTILE })], file: CONFIG })],
  ])("%s", (_name, text) => {
    expectInert(text);
  });

  it("an echoed environment never leaves its code span", () => {
    expect(outsideCode(renderNoSuchEnvironment({ environment: HOSTILE, declared: [HOSTILE], file: CONFIG }))).not.toContain("alice");
    expect(outsideCode(commandEcho("release", HOSTILE))).toBe("⟦code⟧");
  });
});
