import type { GitHubPort, Permission } from "../github/github-port.js";
import type { RepoName } from "../domain/types.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { Logger } from "./logger.js";
import { loadOpsConfig } from "./load-ops-config.js";
import { releaseEnvironment } from "./release-environment.js";
import { describeError as describe } from "./describe-error.js";

const WRITERS: Permission[] = ["admin", "maintain", "write"];

export interface CommandComment {
  repo: RepoName;
  issueNumber: number;
  commentId: number;
  createdAt: string;
  user: string;
}

const replyMarker = (commentId: number): string => `<!-- release-bot:reply-to=${commentId} -->`;

/**
 * `/release <env>`: obeyed only from users with write access, always answered (👍 and the
 * result, or 👎 and why). A redelivered comment is answered once: the reply carries a marker.
 */
export async function runReleaseCommand(opts: { github: GitHubPort; lock: KeyedLock; comment: CommandComment; args: string[]; log: Logger }): Promise<void> {
  const { github, comment } = opts;
  const earlier = await github.listComments(comment.repo, comment.issueNumber, comment.createdAt);
  if (earlier.some((c) => c.body.includes(replyMarker(comment.commentId)))) return;

  const reply = async (accepted: boolean, text: string): Promise<void> => {
    await github.react({ repo: comment.repo, commentId: comment.commentId, content: accepted ? "+1" : "-1" });
    await github.createComment({ repo: comment.repo, number: comment.issueNumber, body: `${replyMarker(comment.commentId)}\n${text}` });
  };

  const permission = await github.getPermission(comment.repo, comment.user);
  if (!WRITERS.includes(permission)) {
    await reply(false, `\`/release\` needs write access to ${comment.repo}; ${comment.user} has ${permission === "none" ? "no" : `“${permission}”`} access. Ask a maintainer to run it or to grant write access.`);
    return;
  }
  const [environment, ...extra] = opts.args;
  if (!environment || extra.length > 0) {
    await reply(false, "Usage: `/release <environment>`, for example `/release staging`.");
    return;
  }
  const loaded = await loadOpsConfig({ github, repo: comment.repo });
  if (!loaded) {
    await reply(false, `${comment.repo} has no \`.github/release-bot.yml\` on its default branch, so there is nothing to release from here. Run \`/release\` in your ops repository.`);
    return;
  }
  try {
    const outcome = await opts.lock.run(`${comment.repo}:${environment}`, () => releaseEnvironment({ github, loaded, environment }));
    await reply(outcome.kind !== "blocked", outcome.message);
  } catch (error) {
    // Reported to the person who asked, who can retry; logged for the operator. Not rethrown: the command was answered.
    opts.log.error({ err: error, repo: comment.repo, environment }, "release command failed");
    await reply(false, `Releasing **${environment}** failed: ${describe(error)}. Nothing was left half-done that a retry won't fix; run \`/release ${environment}\` again later.`);
  }
}
