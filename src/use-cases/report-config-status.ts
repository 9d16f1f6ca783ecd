import type { ConfigProblem } from "../domain/parse-config.js";
import { CONFIG_ERROR_ISSUE_TITLE, CONFIG_ERROR_MARKER, renderProblemsMarkdown } from "../domain/render-config-problems.js";
import type { GitHubPort } from "../github/github-port.js";
import { CONFIG_PATH, type LoadedConfig } from "./load-ops-config.js";
import { environmentProblems } from "./release-environment.js";

export const CONFIG_CHECK_NAME = "release-bot/config";

/** Every problem of the config and of the env files it names, as of the default branch head. */
export async function allConfigProblems(opts: { github: GitHubPort; loaded: LoadedConfig }): Promise<ConfigProblem[]> {
  const { parsed } = opts.loaded;
  const perEnvironment = await Promise.all(
    Object.keys(parsed.config.environments)
      .filter((environment) => parsed.usableEnvironments.includes(environment))
      .map(async (environment) => (await environmentProblems({ ...opts, environment })).problems),
  );
  return [...parsed.problems, ...perEnvironment.flat()];
}

/**
 * After a push to the ops repo's default branch: a check run on that commit says whether the
 * config is valid, and one "configuration error" issue holds the problems while there are any
 * (opened, updated in place, closed once fixed).
 */
export async function reportConfigStatus(opts: { github: GitHubPort; loaded: LoadedConfig }): Promise<ConfigProblem[]> {
  const { github, loaded } = opts;
  const problems = await allConfigProblems(opts);
  const environments = Object.keys(loaded.parsed.config.environments);
  const usable = environments.filter((e) => !problems.some((p) => p.environments === "all" || p.environments.includes(e)));
  const table = renderProblemsMarkdown({ problems, file: CONFIG_PATH });

  await github.createCheckRun({
    repo: loaded.ops.repo,
    headSha: loaded.ops.head,
    name: CONFIG_CHECK_NAME,
    conclusion: problems.length === 0 ? "success" : "failure",
    title: problems.length === 0
      ? `Configuration valid: ${environments.length} environment${environments.length === 1 ? "" : "s"}`
      : `${problems.length} configuration problem${problems.length === 1 ? "" : "s"}; ${usable.length} of ${environments.length} environments still release`,
    summary: problems.length === 0 ? `${CONFIG_PATH} and every environment file it names are valid.` : table,
  });

  const existing = await github.findOpenIssueWithMarker(loaded.ops.repo, CONFIG_ERROR_MARKER);
  if (problems.length > 0) {
    const body = [
      CONFIG_ERROR_MARKER,
      `release-bot found problems in the configuration on \`${loaded.ops.defaultBranch}\`. Environments not listed as blocked keep releasing.`,
      "",
      `Still working: ${usable.length > 0 ? usable.map((e) => `\`${e}\``).join(", ") : "none"}.`,
      "",
      table,
      "",
      "This issue is updated on every push and closed automatically once the configuration is valid.",
    ].join("\n");
    if (!existing) await github.createIssue({ repo: loaded.ops.repo, title: CONFIG_ERROR_ISSUE_TITLE, body });
    else if (existing.body !== body) await github.updateIssue({ repo: loaded.ops.repo, number: existing.number, body });
  } else if (existing) {
    await github.createComment({ repo: loaded.ops.repo, number: existing.number, body: `The configuration is valid again as of ${loaded.ops.head.slice(0, 7)}. Closing.` });
    await github.updateIssue({ repo: loaded.ops.repo, number: existing.number, state: "closed" });
  }
  return problems;
}
