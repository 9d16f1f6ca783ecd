/**
 * Retries without duplicates (issue #8, rule 4). The request policy never re-sends a create: when
 * its answer is lost (a 5xx, a timeout, no answer) GitHub may or may not have made the thing. The
 * port then looks for what this app may already have made and re-sends the create once, only when
 * the look finds nothing. What "the same thing" is, per create (each port method passes its look):
 *
 * | create                     | the same thing, already made                                          |
 * |----------------------------|-----------------------------------------------------------------------|
 * | issue / PR comment         | a comment on that issue by this app (`byApp`) with the same body — its hidden marker included, so a look-alike by anyone else never counts |
 * | deployment                 | a deployment by this app, same environment, same ref, same payload (deep-equal) |
 * | pull request               | the open PR from the same head into the same base, opened by this app   |
 * | branch (create, `git/refs`) | the branch exists at the very commit (hence tree) we pointed it to; elsewhere: `BranchMovedError` |
 * | branch move (`updateRefs`) | the branch is at the new commit; still at the old one: re-sent; elsewhere: `BranchMovedError` |
 * | issue (config error)       | an open issue by this app with the same title and body (its marker)    |
 * | check run                  | a completed run by this app on that commit with the same name, conclusion, title and summary |
 * | deployment status          | the deployment's newest status has the same state and description      |
 *
 * Not looked for, re-sent once as they are: git trees and commits (content-addressed; an unused
 * copy is invisible garbage, never a duplicate anyone sees), label additions (adding a label it
 * already has changes nothing) and reactions (GitHub answers 200 with the existing reaction).
 * Never re-sent: workflow dispatch (nothing to look for; a second dispatch would deploy twice —
 * the deployment then stays without a status and the timeout sweep reports it).
 *
 * Check runs: GitHub shows the newest run per name per commit, so a duplicate would be invisible,
 * but it is still looked for — it costs one read on a path that is already failing.
 *
 * A look that fails, or a re-send whose answer is lost again, ends the operation with the
 * original failure: the use case's own idempotent checks (markers, "already deployed") and the
 * reconciler finish it later, still without a duplicate.
 */
import { GitHubError } from "./github-port.js";

/** A failure after which GitHub may have performed the request: 5xx, timeout, network. */
export function isAmbiguousFailure(error: unknown): boolean {
  return error instanceof GitHubError && (error.kind === "server" || error.kind === "network");
}

/**
 * Sends `send`; when its answer is lost, returns what `look` finds (made by the lost request)
 * or re-sends once. `look` is undefined for creates that are safe to send twice.
 */
export async function createOnce<T>(opts: { send: () => Promise<T>; look?: () => Promise<T | null | undefined> }): Promise<T> {
  try {
    return await opts.send();
  } catch (error) {
    if (!isAmbiguousFailure(error)) throw error;
    let found: T | null | undefined;
    try {
      found = opts.look ? await opts.look() : null;
    } catch {
      // Could not tell whether it was made: re-sending could duplicate it. Fail as the create did.
      throw error;
    }
    if (found !== null && found !== undefined) return found;
    return opts.send();
  }
}

/** Deep equality of JSON values (object key order ignored), for payloads GitHub echoes back. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
