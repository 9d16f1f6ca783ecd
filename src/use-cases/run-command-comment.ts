import type { MetadataSeal } from "../domain/metadata-seal.js";
import { findMistypedCommand, parseCommand } from "../domain/parse-command.js";
import type { GitHubPort } from "../github/github-port.js";
import type { Lock } from "./keyed-lock.js";
import type { ReleasePlanCache } from "./release-plan-cache.js";
import type { Logger } from "./logger.js";
import type { CommandComment } from "./run-command.js";
import { runHelpCommand } from "./run-help-command.js";
import { runReleaseCommand } from "./run-release-command.js";
import { runRollbackCommand } from "./run-rollback-command.js";
import { runStatusCommand } from "./run-status-command.js";

/**
 * The ChatOps command in a comment of the ops repo, if it holds one: `/release <env>`,
 * `/rollback <env>`, `/status`, `/help`, or a typo of one (answered with "did you mean"). Shared by
 * the `issue_comment` webhook and the reconciler, which answers commands whose webhook was lost.
 * false when the comment holds neither.
 */
export async function runCommandComment(opts: {
  github: GitHubPort;
  lock: Lock;
  comment: CommandComment;
  body: string;
  now: Date;
  log: Logger;
  seal?: MetadataSeal;
  /** Plans this process keeps: a `/release` keeps its plan for the refreshes after it. */
  plans?: ReleasePlanCache;
}): Promise<boolean> {
  const command = parseCommand(opts.body);
  if (!command) {
    const mistyped = findMistypedCommand(opts.body);
    if (!mistyped) return false;
    await runHelpCommand({ github: opts.github, comment: opts.comment, mistyped, log: opts.log });
    return true;
  }
  const common = { github: opts.github, lock: opts.lock, comment: opts.comment, args: command.args, now: opts.now, log: opts.log };
  switch (command.command) {
    case "release":
      await runReleaseCommand({ ...common, force: command.force, seal: opts.seal, plans: opts.plans });
      break;
    case "rollback":
      await runRollbackCommand(common);
      break;
    case "status":
      await runStatusCommand(common);
      break;
    case "help":
      await runHelpCommand({ github: opts.github, comment: opts.comment, log: opts.log });
      break;
  }
  return true;
}
