import type { DeploymentPayload } from "../domain/deployment-payload.js";
import { renderRollbackBody, rollbackBranch, rollbackTitle } from "../domain/render-deploy-feedback.js";
import { renderAlreadyRestored, renderNothingToRestore } from "../domain/render-release-outcomes.js";
import type { ComponentChange, Release } from "../domain/types.js";
import type { GitHubPort } from "../github/github-port.js";
import { readEnvironmentPins } from "./read-environment-pins.js";
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
  const [parent] = await github.history.getCommitParents(loaded.ops.repo, opts.deployment.sha);
  // Every pin file of the environment, as it was before the failed merge and as it is now.
  const [before, current] = await Promise.all([
    parent ? readEnvironmentPins({ github, loaded, environment, ref: parent }) : null,
    readEnvironmentPins({ github, loaded, environment, ref: loaded.ops.head }),
  ]);
  const restored = before ? Object.entries(before.files).filter((entry): entry is [string, string] => typeof entry[1] === "string") : [];
  const file = restored.map(([path]) => path).join(", ") || "its pin files";
  if (restored.length === 0) {
    return { kind: "blocked", environment, message: renderNothingToRestore({ environment, files: file, pull: payload.pull }) };
  }
  const files = Object.fromEntries(restored.filter(([path, text]) => current.files[path] !== text));
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
    files: restored.map(([path]) => path),
    title: rollbackTitle({ environment, components: payload.components }),
    changes: Object.keys(files).length === 0 ? [] : changes,
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
    plan: {
      release,
      files,
      title: release.title,
      body,
      noteWhenEmpty: renderAlreadyRestored({ files: file, defaultBranch: loaded.ops.defaultBranch, pull: payload.pull }),
    },
  });
}
