/**
 * The bot's replies to ChatOps commands (`/release`, `/rollback`, and what every command shares): pure text for the
 * person who asked. Echoed user input goes only into code spans (`codeSpan`) or through `sanitizeForBody`; logins,
 * repository names and permissions come from GitHub, environment names in bold from the validated config.
 */
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
