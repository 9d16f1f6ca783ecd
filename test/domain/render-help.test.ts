import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/domain/parse-command.js";
import { COMMAND_USAGE, HELP_ENVIRONMENTS, renderDidYouMean, renderHelp } from "../../src/domain/render-command-replies.js";
import { outsideCode } from "../helpers/inert-text.js";

describe("renderHelp", () => {
  it("lists every command with its arguments and who may run it, and the environments", () => {
    expect(renderHelp({ repo: "acme/ops", environments: ["staging", "production"] })).toBe(
      [
        "release-bot commands in acme/ops: write one at the start of a line of an issue or pull request comment.",
        "",
        "| command | what it does | who may run it |",
        "| --- | --- | --- |",
        "| `/release <env>` | Opens or updates the `release-<env>` PR with the newest versions for that environment. | writers |",
        "| `/release all` | The same for every environment, upstream first. | writers |",
        "| `/release <env> --force`<br>`/release all --force` | Releases during a freeze window. | admins and maintainers |",
        "| `/rollback <env>` | Opens the `rollback-<env>` PR, which restores the environment file as it was before the latest deployed release. | writers |",
        "| `/status` | Every environment's pinned versions, open release PR, next scheduled run and freeze. | writers |",
        "| `/help` | This list. | anyone who can comment |",
        "",
        "Environments (`<env>`): `staging`, `production`.",
        "",
        "Writers have write, maintain or admin access to acme/ops; anyone else who runs a command is told so.",
      ].join("\n"),
    );
  });

  it.each([
    ["no environment", [], "Environments (`<env>`): none configured yet."],
    ["more than the list shows", Array.from({ length: HELP_ENVIRONMENTS + 2 }, (_, i) => `env${i}`), "`env29` and 2 more."],
    ["a hostile name, in a code span", ["x` @alice <!-- fixes #1"], "Environments (`<env>`): ``x` @alice <\u200B!-- fixes #1``."],
  ])("environments: %s", (_name, environments, line) => {
    expect(renderHelp({ repo: "acme/ops", environments })).toContain(line);
  });

  it("has one table row per line, no pipe inside a cell's code span", () => {
    const rows = renderHelp({ repo: "acme/ops", environments: [] }).split("\n").filter((l) => l.startsWith("| `"));
    for (const row of rows) expect(outsideCode(row).split("|")).toHaveLength(5);
  });
});

describe("renderDidYouMean", () => {
  it.each([
    [
      { typed: "relase", suggestion: "release" as const },
      "`/relase` is not a release-bot command; did you mean `/release`?\n\nUsage: `/release <env>` or `/release all`, for example `/release staging`; add `--force` to release during a freeze. Writers may run it; `--force` needs admin or maintain rights.\n\nComment `/help` for every command.",
    ],
    [
      { typed: "rollbak", suggestion: "rollback" as const },
      "`/rollbak` is not a release-bot command; did you mean `/rollback`?\n\nUsage: `/rollback <env>`, for example `/rollback production`. Writers may run it.\n\nComment `/help` for every command.",
    ],
    [
      { typed: "stauts", suggestion: "status" as const },
      "`/stauts` is not a release-bot command; did you mean `/status`?\n\nUsage: `/status`, without arguments. Writers may run it.\n\nComment `/help` for every command.",
    ],
    [
      { typed: "hepl", suggestion: "help" as const },
      "`/hepl` is not a release-bot command; did you mean `/help`?\n\nUsage: `/help`, without arguments. Anyone who can comment may ask.",
    ],
  ])("%j", (mistyped, text) => {
    expect(renderDidYouMean(mistyped)).toBe(text);
  });

  it("has a usage for every command", () => {
    for (const command of COMMANDS) expect(COMMAND_USAGE[command]).toMatch(new RegExp(`^\`/${command}`));
  });
});
