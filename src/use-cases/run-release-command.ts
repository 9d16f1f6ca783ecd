import { environmentStanding } from "../domain/environment-standing.js";
import { renderForceDenied, renderForcedNote, renderFrozen, renderNoSuchEnvironment, renderReleaseAll } from "../domain/render-command-replies.js";
import { activeFreeze } from "../domain/schedule/freeze.js";
import type { GitHubPort } from "../github/github-port.js";
import type { ReleasePlanCache } from "./release-plan-cache.js";
import type { Lock } from "./keyed-lock.js";
import { asHeld, CONFIG_PATH, type LoadedConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { promotionOrder } from "../domain/promotion-order.js";
import type { MetadataSeal } from "../domain/metadata-seal.js";
import { releaseEnvironment } from "./release-environment.js";
import { FORCERS, runCommand, type Answer, type CommandComment } from "./run-command.js";

/**
 * `/release <env>` opens or refreshes the environment's release PR now; `/release all` does so for
 * every environment, upstream first. During a freeze window it is refused, unless `--force` comes
 * from someone with admin or maintain rights. The argument is echoed only in code spans: an environment that is
 * neither configured nor named by a config problem is answered here, before anything else sees it.
 */
export async function runReleaseCommand(opts: {
  github: GitHubPort;
  lock: Lock;
  comment: CommandComment;
  args: string[];
  force: boolean;
  now: Date;
  log: Logger;
  seal?: MetadataSeal;
  plans?: ReleasePlanCache;
}): Promise<void> {
  const { github, comment } = opts;
  await runCommand({
    github,
    comment,
    name: "release",
    usage: "`/release <environment>` (or `/release all`), for example `/release staging`. Add `--force` to release during a freeze (admins and maintainers).",
    args: opts.args,
    log: opts.log,
    execute: async ({ loaded, environment, permission }) => {
      const forced = opts.force && FORCERS.includes(permission);
      if (opts.force && !forced) {
        return { accepted: false, text: renderForceDenied({ repo: comment.repo, user: comment.user, permission }) };
      }
      const release = (env: string): Promise<Answer> => releaseOne({ ...opts, loaded, environment: env, forced });
      if (environment !== "all") return release(environment);
      const answers: { environment: string; text: string }[] = [];
      let accepted = false;
      for (const env of promotionOrder(loaded.parsed.config)) {
        const answer = await release(env);
        accepted ||= answer.accepted;
        answers.push({ environment: env, text: answer.text });
      }
      return { accepted, text: renderReleaseAll(answers) };
    },
  });
}

async function releaseOne(opts: {
  github: GitHubPort;
  lock: Lock;
  comment: CommandComment;
  loaded: LoadedConfig;
  environment: string;
  forced: boolean;
  now: Date;
  seal?: MetadataSeal;
  plans?: ReleasePlanCache;
}): Promise<Answer> {
  const { loaded, environment } = opts;
  const config = loaded.parsed.config;
  const standing = environmentStanding(loaded.parsed, environment);
  if (standing.kind === "unknown") {
    return { accepted: false, text: renderNoSuchEnvironment({ environment, declared: standing.declared, file: CONFIG_PATH }) };
  }
  const freeze = activeFreeze({ freeze: config.freeze ?? [], environment, at: opts.now, timezone: config.timezone });
  if (freeze && !opts.forced) {
    return { accepted: false, text: renderFrozen({ environment, endsAt: freeze.endsAt, timezone: config.timezone, reason: freeze.reason }) };
  }
  const outcome = await opts.lock.run(`${loaded.ops.repo}:${environment}`, (held) =>
    releaseEnvironment({ github: opts.github, loaded: asHeld(loaded, held), environment, now: opts.now, seal: opts.seal, plans: opts.plans }),
  );
  return { accepted: outcome.kind !== "blocked", text: `${outcome.message}${renderForcedNote(freeze)}` };
}
