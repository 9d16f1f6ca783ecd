/**
 * Config problems as Markdown, for the check run and the configuration error issue.
 * Every body stays within GitHub's limits however many problems there are: rows are added while
 * they fit, then one line says how many more there are and where to find them.
 */
import type { ConfigProblem } from "./config-problem.js";
import { truncateText } from "./fit-text.js";
import { codeSpan, sanitizeForBody } from "./neutralize-text.js";

export const CONFIG_ERROR_ISSUE_TITLE = "release-bot: configuration error";
/** Hidden marker the bot finds its configuration error issue by. Not included by renderProblemsMarkdown. */
export const CONFIG_ERROR_MARKER = "<!-- release-bot:config-error -->";
/** GitHub's limit on a check run's `output.summary` and `output.text`. */
export const CHECK_RUN_TEXT_LIMIT = 65_535;
/** GitHub's limit on an issue, PR or comment body. */
export const ISSUE_BODY_LIMIT = 65_536;
/** Longest text one table cell shows: a hostile value never fills a body by itself. */
const CELL_LIMIT = 400;
/** Environments named in one "blocks" cell before "and N more". */
const BLOCKS_LISTED = 10;

/**
 * Length as the limits count it, conservatively: UTF-8 bytes are never fewer than UTF-16 units or code
 * points, and a check run's output is limited in both characters and bytes.
 */
export const bodyLength = (text: string): number => Buffer.byteLength(text, "utf8");

const cell = (text: string) => sanitizeForBody(truncateText(text, CELL_LIMIT)) || " ";
const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** Up to `max` names as code spans, then "and N more". */
export function someEnvironments(names: readonly string[], max = BLOCKS_LISTED): string {
  const listed = names.slice(0, max).map((env) => codeSpan(env, { table: true })).join(", ");
  return names.length > max ? `${listed} and ${names.length - max} more` : listed;
}

function blocks(problem: ConfigProblem): string {
  if (problem.environments === "all") return "all environments";
  if (problem.environments.length === 0) return "environments whose file lists it";
  return someEnvironments(problem.environments);
}

function row(p: ConfigProblem): string {
  return `| ${cell(p.key ? p.key : "(file)")}${p.line ? ` (line ${p.line})` : ""} | ${cell(p.message)} | ${cell(p.fix)} | ${blocks(p)} |`;
}

export interface RenderProblemsOptions {
  problems: readonly ConfigProblem[];
  /** The config file: its section comes first. */
  file: string;
  /** Longest markdown returned, as `bodyLength` counts. Default: a check run summary's limit. */
  maxLength?: number;
  /** Where to find the problems that do not fit, e.g. "the check run lists more of them". */
  rest?: string;
}

export interface RenderedProblems {
  markdown: string;
  /** How many problems have a row (the first `shown`, in order). */
  shown: number;
}

/**
 * A table (key, problem, fix, blocks) per file, with line numbers where known, as many rows as fit in
 * `maxLength`. User text (messages quote config values) is escaped so it cannot break the table or ping anyone.
 */
export function fitProblemsMarkdown(opts: RenderProblemsOptions): RenderedProblems {
  const { problems } = opts;
  const max = opts.maxLength ?? CHECK_RUN_TEXT_LIMIT;
  if (problems.length === 0) return { markdown: truncateText(`No problems found in ${codeSpan(opts.file)}.`, max), shown: 0 };
  const byFile = new Map<string, ConfigProblem[]>([[opts.file, []]]);
  for (const p of problems) {
    const list = byFile.get(p.file);
    if (list) list.push(p);
    else byFile.set(p.file, [p]);
  }
  const header = `release-bot found ${plural(problems.length, "problem")}.`;
  const footer = (more: number) => `…and ${plural(more, "more problem")} not listed here${opts.rest ? `: ${opts.rest}` : "."}`;
  // Room kept for the footer, whose count has at most as many digits as the total.
  const reserve = bodyLength(footer(problems.length)) + 2;
  const parts = [header, ""];
  let length = bodyLength(header) + 2;
  let shown = 0;
  outer: for (const [file, list] of byFile) {
    if (list.length === 0) continue;
    const heading = [`### ${codeSpan(file, { max: 200 })}`, "", "| key | problem | fix | blocks |", "|---|---|---|---|"];
    const headingLength = bodyLength(heading.join("\n")) + 1;
    for (const [i, p] of list.entries()) {
      const text = row(p);
      const cost = bodyLength(text) + 1 + (i === 0 ? headingLength : 0);
      if (length + cost + (shown + 1 < problems.length ? reserve : 0) > max) break outer;
      if (i === 0) parts.push(...heading);
      parts.push(text);
      length += cost;
      shown++;
    }
    parts.push("");
    length += 1;
  }
  if (shown < problems.length) parts.push(footer(problems.length - shown));
  const markdown = `${parts.join("\n").trimEnd()}\n`;
  return { markdown: bodyLength(markdown) <= max ? markdown : truncateText(markdown, Math.floor(max / 4)), shown };
}

/** `fitProblemsMarkdown`'s markdown alone. */
export function renderProblemsMarkdown(opts: RenderProblemsOptions): string {
  return fitProblemsMarkdown(opts).markdown;
}
