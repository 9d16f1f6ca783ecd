/**
 * Which repositories may be ops repos: the operator's `RELEASE_BOT_OPS_REPOS`, a comma- or
 * space-separated list of `owner/name` patterns where `*` stands for any run of characters but `/`
 * (`acme/ops`, `acme/*-ops`, `acme/*`). Unset, every repository with `.github/release-bot.yml` is
 * one. Set it when the app is installed on more repositories than the ops repos, so that a member who
 * creates a repository with a config cannot make the bot read and act on components for them.
 */
export interface OpsRepoFilter {
  /** The patterns as given; empty = every repository. */
  patterns: string[];
  allows(repo: string): boolean;
}

const toRegExp = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`, "i");

/** Throws on a pattern that is not `owner/name` (with `*`): a misconfiguration the operator must see at start. */
export function parseOpsRepoFilter(text: string | undefined): OpsRepoFilter {
  const patterns = (text ?? "").split(/[\s,]+/).filter(Boolean);
  for (const p of patterns) {
    if (!/^[\w.*-]+\/[\w.*-]+$/.test(p)) throw new Error(`RELEASE_BOT_OPS_REPOS: “${p}” is not an owner/name pattern; write e.g. acme/ops or acme/*-ops, separated by commas`);
  }
  const regexps = patterns.map(toRegExp);
  return { patterns, allows: (repo) => regexps.length === 0 || regexps.some((r) => r.test(repo)) };
}
