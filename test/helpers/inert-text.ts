/**
 * Reading what the bot wrote as GitHub would: the text outside CommonMark code spans, and the
 * bot's own hidden marker lines. Shared by the echo and trust attack tests.
 */

/** The text outside CommonMark code spans: a run of n backticks up to the next run of exactly n. */
export function outsideCode(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "`" || text[i - 1] === "\\") {
      out += text[i++];
      continue;
    }
    let n = 0;
    while (text[i + n] === "`") n++;
    let close = -1;
    for (let j = text.indexOf("`", i + n); j >= 0; ) {
      let m = 0;
      while (text[j + m] === "`") m++;
      if (m === n) {
        close = j;
        break;
      }
      j = text.indexOf("`", j + m);
    }
    if (close < 0) {
      out += "`".repeat(n);
      i += n;
    } else {
      out += "⟦code⟧";
      i = close + n;
    }
  }
  return out;
}

/** One of the bot's own hidden marker lines (metadata escapes `<`, `>` and `--` inside; HTML comments do not render). */
export const MARKER_LINE = /^<!-- release-bot:[^\n]* -->$/;
