import type { Context } from "probot";
import { parseCommand } from "../domain/parse-command.js";
import { runReleaseCommand } from "../use-cases/run-release-command.js";
import { runRollbackCommand } from "../use-cases/run-rollback-command.js";
import { runStatusCommand } from "../use-cases/run-status-command.js";
import type { AppDeps } from "./app-deps.js";
import { portsFor } from "./ports-for.js";

/** ChatOps: `/release <env>`, `/rollback <env>`, `/status` in an issue or PR comment of the ops repo. */
export function onIssueComment(deps: AppDeps) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    const { comment, issue, repository, sender } = context.payload;
    if (sender.type === "Bot" || !deps.opsRepos.allows(repository.full_name)) return;
    const command = parseCommand(comment.body ?? "");
    if (!command) return;
    const { github, deployments } = await portsFor(context, deps);
    const common = {
      github,
      lock: deps.lock,
      comment: { repo: repository.full_name, issueNumber: issue.number, commentId: comment.id, createdAt: comment.created_at, user: sender.login },
      args: command.args,
      now: deps.clock.now(),
      log: context.log,
    };
    switch (command.command) {
      case "release":
        return runReleaseCommand({ ...common, deployments, force: command.force, seal: deps.seal });
      case "rollback":
        return runRollbackCommand({ ...common, deployments });
      case "status":
        return runStatusCommand(common);
    }
  };
}
