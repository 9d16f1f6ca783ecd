/** Plain text within a length limit (deployment descriptions, titles, chat messages). */

const chars = (text: string) => Array.from(text);
/** Whitespace (newlines included) collapsed to single spaces. */
export const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** `text` cut to `max` characters (code points), with "…" when cut. */
export function truncateText(text: string, max: number): string {
  const all = chars(text);
  return all.length <= max ? text : `${all.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * `${prefix}${items joined by ", "}${suffix}` within `max` characters: as many items as fit, then " and N more".
 * With no items, the prefix loses its trailing separator ("Deploy to x failed: " → "Deploy to x failed").
 * Falls back to a count, then to cutting the text, when not even one item fits.
 */
export function fitList(opts: { prefix: string; items: string[]; suffix: string; max: number }): string {
  const { prefix, items, suffix, max } = opts;
  const len = (text: string) => chars(text).length;
  for (let shown = items.length; shown >= 1; shown--) {
    const more = items.length - shown;
    const text = `${prefix}${items.slice(0, shown).join(", ")}${more > 0 ? ` and ${more} more` : ""}${suffix}`;
    if (len(text) <= max) return text;
  }
  const bare = items.length === 0 ? `${prefix.replace(/[\s:,]+$/, "")}${suffix}` : `${prefix}${items.length} component${items.length === 1 ? "" : "s"}${suffix}`;
  return truncateText(bare, max);
}
