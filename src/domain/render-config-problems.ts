/** Config problems as Markdown, for the check run summary and the configuration error issue. */
import type { ConfigProblem } from "./config-problem.js";
import { escapeMarkdownInline, neutralizeMentions } from "./neutralize-text.js";

export const CONFIG_ERROR_ISSUE_TITLE = "release-bot: configuration error";
/** Hidden marker the bot finds its configuration error issue by. Not included by renderProblemsMarkdown. */
export const CONFIG_ERROR_MARKER = "<!-- release-bot:config-error -->";

const cell = (text: string) => escapeMarkdownInline(neutralizeMentions(text)) || " ";

function blocks(problem: ConfigProblem): string {
  if (problem.environments === "all") return "all environments";
  if (problem.environments.length === 0) return "environments whose file lists it";
  return problem.environments.map((env) => `\`${env.replace(/`/g, "")}\``).join(", ");
}

/**
 * A table (file, key, problem, fix, blocks) grouped by file, with line numbers where known.
 * User text (messages quote config values) is escaped so it cannot break the table or ping anyone.
 */
export function renderProblemsMarkdown(opts: { problems: readonly ConfigProblem[]; file: string }): string {
  const { problems } = opts;
  if (problems.length === 0) return `No problems found in \`${opts.file}\`.`;
  const files = [...new Set([opts.file, ...problems.map((p) => p.file)])].filter((file) => problems.some((p) => p.file === file));
  const sections = files.map((file) => {
    const rows = problems
      .filter((p) => p.file === file)
      .map((p) => `| ${cell(p.key ? `${p.key}` : "(file)")}${p.line ? ` (line ${p.line})` : ""} | ${cell(p.message)} | ${cell(p.fix)} | ${blocks(p)} |`);
    return [`### \`${file}\``, "", "| key | problem | fix | blocks |", "|---|---|---|---|", ...rows].join("\n");
  });
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return [`release-bot found ${count}.`, "", ...sections.flatMap((s) => [s, ""])].join("\n").trimEnd() + "\n";
}
