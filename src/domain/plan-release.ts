/** The release plan for one environment: a value the use cases apply. */
import { titleText } from "./neutralize-text.js";
import type { ComponentChange, IssueRef, Release, SkippedComponent } from "./types.js";
import { shortVersion as short } from "./short-sha.js";

export const TITLE_LIMIT = 256;
/** How much of one name or version a title shows before "…", so one long value cannot crowd out the rest. */
const PIECE_LIMIT = 40;

export function releaseBranch(environment: string): string {
  return `release-${environment}`;
}


/**
 * "Release staging: billing 1431 → 1432, search 88 → 91", cut to `limit` chars with "and N more". Names and versions
 * come from files and builds: each goes through `titleText` (no mentions, references, HTML or links; one line).
 */
export function releaseTitle(opts: { environment: string; changes: readonly ComponentChange[]; limit?: number }): string {
  const limit = opts.limit ?? TITLE_LIMIT;
  const head = `Release ${titleText(opts.environment, PIECE_LIMIT)}`;
  if (opts.changes.length === 0) return `${head}: no changes`;
  const piece = (text: string) => titleText(text, PIECE_LIMIT);
  const parts = opts.changes.map((c) => `${piece(c.component)} ${piece(short(c.from.version))} → ${piece(short(c.to.version))}`);
  for (let shown = parts.length; shown >= 0; shown--) {
    const rest = parts.length - shown;
    const listed = parts.slice(0, shown).join(", ");
    const more = rest === 0 ? "" : shown === 0 ? `${rest} components` : ` and ${rest} more`;
    const title = `${head}: ${listed}${more}`;
    if (title.length <= limit) return title;
  }
  return `${head}: ${parts.length} components`.slice(0, limit);
}

/** Issues of all changes, deduplicated, first-seen order. */
export function releaseIssues(changes: readonly ComponentChange[]): IssueRef[] {
  const seen = new Set<string>();
  const issues: IssueRef[] = [];
  for (const change of changes) {
    if (change.changelog.status !== "ok") continue;
    for (const issue of change.changelog.issues) {
      const key = `${issue.repo.toLowerCase()}#${issue.number}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

export interface PlanReleaseOptions {
  environment: string;
  /** The files the release changes (the environment's file, or each moving component's pin file). */
  files: string[];
  changes: ComponentChange[];
  skipped: SkippedComponent[];
}

export function planRelease(opts: PlanReleaseOptions): Release {
  const { environment, files, changes, skipped } = opts;
  return {
    environment,
    branch: releaseBranch(environment),
    files,
    title: releaseTitle({ environment, changes }),
    changes,
    skipped,
    issues: releaseIssues(changes),
  };
}
