import type { MistypedCommand } from "../domain/parse-command.js";
import { renderDidYouMean, renderHelp } from "../domain/render-command-replies.js";
import type { GitHubPort } from "../github/github-port.js";
import { loadOpsConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { replyMarker, type CommandComment } from "./run-command.js";

/**
 * `/help`, or a command line whose name is a typo of a known command (`/relase staging` → "did you mean `/release`?").
 *
 * Both answer anyone who can comment, without asking GitHub for their permission: they run nothing and read only the
 * config, the reply says who may run each command, and a reader's `/release` is answered (refused) the same way. What
 * keeps this from being a spam relay: one reply per comment (the reply marker, counted only in the bot's own
 * comments), no ping (the reply names nobody), and no echo but the mistyped name, which the command grammar limits to
 * letters and hyphens and which goes in a code span. Only an ops repo answers: in a repository without
 * `.github/release-bot.yml` a `/help` or a near miss is most likely another bot's, so it stays silent.
 *
 * A read that fails is thrown: the delivery fails, and the reconciler answers a `/help` it finds unanswered. It does not
 * answer a lost "did you mean": a typo is no command (`parseCommand` is null), and a late guess helps nobody.
 */
export async function runHelpCommand(opts: { github: GitHubPort; comment: CommandComment; mistyped?: MistypedCommand; log: Logger }): Promise<void> {
  const { github, comment } = opts;
  const earlier = await github.issues.listComments(comment.repo, comment.issueNumber, comment.createdAt);
  if (earlier.some((c) => c.byApp && c.body.includes(replyMarker(comment.commentId)))) return;
  const loaded = await loadOpsConfig({ github, repo: comment.repo });
  if (!loaded) return;
  const text = opts.mistyped
    ? renderDidYouMean(opts.mistyped)
    : renderHelp({ repo: comment.repo, environments: Object.keys(loaded.parsed.config.environments) });
  await github.issues.react({ repo: comment.repo, commentId: comment.commentId, content: opts.mistyped ? "confused" : "+1" });
  await github.issues.createComment({ repo: comment.repo, number: comment.issueNumber, body: `${replyMarker(comment.commentId)}\n${text}` });
  opts.log.info({ repo: comment.repo, comment: comment.commentId }, opts.mistyped ? `answered /${opts.mistyped.typed} with /${opts.mistyped.suggestion}` : "answered /help");
}
