/**
 * The label moves on one issue after a successful deploy (an environment's `transitions`):
 * each label on the issue that has a transition is removed and its target added, or the issue is closed.
 * GitHub compares label names ignoring case, and so does this.
 */
import { CLOSE } from "./config-schema.js";

export interface IssueTransitionPlan {
  /** Labels to add. Apply these before `remove`: a crash in between leaves both, and the next plan only removes. */
  add: string[];
  /** Labels to remove, spelled as they are on the issue. */
  remove: string[];
  close: boolean;
}

const fold = (label: string) => label.toLowerCase();

/**
 * Idempotent: planning again on the result has nothing to do (labels already moved; a closed issue, given `state`,
 * is not closed again; a `close` transition keeps its label, so pass `state` to skip closed issues).
 * One step per deploy: chains (a → b, b → c) are not followed within one plan.
 */
export function planIssueTransition(opts: { labels: string[]; transitions: Record<string, string>; state?: "open" | "closed" }): IssueTransitionPlan {
  const targets = new Map<string, string>();
  for (const [from, to] of Object.entries(opts.transitions)) if (!targets.has(fold(from))) targets.set(fold(from), to);
  const present = new Set(opts.labels.map(fold));
  const add: string[] = [];
  const remove: string[] = [];
  let close = false;
  for (const label of opts.labels) {
    const to = targets.get(fold(label));
    if (to === undefined) continue;
    if (fold(to) === CLOSE) {
      close ||= opts.state !== "closed";
      continue;
    }
    if (fold(to) === fold(label)) continue;
    if (!remove.some((r) => fold(r) === fold(label))) remove.push(label);
    if (!present.has(fold(to)) && !add.some((a) => fold(a) === fold(to))) add.push(to);
  }
  return { add, remove, close };
}
