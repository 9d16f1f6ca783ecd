/**
 * What a release attempt says to the person who asked (and on the PR it closes): blocked by config or pin-file
 * problems, nothing to release, or which PR was opened, updated or closed. Pure text. Config problems and
 * user-facing names go through `codeSpan`/`sanitizeForBody`; PR titles are already `titleText`; environment names
 * echoed raw come from the validated config (letters, digits, `.`, `_`, `-`).
 */
import type { ConfigProblem } from "./parse-config.js";
import { codeSpan, sanitizeForBody } from "./neutralize-text.js";

/** Problems listed in a reply before "and N more": a reply stays far within GitHub's 65,536 characters. */
export const LISTED_PROBLEMS = 10;

/** One list item per problem (file, key, line, message, fix), the first `LISTED_PROBLEMS` of them. */
export const renderProblemList = (problems: readonly ConfigProblem[]): string =>
  [
    ...problems.slice(0, LISTED_PROBLEMS).map((p) => `- ${codeSpan(p.file)}${p.key ? ` → ${codeSpan(p.key)}` : ""}${p.line ? ` (line ${p.line})` : ""}: ${sanitizeForBody(p.message.replace(/([^.!?])$/, "$1."))} Fix: ${sanitizeForBody(p.fix)}`),
    ...(problems.length > LISTED_PROBLEMS ? [`- …and ${(problems.length - LISTED_PROBLEMS).toLocaleString("en-US")} more: the “release-bot: configuration error” issue and the \`release-bot/config\` check run list them.`] : []),
  ].join("\n");

/** Config errors (or the environment's pin files' own problems) keep it from releasing. */
export const renderConfigBlocked = (opts: { environment: string; problems: readonly ConfigProblem[] }): string =>
  `**${sanitizeForBody(opts.environment)}** cannot be released until its configuration is fixed:\n${renderProblemList(opts.problems)}`;

/** An environment the config does not configure, with the ones it does. */
export const renderNotConfigured = (opts: { environment: string; known: readonly string[] }): string =>
  `There is no environment “${opts.environment}” in .github/release-bot.yml. Known environments: ${opts.known.map((e) => `\`${e}\``).join(", ") || "none"}.`;

/** A pin the bot cannot change without touching something else (an alias): the file must change. */
export const renderPinFilesBlocked = (opts: { environment: string; reason: string }): string =>
  `**${sanitizeForBody(opts.environment)}** cannot be released until its pin files are fixed: ${sanitizeForBody(opts.reason)}`;

/** Nothing moves: every component is current (`from` is the source environment of a promotion), or why not. */
export const renderNothingToRelease = (opts: { environment: string; from: string; skipped: readonly { component: string; detail: string }[] }): string =>
  opts.skipped.length === 0
    ? `Every component of **${opts.environment}** is at its newest ${opts.from !== "builds" ? `successfully deployed ${opts.from} version` : "green build"}.`
    : `Nothing to release to **${opts.environment}** now. Not changed: ${opts.skipped.map((s) => `${sanitizeForBody(s.component)}: ${sanitizeForBody(s.detail)}`).join("; ")}.`;

/** Someone else's open PR from the bot's branch: left alone, and it blocks the release PR. */
export const renderForeignPullBlocked = (opts: { number: number; branch: string }): string =>
  `#${opts.number} from \`${opts.branch}\` was not opened by release-bot, so it is left alone and no release PR can be opened next to it. Close it (or rename its branch), then release again.`;

/** The comment on a release PR the bot closes because nothing is left to release (its marker is the caller's). */
export const renderNothingLeftComment = (opts: { environment: string; note: string }): string =>
  `Closing: nothing is left to release to **${opts.environment}**. ${opts.note}`;

/** The release PR was closed: nothing is left. */
export const renderClosedMessage = (opts: { number: number; note: string }): string => `Closed #${opts.number}: nothing is left to release. ${opts.note}`;

/** The release PR's title and body were already right: its branch was rebuilt, or nothing changed at all. */
export const renderUnchangedMessage = (opts: { number: number; rebuilt: boolean }): string => `${opts.rebuilt ? "Rebuilt" : "Nothing changed in"} #${opts.number}.`;

/** The release PR got a new title or body. */
export const renderUpdatedMessage = (opts: { number: number; title: string }): string => `Updated #${opts.number}: ${opts.title}`;

/** A new release PR. */
export const renderOpenedMessage = (opts: { number: number; title: string }): string => `Opened #${opts.number}: ${opts.title}`;

/** A rollback has nothing to restore: the pin files did not exist before the merge. */
export const renderNothingToRestore = (opts: { environment: string; files: string; pull: number }): string =>
  `Cannot roll back **${opts.environment}**: ${opts.files} did not exist before the merge of #${opts.pull}.`;

/** A rollback finds the default branch already as it was before the merge. */
export const renderAlreadyRestored = (opts: { files: string; defaultBranch: string; pull: number }): string =>
  `${opts.files} on ${opts.defaultBranch} already holds what was deployed before #${opts.pull}.`;
