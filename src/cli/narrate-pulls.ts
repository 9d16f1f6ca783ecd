/**
 * The demo's closing narrative: the pull requests the bot opened (`release-<env>`, `rollback-<env>`),
 * with their bodies as reviewers see them. With `latestOnly`, only the newest PR per branch, so
 * a week of releases stays readable; the others are listed by title.
 */
interface PullLike {
  number: number;
  title: string;
  body: string;
  head: string;
  state: string;
  merged: boolean;
  labels?: string[];
  files?: Record<string, string>;
}

interface TranscriptLike {
  repos: Record<string, { pulls?: PullLike[] }>;
}

const statusOf = (pull: PullLike) => [pull.merged ? "merged" : pull.state, ...(pull.labels ?? [])].join(", ");

export function narratePulls(transcript: TranscriptLike, opts: { latestOnly?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const [repo, state] of Object.entries(transcript.repos)) {
    const pulls = (state.pulls ?? []).filter((p) => p.head.startsWith("release-") || p.head.startsWith("rollback-"));
    const latest = new Map<string, PullLike>();
    for (const pull of pulls) if ((latest.get(pull.head)?.number ?? 0) < pull.number) latest.set(pull.head, pull);
    const shown = opts.latestOnly ? pulls.filter((p) => latest.get(p.head) === p) : pulls;
    const earlier = pulls.filter((p) => !shown.includes(p));
    if (earlier.length > 0) {
      lines.push("", `━━ Earlier release PRs in ${repo}:`);
      for (const pull of earlier) lines.push(`  #${pull.number} [${statusOf(pull)}] ${pull.title}`);
    }
    for (const pull of shown) {
      lines.push("", `━━ ${repo}#${pull.number} [${statusOf(pull)}] ${pull.title} (${pull.head})`, "");
      lines.push(...pull.body.replace(/<!--[\s\S]*?-->/g, "").trim().split("\n").map((l) => `  │ ${l}`));
      for (const [path, content] of Object.entries(pull.files ?? {})) {
        lines.push("", `  ${path} at the PR's head:`, ...content.trimEnd().split("\n").map((l) => `  │ ${l}`));
      }
    }
  }
  return lines;
}
