/**
 * Finds issue / PR references in Markdown the way GitHub autolinks them: `#12`, `owner/repo#12`, `GH-12`
 * and `https://<host>/owner/repo/issues/12` (or `/pull/12`) URLs. Closing keywords (close, fixes, resolved…,
 * optional colon) mark a reference as closing. References in code spans, fenced code blocks and HTML comments,
 * or glued to a word (`abc#1`, `&#123;`), are not references.
 */
import type { IssueRef, RepoName } from "./types.js";

export interface FoundReference {
  ref: IssueRef;
  closing: boolean;
  /** Offsets of the reference text in the input. */
  start: number;
  end: number;
}

const OWNER = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})";
const REPO = "[A-Za-z0-9._-]{1,100}";
const CLOSING_BEFORE = /(?:^|[^\w])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?::[ \t]*|[ \t]+)$/i;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Same length as `text`, with code and HTML comments blanked (newlines kept), so offsets still match. */
export function maskCode(text: string): string {
  const blank = (chunk: string) => chunk.replace(/[^\n]/g, " ");
  let masked = text.replace(/<!--[\s\S]*?(?:-->|$)/g, blank);
  masked = masked.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*[\s\S]*?(?:\n {0,3}\2[`~]*[ \t]*(?=\n|(?![\s\S]))|(?![\s\S]))/gm, blank);
  masked = masked.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, blank);
  return masked;
}

function referencePattern(githubHost: string): RegExp {
  const host = `(?:www\\.)?${escapeRegExp(githubHost)}`;
  return new RegExp(
    [
      `(?<url>https?://${host}/(?<urlOwner>${OWNER})/(?<urlRepo>${REPO})/(?:issues|pull)/(?<urlNumber>\\d+))(?![\\d])`,
      `(?<![\\w/.@-])(?<xOwner>${OWNER})/(?<xRepo>${REPO})#(?<xNumber>\\d+)(?!\\w)`,
      `(?<![\\w&#/@.-])#(?<number>\\d+)(?!\\w)`,
      `(?<![\\w-])GH-(?<ghNumber>\\d+)(?!\\w)`,
    ].join("|"),
    "g",
  );
}

export function findReferences(opts: { text: string; repo: RepoName; githubHost?: string }): FoundReference[] {
  const masked = maskCode(opts.text);
  const found: FoundReference[] = [];
  for (const match of masked.matchAll(referencePattern(opts.githubHost ?? "github.com"))) {
    const g = match.groups ?? {};
    const numberText = g.urlNumber ?? g.xNumber ?? g.number ?? g.ghNumber;
    if (!numberText || numberText.length > 9 || Number(numberText) === 0) continue;
    const repo = g.urlOwner ? `${g.urlOwner}/${g.urlRepo}` : g.xOwner ? `${g.xOwner}/${g.xRepo}` : opts.repo;
    const start = match.index ?? 0;
    const closing = CLOSING_BEFORE.test(masked.slice(Math.max(0, start - 12), start));
    found.push({ ref: { repo, number: Number(numberText) }, closing, start, end: start + match[0].length });
  }
  return found;
}

export const refKey = (ref: IssueRef) => `${ref.repo.toLowerCase()}#${ref.number}`;

/** Deduplicates references by repo (case-insensitive) and number, keeping the first seen. */
export function uniqueRefs(refs: Iterable<IssueRef>): IssueRef[] {
  const seen = new Set<string>();
  const out: IssueRef[] = [];
  for (const ref of refs) {
    const key = refKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ repo: ref.repo, number: ref.number });
  }
  return out;
}

/** `refs`: every reference (closing ones included), `closing`: those after a closing keyword. Deduplicated, first-seen order. */
export function parseReferences(opts: { text: string; repo: RepoName; githubHost?: string }): { refs: IssueRef[]; closing: IssueRef[] } {
  const found = findReferences(opts);
  return {
    refs: uniqueRefs(found.map((f) => f.ref)),
    closing: uniqueRefs(found.filter((f) => f.closing).map((f) => f.ref)),
  };
}
