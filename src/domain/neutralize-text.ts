/**
 * Makes user text (commit messages, PR titles) safe to embed in a PR body the bot writes:
 * no @mentions that ping, no closing keywords GitHub would act on, no references that autolink
 * (and leave "mentioned this" back-references), no Markdown or HTML that breaks the layout.
 * The zero-width space entity (&#8203;) renders invisibly, so the text reads as before.
 */
export const ZWSP = "&#8203;";

/** `@alice`, `@acme/team` → `@&#8203;alice`: rendered the same, pings nobody. Emails (a@b.com) are left alone. */
export function neutralizeMentions(text: string): string {
  return text.replace(/(?<![\w@/.-])@(?=[A-Za-z0-9])/g, `@${ZWSP}`);
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
  return escapeMarkdownInline(defuseReferences(neutralizeMentions(defuseClosingKeywords(text))));
}
