/** Markdown pieces shared by the deploy feedback renderers (comments, rollback body). */
import { sanitizeForBody } from "./neutralize-text.js";
import { code, linkBaseOf, type Ctx } from "./render-release-body.js";
import type { Pin } from "./types.js";

export type DeployComponents = Record<string, { repo?: string; from?: Pin; to: Pin }>;

/** Where issue and PR links point: the redirector host (no back-references), or GitHub itself when it is off. */
export function linkCtx(opts: { links: { redirect: string | false }; githubUrl?: string }): Ctx {
  const githubUrl = opts.githubUrl ?? "https://github.com";
  return { linkBase: linkBaseOf({ redirect: opts.links.redirect, githubUrl }), githubHost: new URL(githubUrl).host };
}

/** An http(s) URL made safe inside a Markdown link target; null for anything else (javascript:, garbage). */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return parsed.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** `[text](url)`, or "" when the URL is not a safe http(s) one. `text` is trusted (written by the bot). */
export function mdLink(text: string, url: string | null | undefined): string {
  const safe = safeUrl(url);
  return safe ? `[${text}](${safe})` : "";
}

/** `**billing** `1432` → `1433``, or `**search** `9f16f65`` when there was no previous pin. */
export function componentVersion(name: string, c: { from?: Pin; to: Pin }): string {
  return `**${sanitizeForBody(name)}** ${c.from ? `${code(c.from.version)} → ` : ""}${code(c.to.version)}`;
}

/** A bulleted list of at most `max` components, then "… and N more". */
export function componentList(components: DeployComponents, max: number): string[] {
  const entries = Object.entries(components);
  const lines = entries.slice(0, max).map(([name, c]) => `- ${componentVersion(name, c)}`);
  if (entries.length > max) lines.push(`- … and ${entries.length - max} more`);
  return lines;
}
