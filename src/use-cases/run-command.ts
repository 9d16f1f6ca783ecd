import type { GitHubPort, Permission } from "../github/github-port.js";
import { codeSpan } from "../domain/neutralize-text.js";
import type { RepoName } from "../domain/types.js";
import { describeError } from "./describe-error.js";
import { loadOpsConfig, type LoadedConfig } from "./load-ops-config.js";
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
 * What every ChatOps command shares: obeyed only from users with write access, always answered
 * (👍 and the result, or 👎 and why), answered once even when the webhook is redelivered (the
 * reply carries a marker naming the command's comment), and a failure is answered, not swallowed.
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
  const earlier = await github.listComments(comment.repo, comment.issueNumber, comment.createdAt);
  // Only the bot's own reply counts: a marker someone else typed is plain text.
  if (earlier.some((c) => c.byApp && c.body.includes(replyMarker(comment.commentId)))) return;

  const reply = async ({ accepted, text }: Answer): Promise<void> => {
    await github.react({ repo: comment.repo, commentId: comment.commentId, content: accepted ? "+1" : "-1" });
    await github.createComment({ repo: comment.repo, number: comment.issueNumber, body: `${replyMarker(comment.commentId)}\n${text}` });
  };

  const permission = await github.getPermission(comment.repo, comment.user);
  if (!WRITERS.includes(permission)) {
    await reply({ accepted: false, text: `\`/${opts.name}\` needs write access to ${comment.repo}; ${comment.user} has ${permission === "none" ? "no" : `“${permission}”`} access. Ask a maintainer to run it or to grant write access.` });
    return;
  }
  const [environment = "", ...extra] = opts.args;
  if (opts.noArgument ? opts.args.length > 0 : !environment || extra.length > 0) {
    await reply({ accepted: false, text: `Usage: ${opts.usage}` });
    return;
  }
  const loaded = await loadOpsConfig({ github, repo: comment.repo });
  if (!loaded) {
    await reply({ accepted: false, text: `${comment.repo} has no \`.github/release-bot.yml\` on its default branch, so there is nothing to ${opts.name} from here. Run \`/${opts.name}\` in your ops repository.` });
    return;
  }
  try {
    await reply(await opts.execute({ loaded, environment, permission }));
  } catch (error) {
    // Told to the person who asked, who can retry; logged for the operator. Not rethrown: the command was answered.
    opts.log.error({ err: error, repo: comment.repo, environment }, `/${opts.name} failed`);
    await reply({ accepted: false, text: `${codeSpan(`/${[opts.name, environment].filter(Boolean).join(" ")}`)} failed: ${describeError(error)}. Nothing was left half-done that a retry won't fix; run it again later.` });
  }
}
