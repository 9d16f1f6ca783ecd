import type { Context } from "probot";
import { parseCommand } from "../domain/parse-command.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import { OctokitDeployments } from "../github/octokit-deployments.js";
import { runReleaseCommand } from "../use-cases/run-release-command.js";
import { runRollbackCommand } from "../use-cases/run-rollback-command.js";
import { runStatusCommand } from "../use-cases/run-status-command.js";
import type { AppDeps } from "./app-deps.js";

/** ChatOps: `/release <env>`, `/rollback <env>`, `/status` in an issue or PR comment of the ops repo. */
export function onIssueComment(deps: AppDeps) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    const { comment, issue, repository, sender } = context.payload;
    if (sender.type === "Bot") return;
    const command = parseCommand(comment.body ?? "");
    if (!command) return;
    const github = new OctokitGitHub(context.octokit);
    const target = { repo: repository.full_name, issueNumber: issue.number, commentId: comment.id, createdAt: comment.created_at, user: sender.login };
    if (command.command === "release") {
      await runReleaseCommand({ github, deployments: new OctokitDeployments(context.octokit), lock: deps.lock, comment: target, args: command.args, force: command.force, now: deps.clock.now(), log: context.log });
      return;
    }
    if (command.command === "rollback") {
      const deployments = new OctokitDeployments(context.octokit);
      await runRollbackCommand({ github, deployments, lock: deps.lock, comment: target, args: command.args, log: context.log });
      return;
    }
    if (command.command === "status") {
      await runStatusCommand({ github, comment: target, args: command.args, now: deps.clock.now(), log: context.log });
      return;
    }
    await github.createComment({
      repo: target.repo,
      number: target.issueNumber,
      body: `<!-- release-bot:reply-to=${comment.id} -->\n\`/${command.command}\` is not available in this version of release-bot yet. Available: \`/release <environment>\`.`,
    });
  };
}
