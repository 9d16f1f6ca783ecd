import { parseConfig, type ParsedConfig } from "../domain/parse-config.js";
import type { GitHubPort } from "../github/github-port.js";
import type { RepoName } from "../domain/types.js";

/** Where the bot reads its config in an ops repo (Probot's convention). */
export const CONFIG_PATH = ".github/release-bot.yml";

export interface OpsRepo {
  repo: RepoName;
  defaultBranch: string;
  /** Head sha of the default branch when the config was read. */
  head: string;
  htmlUrl: string;
}

export interface LoadedConfig {
  ops: OpsRepo;
  parsed: ParsedConfig;
}

/** Reads and validates `.github/release-bot.yml` from the default branch head; null when the repo has none (not an ops repo). */
export async function loadOpsConfig(opts: { github: GitHubPort; repo: RepoName }): Promise<LoadedConfig | null> {
  const info = await opts.github.getRepo(opts.repo);
  const head = await opts.github.getBranchHead(opts.repo, info.defaultBranch);
  if (!head) return null;
  const file = await opts.github.readFile(opts.repo, CONFIG_PATH, head);
  if (!file) return null;
  return {
    ops: { repo: info.fullName, defaultBranch: info.defaultBranch, head, htmlUrl: info.htmlUrl },
    parsed: parseConfig({ file: CONFIG_PATH, text: file.content }),
  };
}
