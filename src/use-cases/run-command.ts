import { GitHubError, type GitHubPort, type Permission } from "../github/github-port.js";
import { commandEcho, renderCommandFailed, renderNeedsWriteAccess, renderNoConfigHere, renderRetryNote, renderUsage } from "../domain/render-command-replies.js";
import type { RepoName } from "../domain/types.js";
import { describeError } from "./describe-error.js";
import { loadOpsConfig, type LoadedConfig } from "./load-ops-config.js";
import { isTransientFailure, ReadFailedError, RetryLaterError } from "./read-failed.js";
import type { Logger } from "./logger.js";

const WRITERS: Permission[] = ["admin", "maintain", "write"];
/** Who may override a freeze window with `--force`. */
export const FORCERS: Permission[] = ["admin", "maintain"];

export interface CommandComment {
  repo: RepoName;
  issueNumber: number;
  commentId: number;
  createdAt: string;
  user: string;
}

export interface Answer {
  accepted: boolean;
  text: string;
}

export const replyMarker = (commentId: number): string => `<!-- release-bot:reply-to=${commentId} -->`;
/**
 * Marks the bot's "could not finish, will be retried" note on a command. It is not the reply
 * marker: the command still counts as unanswered, so a redelivery or the reconciler runs it again,
 * and the note is written once however often that fails.
 */
export const retryMarker = (commentId: number): string => `<!-- release-bot:retry-pending=${commentId} -->`;

/**
 * What every ChatOps command shares: obeyed only from users with write access, always answered
 * (👍 and the result, or 👎 and why), answered once even when the webhook is redelivered (the
 * reply carries a marker naming the command's comment), and a failure is answered, not swallowed.
 * A failure worth retrying (GitHub down, slow or rate limited; a busy lock) is not an answer: the
 * person who asked is told what failed and that it will be retried (👀), and `RetryLaterError` is
 * thrown so the delivery does not count as done.
 */
export async function runCommand(opts: {
  github: GitHubPort;
  comment: CommandComment;
  name: string;
  usage: string;
  args: string[];
  /** The command takes no environment argument (`/status`). */
  noArgument?: boolean;
  log: Logger;
  execute: (opts: { loaded: LoadedConfig; environment: string; permission: Permission }) => Promise<Answer>;
}): Promise<void> {
  const { github, comment } = opts;
  const earlier = await github.issues.listComments(comment.repo, comment.issueNumber, comment.createdAt);
  // Only the bot's own reply counts: a marker someone else typed is plain text.
  const own = earlier.filter((c) => c.byApp);
  if (own.some((c) => c.body.includes(replyMarker(comment.commentId)))) return;

  const [environment = "", ...extra] = opts.args;
  const command = commandEcho(opts.name, environment);
  let answer: Answer;
  try {
    answer = await decide({ ...opts, environment, extra });
  } catch (error) {
    if (isTransientFailure(error)) {
      opts.log.warn({ err: error, repo: comment.repo, environment }, `/${opts.name} abandoned before writing; it will be retried`);
      if (!own.some((c) => c.body.includes(retryMarker(comment.commentId)))) {
        await github.issues.react({ repo: comment.repo, commentId: comment.commentId, content: "eyes" });
        await github.issues.createComment({
          repo: comment.repo,
          number: comment.issueNumber,
          body: `${retryMarker(comment.commentId)}\n${renderRetryNote({ command, cause: describeError(error), wroteNothing: wroteNothing(error) })}`,
        });
      }
      throw new RetryLaterError({ message: `/${opts.name} on ${comment.repo}#${comment.issueNumber} will be retried: ${describeError(error)}`, cause: error });
    }
    // Told to the person who asked, who can retry; logged for the operator. Not rethrown: the command was answered.
    opts.log.error({ err: error, repo: comment.repo, environment }, `/${opts.name} failed`);
    answer = { accepted: false, text: renderCommandFailed({ command, cause: describeError(error) }) };
  }
  await github.issues.react({ repo: comment.repo, commentId: comment.commentId, content: answer.accepted ? "+1" : "-1" });
  await github.issues.createComment({ repo: comment.repo, number: comment.issueNumber, body: `${replyMarker(comment.commentId)}\n${answer.text}` });
}

/** The failure was a read, so the command stopped before its first write. */
const wroteNothing = (error: unknown): boolean => error instanceof ReadFailedError || (error instanceof GitHubError && /^(GET|HEAD) /.test(error.route));

/** Every read and the command's work, before the one reply: who may run it, its arguments, the ops config. */
async function decide(opts: Parameters<typeof runCommand>[0] & { environment: string; extra: string[] }): Promise<Answer> {
  const { github, comment, environment } = opts;
  const permission = await github.repos.getPermission(comment.repo, comment.user);
  if (!WRITERS.includes(permission)) {
    return { accepted: false, text: renderNeedsWriteAccess({ name: opts.name, repo: comment.repo, user: comment.user, permission }) };
  }
  if (opts.noArgument ? opts.args.length > 0 : !environment || opts.extra.length > 0) return { accepted: false, text: renderUsage(opts.usage) };
  const loaded = await loadOpsConfig({ github, repo: comment.repo });
  if (!loaded) {
    return { accepted: false, text: renderNoConfigHere({ name: opts.name, repo: comment.repo }) };
  }
  return opts.execute({ loaded, environment, permission });
}
