import type { GitHubPort } from "../github/github-port.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { Logger } from "./logger.js";
import { releaseEnvironment } from "./release-environment.js";
import { runCommand, type CommandComment } from "./run-command.js";

/** `/release <env>`: open or refresh the environment's release PR now. */
export async function runReleaseCommand(opts: { github: GitHubPort; lock: KeyedLock; comment: CommandComment; args: string[]; log: Logger }): Promise<void> {
  const { github, comment } = opts;
  await runCommand({
    github,
    comment,
    name: "release",
    usage: "`/release <environment>`, for example `/release staging`.",
    args: opts.args,
    log: opts.log,
    execute: async ({ loaded, environment }) => {
      const outcome = await opts.lock.run(`${comment.repo}:${environment}`, () => releaseEnvironment({ github, loaded, environment }));
      return { accepted: outcome.kind !== "blocked", text: outcome.message };
    },
  });
}
