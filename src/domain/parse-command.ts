import { closestMatch } from "./closest-match.js";

/**
 * Reads a ChatOps command from a comment body: `/release staging`, `/rollback production --force`, `/status`, `/help`.
 * The command must start a line (up to 3 spaces of indentation); commands in block quotes, fenced or indented
 * code blocks, HTML comments and HTML blocks (`<pre>`, `<details>`, `<div>`…, delimited as CommonMark does) are
 * ignored: there they are shown as an example or hidden, not asked for. The first known command wins. Any Unicode
 * space (NBSP, U+2000–U+200A, U+202F, U+205F, U+3000, tabs) separates the command and its arguments like a space does.
 */
export const COMMANDS = ["release", "rollback", "status", "help"] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface ParsedCommand {
  command: CommandName;
  args: string[];
  force: boolean;
}

/** Horizontal whitespace as Unicode has it (`\s` without line breaks and the BOM). */
const SPACE = /[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/;
const COMMAND_LINE = new RegExp(`^ {0,3}\\/([a-z][a-z-]*)(?:${SPACE.source}(.*))?$`, "i");

/**
 * CommonMark's block-level tag names (spec 0.31.2, HTML block type 6). A line starting with one of them opens an HTML
 * block that runs to the next blank line: GitHub renders it as HTML (`<details>` collapsed, `<table>` cells), so a
 * command line inside it is part of that markup, not a comment line.
 */
const BLOCK_TAGS = [
  "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col", "colgroup", "dd",
  "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
  "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
  "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody",
  "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
];

/**
 * CommonMark HTML blocks other than comments (type 2, blanked before the line scan): how one starts (up to 3 spaces of
 * indentation, case-insensitive tag names) and the line that ends it, included in the block; `"blank"` ends it before
 * the next blank line. An unclosed block runs to the end of the comment, as it does on GitHub.
 */
const HTML_BLOCKS: { start: RegExp; end: RegExp | "blank" }[] = [
  // 1: raw text, shown as preformatted code or not at all; any of the four end tags closes any of them.
  { start: /^ {0,3}<(?:pre|script|style|textarea)(?:[ \t>]|$)/i, end: /<\/(?:pre|script|style|textarea)>/i },
  // 3–5: processing instructions, declarations and CDATA, which GitHub does not show.
  { start: /^ {0,3}<\?/, end: /\?>/ },
  { start: /^ {0,3}<![a-z]/i, end: />/ },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/ },
  // 6: block-level tags, open or close, up to the next blank line.
  { start: new RegExp(`^ {0,3}<\\/?(?:${BLOCK_TAGS.join("|")})(?:[ \\t>]|\\/>|$)`, "i"), end: "blank" },
];

const BLANK = /^[ \t]*$/;

/** The comment's lines with HTML comments, fenced code blocks and HTML blocks blanked out. */
function visibleLines(body: string): string[] {
  const withoutComments = body.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => comment.replace(/[^\n]/g, " "));
  const lines = withoutComments.split(/\r?\n/);
  let fence: string | null = null;
  let html: RegExp | "blank" | null = null;
  return lines.map((line) => {
    if (html) {
      if (html === "blank") {
        if (BLANK.test(line)) html = null;
      } else if (html.test(line)) html = null;
      return "";
    }
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && /^ {0,3}[`~]+\s*$/.test(line)) fence = null;
      return "";
    }
    if (marker) {
      fence = marker;
      return "";
    }
    const block = HTML_BLOCKS.find((b) => b.start.test(line));
    if (block) {
      // The start line may also end the block (`<pre>…</pre>`, `<!DOCTYPE html>`); a type 6 start line is never blank.
      html = block.end === "blank" || !block.end.test(line) ? block.end : null;
      return "";
    }
    return line;
  });
}

export function parseCommand(body: string): ParsedCommand | null {
  for (const line of visibleLines(body)) {
    const match = COMMAND_LINE.exec(line.trimEnd());
    if (!match) continue;
    const name = match[1].toLowerCase();
    if (!(COMMANDS as readonly string[]).includes(name)) continue;
    const words = (match[2] ?? "").split(SPACE).filter(Boolean);
    return {
      command: name as CommandName,
      args: words.filter((word) => word !== "--force"),
      force: words.includes("--force"),
    };
  }
  return null;
}

/** A command line whose name is a typo of a known command: `/relase staging` → `release`. */
export interface MistypedCommand {
  /** The name as typed, lower-cased: letters and hyphens only (the command line's grammar). */
  typed: string;
  suggestion: CommandName;
}

/**
 * Other bots' commands (Prow, Mergify, rebase actions…) that are a typo's distance from ours: a comment holding one
 * is for that bot, never answered with "did you mean".
 */
const OTHER_BOTS_COMMANDS = new Set(["rebase", "hold", "unhold", "retest", "test", "lgtm", "approve", "assign", "close", "reopen", "label", "merge"]);

/**
 * How many edits still read as a typo of `command`: one (a dropped, extra, wrong or swapped letter) for the short
 * names, two for `release` and `rollback` (`/realese`), so `/hold`, `/lgtm` or `/shrug` are never taken for ours.
 */
const typoDistance = (command: string): number => (command.length >= 7 ? 2 : 1);

/**
 * The first command line (where `parseCommand` would look) whose name is close to a known command, when the comment
 * holds no known command: the bot answers it with "did you mean". null for anything farther from every command.
 */
export function findMistypedCommand(body: string): MistypedCommand | null {
  if (parseCommand(body)) return null;
  for (const line of visibleLines(body)) {
    const typed = COMMAND_LINE.exec(line.trimEnd())?.[1].toLowerCase();
    if (!typed || OTHER_BOTS_COMMANDS.has(typed)) continue;
    const suggestion = closestMatch({ input: typed, candidates: COMMANDS, maxDistance: typoDistance });
    if (suggestion) return { typed, suggestion: suggestion as CommandName };
  }
  return null;
}
