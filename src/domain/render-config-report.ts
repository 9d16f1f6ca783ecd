/**
 * The `release-bot/config` check run and the configuration error issue, within GitHub's limits:
 * the check run's summary lists as many problems as fit, its text the next ones; the issue lists
 * as many as fit and points at the check run for the rest. Counts always cover every problem.
 */
import type { ConfigProblem } from "./config-problem.js";
import { CHECK_RUN_TEXT_LIMIT, CONFIG_ERROR_MARKER, ISSUE_BODY_LIMIT, bodyLength, fitProblemsMarkdown, someEnvironments } from "./render-config-problems.js";
import { shortSha } from "./short-sha.js";

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export interface ConfigReportInput {
  problems: readonly ConfigProblem[];
  /** The config file's path. */
  file: string;
  /** Every environment the config declares, usable or not. */
  declared: readonly string[];
  /** Declared environments no problem blocks. */
  usable: readonly string[];
}

export interface ConfigCheckRun {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  text?: string;
}

const FIX_AND_PUSH = "fix the problems above and push; the next check run lists the rest";

export function renderConfigCheckRun(input: ConfigReportInput): ConfigCheckRun {
  const { problems, file, declared, usable } = input;
  if (problems.length === 0) {
    return { conclusion: "success", title: `Configuration valid: ${plural(declared.length, "environment")}`, summary: `${file} and every environment file it names are valid.` };
  }
  const releasing = declared.length === 0 ? "no environment releases" : `${usable.length} of ${plural(declared.length, "environment")} still release`;
  const title = `${plural(problems.length, "configuration problem")}; ${releasing}`;
  const first = fitProblemsMarkdown({ problems, file, maxLength: CHECK_RUN_TEXT_LIMIT, rest: "the details below list more of them" });
  if (first.shown === problems.length) return { conclusion: "failure", title, summary: first.markdown };
  const rest = problems.slice(first.shown);
  const second = fitProblemsMarkdown({ problems: rest, file, maxLength: CHECK_RUN_TEXT_LIMIT - 200, rest: FIX_AND_PUSH });
  const text = `Problems ${(first.shown + 1).toLocaleString("en-US")} to ${problems.length.toLocaleString("en-US")} of ${problems.length.toLocaleString("en-US")}:\n\n${second.markdown}`;
  return { conclusion: "failure", title, summary: first.markdown, text };
}

/** The body of the one "release-bot: configuration error" issue, at most ISSUE_BODY_LIMIT characters. */
export function renderConfigIssueBody(input: ConfigReportInput & { defaultBranch: string; head: string; checkName: string }): string {
  const { problems, file, usable } = input;
  const before = [
    CONFIG_ERROR_MARKER,
    `release-bot found problems in the configuration on \`${input.defaultBranch.replace(/`/g, "")}\`. Environments not listed as blocked keep releasing.`,
    "",
    `Still working: ${usable.length > 0 ? someEnvironments(usable, 20) : "none"}.`,
    "",
  ].join("\n");
  const after = ["", "This issue is updated on every push and closed automatically once the configuration is valid."].join("\n");
  const table = fitProblemsMarkdown({
    problems,
    file,
    maxLength: ISSUE_BODY_LIMIT - bodyLength(before) - bodyLength(after) - 2,
    rest: `the \`${input.checkName}\` check run on ${shortSha(input.head)} lists more of them; fix these and push to see the rest`,
  });
  return [before, table.markdown, after].join("\n");
}

/** The comment that closes the configuration-error issue once the config is valid again. */
export const renderConfigValidAgain = (head: string): string => `The configuration is valid again as of ${shortSha(head)}. Closing.`;
