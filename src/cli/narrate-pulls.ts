/** The demo's closing narrative: every pull request the bot opened, with its body as reviewers see it. */
interface TranscriptLike {
  repos: Record<string, { pulls?: { number: number; title: string; body: string; head: string; state: string; merged: boolean; files?: Record<string, string> }[] }>;
}

export function narratePulls(transcript: TranscriptLike): string[] {
  const lines: string[] = [];
  for (const [repo, state] of Object.entries(transcript.repos)) {
    for (const pull of state.pulls ?? []) {
      if (!pull.head.startsWith("release-") && !pull.head.startsWith("rollback-")) continue;
      const status = pull.merged ? "merged" : pull.state;
      lines.push("", `━━ ${repo}#${pull.number} [${status}] ${pull.title} (${pull.head})`, "");
      lines.push(...pull.body.replace(/<!--[\s\S]*?-->/g, "").trim().split("\n").map((l) => `  │ ${l}`));
      for (const [path, content] of Object.entries(pull.files ?? {})) {
        lines.push("", `  ${path} at the PR's head:`, ...content.trimEnd().split("\n").map((l) => `  │ ${l}`));
      }
    }
  }
  return lines;
}
