/**
 * Assembles a component's changelog from the commits between two pins and the pull requests they came from.
 * Issues = PRs' closing issues ∪ references in PR titles, PR bodies and commit messages, minus the PRs themselves.
 */
import { parseReferences, refKey, uniqueRefs } from "./parse-references.js";
import type { Changelog, ChangelogCommit, ChangelogPull, ChangelogScope, IssueRef, RepoName } from "./types.js";

export interface ChangelogCommitInput {
  sha: string;
  message: string;
  author?: string;
  url: string;
}

export interface ChangelogPullInput {
  number: number;
  title: string;
  body: string;
  url: string;
  author?: string;
  merged: boolean;
  closingIssues: IssueRef[];
}

export interface BuildChangelogOptions {
  repo: RepoName;
  compareUrl: string;
  /** Oldest first. */
  commits: readonly ChangelogCommitInput[];
  /** All commits between the pins (may exceed `commits.length` when the list was capped). */
  totalCommits: number;
  /** Commit sha → PRs associated with it. Only merged PRs count: an open PR that contains a commit did not ship it. */
  pullsByCommit: Record<string, readonly ChangelogPullInput[]>;
  /** Host of issue URLs to recognise in text. Default github.com. */
  githubHost?: string;
  /** Monorepo: `commits` are already only those touching these paths; `totalCommits` counts only them. */
  scope?: ChangelogScope;
}

export function buildChangelog(opts: BuildChangelogOptions): Extract<Changelog, { status: "ok" }> {
  const { repo } = opts;
  const githubHost = opts.githubHost ?? "github.com";
  const pulls: ChangelogPull[] = [];
  const pullByNumber = new Map<number, ChangelogPull>();
  const commits: ChangelogCommit[] = [];
  const candidates: IssueRef[] = [];
  const refsIn = (text: string) => parseReferences({ text, repo, githubHost }).refs;

  for (const commit of opts.commits) {
    const numbers: number[] = [];
    for (const pull of opts.pullsByCommit[commit.sha] ?? []) {
      if (!pull.merged || numbers.includes(pull.number)) continue;
      numbers.push(pull.number);
      if (pullByNumber.has(pull.number)) continue;
      const entry: ChangelogPull = {
        number: pull.number,
        title: pull.title,
        url: pull.url,
        ...(pull.author ? { author: pull.author } : {}),
        closingIssues: pull.closingIssues,
        body: pull.body,
      };
      pullByNumber.set(pull.number, entry);
      pulls.push(entry);
      candidates.push(...pull.closingIssues, ...refsIn(pull.title), ...refsIn(pull.body ?? ""));
    }
    candidates.push(...refsIn(commit.message));
    commits.push({ sha: commit.sha, message: commit.message, ...(commit.author ? { author: commit.author } : {}), url: commit.url, pulls: numbers });
  }

  const ownPulls = new Set(pulls.map((pull) => refKey({ repo, number: pull.number })));
  const issues = uniqueRefs(candidates).filter((ref) => !ownPulls.has(refKey(ref)));
  return {
    status: "ok",
    compareUrl: opts.compareUrl,
    commits,
    totalCommits: Math.max(opts.totalCommits, commits.length),
    ...(opts.scope ? { scope: opts.scope } : {}),
    pulls,
    issues,
  };
}
