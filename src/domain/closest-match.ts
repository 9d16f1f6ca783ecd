/**
 * The candidate closest to `input` ("did you mean …?"), or undefined when none is close enough. A candidate is close
 * enough within `maxDistance(candidate)` edits; by default a third of the longer name's length, at least 2.
 */
export function closestMatch(opts: { input: string; candidates: readonly string[]; maxDistance?: (candidate: string) => number }): string | undefined {
  // A name this long is no typo of a key; comparing it would cost its length times each candidate's.
  if (opts.input.length > MAX_INPUT) return undefined;
  const input = opts.input.toLowerCase();
  const allowed = (candidate: string): number => opts.maxDistance?.(candidate) ?? Math.max(2, Math.floor(Math.max(input.length, candidate.length) / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of opts.candidates) {
    // The distance is at least the length difference: too far to be accepted, so not worth computing.
    if (Math.abs(candidate.length - input.length) > allowed(candidate)) continue;
    const distance = editDistance(input, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= allowed(best.candidate) ? best.candidate : undefined;
}

const MAX_INPUT = 100;

/** Levenshtein distance, with a transposition counting as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
