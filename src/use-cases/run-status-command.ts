import { releaseBranch } from "../domain/plan-release.js";
import { renderStatus, type EnvironmentSnapshot } from "../domain/render-status.js";
import type { GitHubPort } from "../github/github-port.js";
import type { LoadedConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { environmentProblems } from "./release-environment.js";
import { runCommand, type CommandComment } from "./run-command.js";

/**
 * `/status`: every environment with its pinned versions, open release PR, next scheduled run and
 * freeze, plus the promotion chain as a Mermaid graph. Reads one env file and one PR lookup per environment.
 */
export async function runStatusCommand(opts: { github: GitHubPort; comment: CommandComment; args: string[]; now: Date; log: Logger }): Promise<void> {
  await runCommand({
    github: opts.github,
    comment: opts.comment,
    name: "status",
    usage: "`/status` (no arguments): the environments, their pinned versions, open release PRs and next scheduled runs.",
    args: opts.args,
    noArgument: true,
    log: opts.log,
    execute: async ({ loaded }) => ({ accepted: true, text: await releaseStatus({ github: opts.github, loaded, now: opts.now }) }),
  });
}

async function releaseStatus(opts: { github: GitHubPort; loaded: LoadedConfig; now: Date }): Promise<string> {
  const { github, loaded } = opts;
  const { config, problems } = loaded.parsed;
  const names = Object.keys(config.environments);
  const snapshots = await Promise.all(
    names.map(async (environment): Promise<EnvironmentSnapshot> => {
      const [read, pull] = await Promise.all([
        environmentProblems({ github, loaded, environment }),
        github.pulls.findOpenPull({ repo: loaded.ops.repo, head: releaseBranch(environment) }),
      ]);
      // A blocked environment with nothing readable shows no pins ("—"), not an empty set.
      const pins = read.pins && (Object.keys(read.pins.pins).length > 0 || read.problems.length === 0) ? read.pins.pins : undefined;
      return { pins, openPull: pull?.number ?? null, problems: read.problems };
    }),
  );
  return renderStatus({
    config,
    configProblems: problems,
    snapshots: Object.fromEntries(names.map((name, i) => [name, snapshots[i]])),
    opsRepo: loaded.ops.repo,
    githubUrl: new URL(loaded.ops.htmlUrl).origin,
    now: opts.now,
  });
}
