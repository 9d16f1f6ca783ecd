import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import { codeSpan } from "../domain/neutralize-text.js";
import type { DeploymentsPort } from "../github/deployments-port.js";
import type { GitHubPort } from "../github/github-port.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { Logger } from "./logger.js";
import { openRollback } from "./open-rollback.js";
import { runCommand, type CommandComment } from "./run-command.js";

/** `/rollback <env>`: the same `rollback-<env>` PR a failed deploy opens, for the latest release deployed there. */
export async function runRollbackCommand(opts: { github: GitHubPort; deployments: DeploymentsPort; lock: KeyedLock; comment: CommandComment; args: string[]; log: Logger }): Promise<void> {
  const { github, deployments, comment } = opts;
  await runCommand({
    github,
    comment,
    name: "rollback",
    usage: "`/rollback <environment>`, for example `/rollback production`.",
    args: opts.args,
    log: opts.log,
    execute: async ({ loaded, environment }) => {
      if (!Object.hasOwn(loaded.parsed.config.environments, environment)) {
        return { accepted: false, text: `There is no environment ${codeSpan(environment)} in .github/release-bot.yml. Known environments: ${Object.keys(loaded.parsed.config.environments).map((e) => codeSpan(e)).join(", ") || "none"}.` };
      }
      const recent = await deployments.listDeployments({ repo: loaded.ops.repo, environment, limit: 30 });
      const latest = recent.find((d) => d.byApp && parseDeploymentPayload(d.payload)?.kind !== "rollback" && parseDeploymentPayload(d.payload));
      const payload = latest && parseDeploymentPayload(latest.payload);
      if (!latest || !payload) {
        return { accepted: false, text: `release-bot has not deployed anything to **${environment}** yet, so there is nothing to roll back. To pin other versions, edit the environment file in a PR labelled \`deploy/${environment}\`.` };
      }
      const outcome = await opts.lock.run(`${comment.repo}:rollback-${environment}`, () =>
        openRollback({ github, loaded, deployment: latest, payload, reason: `${comment.user} asked for it with \`/rollback ${environment}\`` }),
      );
      return { accepted: outcome.kind !== "blocked", text: outcome.kind === "nothing" ? `Nothing to roll back: ${outcome.message}` : outcome.message };
    },
  });
}
