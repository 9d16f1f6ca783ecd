/**
 * The bot's replies to ChatOps commands (`/release`, `/rollback`, `/help`, "did you mean", and what every command
 * shares): pure text for the person who asked. Echoed user input goes only into code spans (`codeSpan`) or through `sanitizeForBody`; logins,
 * repository names and permissions come from GitHub, environment names in bold from the validated config.
 */
import type { CommandName } from "./parse-command.js";
import type { ConfigProblem } from "./parse-config.js";
import { codeSpan, sanitizeForBody } from "./neutralize-text.js";
import { renderProblemsMarkdown } from "./render-config-problems.js";
import { formatZoned } from "./schedule/zoned-time.js";

/** The command as replies echo it: `/name environment`, one code span. */
export const commandEcho = (name: string, environment: string): string => codeSpan(`/${[name, environment].filter(Boolean).join(" ")}`);

/** A failure worth retrying: what failed, what was written, and that it will be retried. `command` is `commandEcho`'s. */
export const renderRetryNote = (opts: { command: string; cause: string; wroteNothing: boolean }): string =>
  `${opts.command} could not finish: ${opts.cause}. ${opts.wroteNothing ? "Nothing was written." : "What was done stays; a retry finishes the rest."} It will be retried: release-bot runs unanswered commands again, and running ${opts.command} again works too.`;

/** A failure no retry of the bot fixes by itself: told, so the person can run it again. */
export const renderCommandFailed = (opts: { command: string; cause: string }): string =>
  `${opts.command} failed: ${opts.cause}. Nothing was left half-done that a retry won't fix; run it again later.`;

/** The user who commented may not run commands here. */
export const renderNeedsWriteAccess = (opts: { name: string; repo: string; user: string; permission: string }): string =>
  `\`/${opts.name}\` needs write access to ${opts.repo}; ${opts.user} has ${opts.permission === "none" ? "no" : `“${opts.permission}”`} access. Ask a maintainer to run it or to grant write access.`;

/** Wrong arguments: the command's usage line. */
export const renderUsage = (usage: string): string => `Usage: ${usage}`;

/** The command was given in a repository that is no ops repo. */
export const renderNoConfigHere = (opts: { name: string; repo: string }): string =>
  `${opts.repo} has no \`.github/release-bot.yml\` on its default branch, so there is nothing to ${opts.name} from here. Run \`/${opts.name}\` in your ops repository.`;

/** An environment that is neither configured nor named by a config problem. */
export const renderNoSuchEnvironment = (opts: { environment: string; declared: readonly string[]; file: string }): string =>
  `There is no environment ${codeSpan(opts.environment)} in ${opts.file}. Known environments: ${opts.declared.map((e) => codeSpan(e)).join(", ") || "none"}.`;

/** `--force` from someone without admin or maintain rights. */
export const renderForceDenied = (opts: { repo: string; user: string; permission: string }): string =>
  `\`--force\` overrides a freeze and needs admin or maintain rights on ${opts.repo}; ${opts.user} has “${opts.permission}”.`;

/** `/release all`: one list item per environment, upstream first. */
export const renderReleaseAll = (answers: readonly { environment: string; text: string }[]): string =>
  answers.map((a) => `- **${sanitizeForBody(a.environment)}**: ${a.text.replace(/\n/g, " ")}`).join("\n") || "No environments are configured.";

/** `/release` during a freeze window, without an accepted `--force`. */
export const renderFrozen = (opts: { environment: string; endsAt: Date; timezone: string; reason: string }): string =>
  `**${sanitizeForBody(opts.environment)}** is frozen until ${formatZoned(opts.endsAt, opts.timezone)} (${opts.timezone}): ${sanitizeForBody(opts.reason)}. An admin or maintainer can override with ${codeSpan(`/release ${opts.environment} --force`)}.`;

/** Appended to a release's message when `--force` released it during a freeze; empty without one. */
export const renderForcedNote = (freeze: { reason: string } | null | undefined): string =>
  freeze ? ` (released during the freeze “${sanitizeForBody(freeze.reason)}” with --force)` : "";

/** How long the config problems in a `/rollback` reply may get: the rest are in the config issue and the check run. */
export const REPLY_PROBLEMS_LENGTH = 8_000;

/** `/rollback` of an environment that config problems name (a broken file names every environment). */
export const renderRollbackBlocked = (opts: { environment: string; problems: ConfigProblem[]; file: string }): string => {
  const listed = renderProblemsMarkdown({
    problems: opts.problems,
    file: opts.file,
    maxLength: REPLY_PROBLEMS_LENGTH,
    rest: "the “release-bot: configuration error” issue and the `release-bot/config` check run list them all.",
  });
  return `${codeSpan(opts.environment)} cannot be rolled back until ${opts.file} is fixed: it names the environment file a rollback restores.\n\n${listed}`;
};

/** `/rollback` of a configured environment the bot never deployed a release to. */
export const renderNothingDeployedYet = (environment: string): string =>
  `release-bot has not deployed anything to **${environment}** yet, so there is nothing to roll back. To pin other versions, edit the environment file in a PR labelled \`deploy/${environment}\`.`;

/** Why a `/rollback` PR exists, as its body says. */
export const rollbackRequestReason = (opts: { user: string; environment: string }): string => `${opts.user} asked for it with \`/rollback ${opts.environment}\``;

/** The `/rollback` reply from the outcome of opening the rollback PR. */
export const renderRollbackReply = (outcome: { kind: string; message: string }): string => (outcome.kind === "nothing" ? `Nothing to roll back: ${outcome.message}` : outcome.message);

/** Each command's arguments and who may run it, as `/help` and "did you mean" show them. */
export const COMMAND_USAGE: Record<CommandName, string> = {
  release:
    "`/release <env>` or `/release all`, for example `/release staging`; add `--force` to release during a freeze. Writers may run it; `--force` needs admin or maintain rights.",
  rollback: "`/rollback <env>`, for example `/rollback production`. Writers may run it.",
  status: "`/status`, without arguments. Writers may run it.",
  help: "`/help`, without arguments. Anyone who can comment may ask.",
};

/** `/help`'s table: one row per form of a command. Pipes stay out of the code spans (a GFM cell would split there). */
const HELP_ROWS: readonly (readonly [usage: string, does: string, who: string])[] = [
  ["`/release <env>`", "Opens or updates the `release-<env>` PR with the newest versions for that environment.", "writers"],
  ["`/release all`", "The same for every environment, upstream first.", "writers"],
  ["`/release <env> --force`<br>`/release all --force`", "Releases during a freeze window.", "admins and maintainers"],
  ["`/rollback <env>`", "Opens the `rollback-<env>` PR, which restores the environment file as it was before the latest deployed release.", "writers"],
  ["`/status`", "Every environment's pinned versions, open release PR, next scheduled run and freeze.", "writers"],
  ["`/help`", "This list.", "anyone who can comment"],
];

/** How many environment names `/help` lists before "and N more". */
export const HELP_ENVIRONMENTS = 30;

/** `/help`: the commands, their arguments and who may run them, and the environments configured in `repo`. */
export function renderHelp(opts: { repo: string; environments: readonly string[] }): string {
  const shown = opts.environments.slice(0, HELP_ENVIRONMENTS).map((e) => codeSpan(e));
  const more = opts.environments.length - shown.length;
  const environments = shown.length === 0 ? "none configured yet" : `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  return [
    `release-bot commands in ${opts.repo}: write one at the start of a line of an issue or pull request comment.`,
    "",
    "| command | what it does | who may run it |",
    "| --- | --- | --- |",
    ...HELP_ROWS.map((row) => `| ${row.join(" | ")} |`),
    "",
    `Environments (\`<env>\`): ${environments}.`,
    "",
    `Writers have write, maintain or admin access to ${opts.repo}; anyone else who runs a command is told so.`,
  ].join("\n");
}

/** A command line whose name is a typo of a known command: the command it is close to, with its usage. */
export function renderDidYouMean(opts: { typed: string; suggestion: CommandName }): string {
  const help = opts.suggestion === "help" ? "" : "\n\nComment `/help` for every command.";
  return `${codeSpan(`/${opts.typed}`)} is not a release-bot command; did you mean \`/${opts.suggestion}\`?\n\nUsage: ${COMMAND_USAGE[opts.suggestion]}${help}`;
}
