/**
 * One component's versions as Markdown, for the bodies and comments the bot writes: the name neutralised
 * (no pings, references, links or HTML), every version in a safe code span (`codeSpan`), so a hostile pin such as
 * ``99`<img src=x> @alice <!--`` is shown as text and cannot forge a hidden marker.
 */
import { codeSpan, sanitizeForBody } from "./neutralize-text.js";
import { shortVersion } from "./short-sha.js";
import type { Pin } from "./types.js";

/** A version as a code span: full shas shortened to 7 characters. */
export const versionSpan = (version: string): string => codeSpan(shortVersion(version));

/** `**billing** `1432` → `1433``, or `**search** `9f16f65`` when there was no previous pin. */
export function versionLine(name: string, c: { from?: Pin; to: Pin }): string {
  return `**${sanitizeForBody(name)}** ${c.from ? `${versionSpan(c.from.version)} → ` : ""}${versionSpan(c.to.version)}`;
}

/** A bulleted list of at most `max` components, then "… and N more". */
export function versionLines(components: Record<string, { from?: Pin; to: Pin }>, max: number): string[] {
  const entries = Object.entries(components);
  const lines = entries.slice(0, max).map(([name, c]) => `- ${versionLine(name, c)}`);
  if (entries.length > max) lines.push(`- … and ${entries.length - max} more`);
  return lines;
}
