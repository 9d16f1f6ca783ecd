/** Markdown pieces shared by the deploy feedback renderers (comments, rollback body). */
import { linkBaseOf, type Ctx } from "./render-release-body.js";
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
