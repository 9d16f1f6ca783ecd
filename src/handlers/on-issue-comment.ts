import type { Context } from "probot";
import { findMistypedCommand, parseCommand } from "../domain/parse-command.js";
import { runCommandComment } from "../use-cases/run-command-comment.js";
import type { AppDeps } from "./app-deps.js";
import { portsFor } from "./ports-for.js";

/** ChatOps: `/release <env>`, `/rollback <env>`, `/status`, `/help` (or a typo of one) in an issue or PR comment of the ops repo. */
export function onIssueComment(deps: AppDeps) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    const { comment, issue, repository, sender } = context.payload;
    if (sender.type === "Bot" || !deps.opsRepos.allows(repository.full_name)) return;
    // A comment without a command, or a near miss of one, costs no request.
    if (!parseCommand(comment.body ?? "") && !findMistypedCommand(comment.body ?? "")) return;
    const { github } = await portsFor(context, deps);
    await runCommandComment({
      github,
      lock: deps.lock,
      comment: { repo: repository.full_name, issueNumber: issue.number, commentId: comment.id, createdAt: comment.created_at, user: sender.login },
      body: comment.body ?? "",
      now: deps.clock.now(),
      log: context.log,
      seal: deps.seal,
      plans: deps.plans,
    });
  };
}
