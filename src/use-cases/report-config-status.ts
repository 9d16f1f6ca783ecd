import type { ConfigProblem } from "../domain/parse-config.js";
import { pinsResolvingNowhere } from "../domain/pinned-state.js";
import { CONFIG_ERROR_ISSUE_TITLE, CONFIG_ERROR_MARKER } from "../domain/render-config-problems.js";
import { renderConfigCheckRun, renderConfigIssueBody, renderConfigValidAgain } from "../domain/render-config-report.js";
import type { GitHubPort } from "../github/github-port.js";
import { CONFIG_PATH, type LoadedConfig } from "./load-ops-config.js";
import { environmentProblems } from "./release-environment.js";

export const CONFIG_CHECK_NAME = "release-bot/config";

/** Every problem of the config and of the env files it names, as of the default branch head. */
export async function allConfigProblems(opts: { github: GitHubPort; loaded: LoadedConfig }): Promise<ConfigProblem[]> {
  const { parsed } = opts.loaded;
  const reads = await Promise.all(parsed.usableEnvironments.map(async (environment) => ({ environment, read: await environmentProblems({ ...opts, environment }) })));
  // An env file's own problems block its environment, whether or not the reader said which it was.
  const perEnvironment = reads.flatMap(({ environment, read }) =>
    read.problems.map((p) => (p.environments !== "all" && p.environments.length === 0 ? { ...p, environments: [environment] } : p)),
  );
  // A pin that matches in no environment (a wrong path, image or file): reported, blocking nothing.
  const states = Object.fromEntries(reads.flatMap(({ environment, read }) => (read.pins ? [[environment, { pinned: read.pins.pinned, notPinned: read.pins.notPinned, problems: read.problems }]] : [])));
  const nowhere = reads.every(({ read }) => read.pins) ? pinsResolvingNowhere({ config: parsed.config, states }) : [];
  return [...parsed.problems, ...perEnvironment, ...nowhere];
}

/**
 * After a push to the ops repo's default branch: a check run on that commit says whether the
 * config is valid, and one "configuration error" issue holds the problems while there are any
 * (opened, updated in place, closed once fixed).
 */
export async function reportConfigStatus(opts: { github: GitHubPort; loaded: LoadedConfig }): Promise<ConfigProblem[]> {
  const { github, loaded } = opts;
  const problems = await allConfigProblems(opts);
  const declared = loaded.parsed.declaredEnvironments;
  const blocked = new Set<string>();
  const blocksAll = problems.some((p) => p.environments === "all");
  for (const p of problems) if (p.environments !== "all") for (const env of p.environments) blocked.add(env);
  const usable = blocksAll ? [] : declared.filter((e) => !blocked.has(e));
  const report = { problems, file: CONFIG_PATH, declared, usable };

  await github.checks.createCheckRun({ repo: loaded.ops.repo, headSha: loaded.ops.head, name: CONFIG_CHECK_NAME, ...renderConfigCheckRun(report) });

  const existing = await github.issues.findOpenIssueWithMarker(loaded.ops.repo, CONFIG_ERROR_MARKER);
  if (problems.length > 0) {
    const body = renderConfigIssueBody({ ...report, defaultBranch: loaded.ops.defaultBranch, head: loaded.ops.head, checkName: CONFIG_CHECK_NAME });
    if (!existing) await github.issues.createIssue({ repo: loaded.ops.repo, title: CONFIG_ERROR_ISSUE_TITLE, body });
    else if (existing.body !== body) await github.issues.updateIssue({ repo: loaded.ops.repo, number: existing.number, body });
  } else if (existing) {
    await github.issues.createComment({ repo: loaded.ops.repo, number: existing.number, body: renderConfigValidAgain(loaded.ops.head) });
    await github.issues.updateIssue({ repo: loaded.ops.repo, number: existing.number, state: "closed" });
  }
  return problems;
}
