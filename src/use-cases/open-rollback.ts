import { envFileOf } from "../domain/config-schema.js";
import type { DeploymentPayload } from "../domain/deployment-payload.js";
import { renderRollbackBody, rollbackBranch, rollbackTitle } from "../domain/render-deploy-feedback.js";
import type { ComponentChange, Release } from "../domain/types.js";
import type { GitHubPort } from "../github/github-port.js";
import { applyRelease, type ReleaseOutcome } from "./apply-release.js";
import type { LoadedConfig } from "./load-ops-config.js";

/**
 * Opens (or refreshes) `rollback-<env>`: the environment file as it was before the given
 * deployment's merge, on top of the default branch head. Merging it deploys like any release.
 */
export async function openRollback(opts: {
  github: GitHubPort;
  loaded: LoadedConfig;
  deployment: { id: number; sha: string };
  payload: DeploymentPayload;
  reason: string;
  logUrl?: string;
}): Promise<ReleaseOutcome> {
  const { github, loaded, payload } = opts;
  const environment = payload.environment;
  const envConfig = loaded.parsed.config.environments[environment];
  const file = envFileOf(environment, envConfig ?? {});
  const [parent] = await github.getCommitParents(loaded.ops.repo, opts.deployment.sha);
  const before = parent ? await github.readFile(loaded.ops.repo, file, parent) : null;
  const current = await github.readFile(loaded.ops.repo, file, loaded.ops.head);
  if (!before) {
    return { kind: "blocked", environment, message: `Cannot roll back **${environment}**: ${file} did not exist before the merge of #${payload.pull}.` };
  }
  const changes: ComponentChange[] = Object.entries(payload.components)
    .filter(([, c]) => c.from)
    .map(([component, c]) => ({
      component,
      repo: c.repo ?? loaded.parsed.config.components[component]?.repo ?? "",
      from: c.to,
      to: c.from!,
      changelog: { status: "unavailable", reason: "rollback" },
    }));
  const release: Release = {
    environment,
    branch: rollbackBranch(environment),
    file,
    title: rollbackTitle({ environment, components: payload.components }),
    changes: current?.content === before.content ? [] : changes,
    skipped: [],
    issues: [],
  };
  const githubUrl = new URL(loaded.ops.htmlUrl).origin;
  const body = renderRollbackBody({
    environment,
    failed: { pull: payload.pull, deploymentId: opts.deployment.id, components: payload.components },
    reason: opts.reason,
    logUrl: opts.logUrl,
    links: loaded.parsed.config.links,
    githubUrl,
    opsRepo: loaded.ops.repo,
    repos: Object.fromEntries(Object.entries(loaded.parsed.config.components).map(([name, c]) => [name, c.repo])),
  });
  return applyRelease({
    github,
    ops: loaded.ops,
    release,
    envFileText: before.content,
    title: release.title,
    body,
    noteWhenEmpty: `${file} on ${loaded.ops.defaultBranch} already holds what was deployed before #${payload.pull}.`,
  });
}
