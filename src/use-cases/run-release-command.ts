import { environmentStanding } from "../domain/environment-standing.js";
import { codeSpan, sanitizeForBody } from "../domain/neutralize-text.js";
import { activeFreeze } from "../domain/schedule/freeze.js";
import { formatZoned } from "../domain/schedule/zoned-time.js";
import type { GitHubPort } from "../github/github-port.js";
import type { Lock } from "./keyed-lock.js";
import type { LoadedConfig } from "./load-ops-config.js";
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
        return { accepted: false, text: `\`--force\` overrides a freeze and needs admin or maintain rights on ${comment.repo}; ${comment.user} has “${permission}”.` };
      }
      const release = (env: string): Promise<Answer> => releaseOne({ ...opts, loaded, environment: env, forced });
      if (environment !== "all") return release(environment);
      const answers: string[] = [];
      let accepted = false;
      for (const env of promotionOrder(loaded.parsed.config)) {
        const answer = await release(env);
        accepted ||= answer.accepted;
        answers.push(`- **${sanitizeForBody(env)}**: ${answer.text.replace(/\n/g, " ")}`);
      }
      return { accepted, text: answers.join("\n") || "No environments are configured." };
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
}): Promise<Answer> {
  const { loaded, environment } = opts;
  const config = loaded.parsed.config;
  const standing = environmentStanding(loaded.parsed, environment);
  if (standing.kind === "unknown") {
    const known = standing.declared.map((e) => codeSpan(e));
    return { accepted: false, text: `There is no environment ${codeSpan(environment)} in .github/release-bot.yml. Known environments: ${known.join(", ") || "none"}.` };
  }
  const freeze = activeFreeze({ freeze: config.freeze ?? [], environment, at: opts.now, timezone: config.timezone });
  if (freeze && !opts.forced) {
    return {
      accepted: false,
      text: `**${sanitizeForBody(environment)}** is frozen until ${formatZoned(freeze.endsAt, config.timezone)} (${config.timezone}): ${sanitizeForBody(freeze.reason)}. An admin or maintainer can override with ${codeSpan(`/release ${environment} --force`)}.`,
    };
  }
  const outcome = await opts.lock.run(`${loaded.ops.repo}:${environment}`, () =>
    releaseEnvironment({ github: opts.github, loaded, environment, now: opts.now, seal: opts.seal }),
  );
  const note = freeze ? ` (released during the freeze “${sanitizeForBody(freeze.reason)}” with --force)` : "";
  return { accepted: outcome.kind !== "blocked", text: `${outcome.message}${note}` };
}
