import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import { renderNoSuchEnvironment, renderNothingDeployedYet, renderRollbackBlocked, renderRollbackReply, rollbackRequestReason } from "../domain/render-command-replies.js";
import type { GitHubPort } from "../github/github-port.js";
import type { Lock } from "./keyed-lock.js";
import { CONFIG_PATH, type LoadedConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { openRollback } from "./open-rollback.js";
import { runCommand, type CommandComment } from "./run-command.js";
import { environmentStanding } from "../domain/environment-standing.js";

/**
 * Why `environment` is not one to roll back: the config problems that name it (a broken file names every
 * environment, so "there is no such environment" would mislead), or that it is not configured. null when it is.
 */
function unknownEnvironment(loaded: LoadedConfig, environment: string): string | null {
  const standing = environmentStanding(loaded.parsed, environment);
  if (standing.kind === "usable") return null;
  if (standing.kind === "blocked") return renderRollbackBlocked({ environment, problems: standing.problems, file: CONFIG_PATH });
  return renderNoSuchEnvironment({ environment, declared: standing.declared, file: CONFIG_PATH });
}

/** `/rollback <env>`: the same `rollback-<env>` PR a failed deploy opens, for the latest release deployed there. */
export async function runRollbackCommand(opts: { github: GitHubPort; lock: Lock; comment: CommandComment; args: string[]; log: Logger }): Promise<void> {
  const { github, comment } = opts;
  await runCommand({
    github,
    comment,
    name: "rollback",
    usage: "`/rollback <environment>`, for example `/rollback production`.",
    args: opts.args,
    log: opts.log,
    execute: async ({ loaded, environment }) => {
      const unknown = unknownEnvironment(loaded, environment);
      if (unknown) return { accepted: false, text: unknown };
      const recent = await github.deployments.listDeployments({ repo: loaded.ops.repo, environment, limit: 30 });
      const latest = recent.find((d) => d.byApp && parseDeploymentPayload(d.payload)?.kind !== "rollback" && parseDeploymentPayload(d.payload));
      const payload = latest && parseDeploymentPayload(latest.payload);
      if (!latest || !payload) {
        return { accepted: false, text: renderNothingDeployedYet(environment) };
      }
      const outcome = await opts.lock.run(`${comment.repo}:rollback-${environment}`, () =>
        openRollback({ github, loaded, deployment: latest, payload, reason: rollbackRequestReason({ user: comment.user, environment }) }),
      );
      return { accepted: outcome.kind !== "blocked", text: renderRollbackReply(outcome) };
    },
  });
}
