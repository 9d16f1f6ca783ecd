/**
 * Makes user text (commit messages, PR titles) safe to embed in a PR body the bot writes:
 * no @mentions that ping, no closing keywords GitHub would act on, no references that autolink
 * (and leave "mentioned this" back-references), no Markdown or HTML that breaks the layout.
 * The zero-width space entity (&#8203;) renders invisibly, so the text reads as before.
 */
import { truncateText } from "./fit-text.js";

export const ZWSP = "&#8203;";

/**
 * `@alice`, `@acme/team`, `.@bob` → `@&#8203;alice`: rendered the same, pings nobody. Emails (a@b.com) are left alone:
 * GitHub mentions only after a non-word character.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/(?<!\w)@(?=[A-Za-z0-9])/g, `@${ZWSP}`);
}

/** `fixes #3`, `Closes: acme/x#4`, `resolved https://…` → the keyword gets a zero-width space, so GitHub closes nothing. */
export function defuseClosingKeywords(text: string): string {
  return text.replace(
    /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b(?=:?\s*(?:#\d|GH-\d|[\w.-]+\/[\w.-]+#\d|https?:\/\/))/gi,
    (keyword) => `${keyword[0]}${ZWSP}${keyword.slice(1)}`,
  );
}

/** `#12`, `owner/repo#12`, `GH-12` and issue/PR URLs no longer autolink (HTML entities like `&#123;` are kept). */
export function defuseReferences(text: string): string {
  return text
    .replace(/(?<!&)#(?=\d)/g, `#${ZWSP}`)
    .replace(/\bGH-(?=\d)/g, `GH-${ZWSP}`)
    .replace(/\b(https?)(:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/(?:issues|pull)\/\d)/gi, `$1${ZWSP}$2`);
}

/** For one table cell or list item: one line, Markdown and HTML shown as text. */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\r?\n|\r/g, " ")
    .replace(/[\\`*_[\]|~]/g, "\\$&")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/^(\s*)([#+=-])/, "$1\\$2");
}

/** Everything above: safe to put user text anywhere in a bot-written body. */
export function sanitizeForBody(text: string): string {
  return escapeMarkdownInline(defuseAutolinks(defuseReferences(neutralizeMentions(defuseClosingKeywords(text)))));
}

/** The zero-width space itself, for plain text such as titles, where the entity would show as "&#8203;". */
export const ZWSP_CHAR = "\u200B";

/** Line breaks, control characters and bidi overrides: what must never survive into one line of echoed text. */
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** One line: newlines, control characters and runs of (Unicode) whitespace become single spaces, trimmed. */
export function flattenText(text: string): string {
  return text.replace(UNPRINTABLE, " ").replace(/\s+/g, " ").trim();
}

/** `https://x`, `www.x` no longer autolink (GitHub's extended autolinks need the scheme or `www.` unbroken). */
export function defuseAutolinks(text: string, zwsp: string = ZWSP): string {
  return text.replace(/\b(https?|ftp|mailto)(:)/gi, `$1${zwsp}$2`).replace(/\bwww\./gi, `www${zwsp}.`);
}

/** How much of one echoed value (a version, an argument) a code span or title piece shows before "…". */
export const ECHO_LIMIT = 100;

/**
 * User or file text as one inline code span, safe anywhere in Markdown: inside it nothing pings, links or renders
 * as HTML (GitHub notifies no mention in code). The fence is one backtick longer than any run inside, padded with a
 * space when the text starts or ends with a backtick (CommonMark strips that pad again). `<!--` gets a zero-width
 * space, so no text search for the bot's hidden markers can find one in it. `table` escapes `|` for a GFM table cell.
 */
export function codeSpan(text: string, opts: { max?: number; table?: boolean } = {}): string {
  const flat = truncateText(flattenText(text).replace(/<!--/g, `<${ZWSP_CHAR}!--`), opts.max ?? ECHO_LIMIT);
  const content = opts.table ? flat.replace(/\|/g, "\\|") : flat;
  if (content === "") return "` `";
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = content.startsWith("`") || content.endsWith("`") ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * User or file text for a plain-text title (PR titles, deployment descriptions), which is also safe when the title is
 * echoed into Markdown: one line, capped at `max` with "…", and the real zero-width space (titles show entities
 * verbatim) breaks `@mentions`, `#123`/`owner/repo#1`/`GH-1` references, HTML tags and `<!--`, `](` links and autolinks.
 */
export function titleText(text: string, max: number = ECHO_LIMIT): string {
  const z = ZWSP_CHAR;
  const safe = defuseAutolinks(flattenText(text), z)
    .replace(/@(?=[A-Za-z0-9])/g, `@${z}`)
    .replace(/#(?=\d)/g, `#${z}`)
    .replace(/\bGH-(?=\d)/gi, (gh) => `${gh}${z}`)
    .replace(/<(?=[A-Za-z!/?])/g, `<${z}`)
    .replace(/\]\(/g, `]${z}(`);
  return truncateText(safe, max);
}

/**
 * User or file text for Slack mrkdwn (chat notifications): `titleText` first, then Slack's control characters `&`, `<`
 * and `>` as entities, so no `<!channel>`, `<@U123>` or link is smuggled in through a name.
 */
export function slackText(text: string): string {
  return titleText(text, ECHO_LIMIT).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
