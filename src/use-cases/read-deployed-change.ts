import { envFileOf } from "../domain/config-schema.js";
import type { DeploymentPayload } from "../domain/deployment-payload.js";
import { parseEnvFile } from "../domain/parse-env-file.js";
import { releaseIssues } from "../domain/plan-release.js";
import type { IssueRef, Pins } from "../domain/types.js";
import type { GitHubPort } from "../github/github-port.js";
import { collectChanges } from "./collect-changes.js";
import type { BuildLookup } from "./find-latest-builds.js";
import type { LoadedConfig } from "./load-ops-config.js";

export type DeployedComponents = DeploymentPayload["components"];

/**
 * What a merge deploys, from git alone: the components whose pin in the environment file differs
 * between the merge commit and `live` (the commit last deployed successfully there), or the merge's
 * first parent when nothing is known to be live. Never from PR text, which anyone with access to
 * the PR can edit. Comparing with what is live also shows a pin that reached the default branch
 * without being deployed (a refused fork PR, a push).
 */
export async function readDeployedComponents(opts: { github: GitHubPort; loaded: LoadedConfig; environment: string; mergeSha: string; live?: string }): Promise<DeployedComponents> {
  const { github, loaded, environment } = opts;
  const file = envFileOf(environment, loaded.parsed.config.environments[environment] ?? {});
  const [parent] = opts.live ? [opts.live] : await github.getCommitParents(loaded.ops.repo, opts.mergeSha);
  const pinsAt = async (ref: string | undefined): Promise<Pins> => {
    if (!ref) return {};
    const content = await github.readFile(loaded.ops.repo, file, ref);
    return content ? parseEnvFile({ file, text: content.content }).pins : {};
  };
  const [before, after] = await Promise.all([pinsAt(parent), pinsAt(opts.mergeSha)]);
  return Object.fromEntries(
    Object.entries(after)
      .filter(([name, pin]) => before[name]?.version !== pin.version || before[name]?.commit !== pin.commit)
      .map(([name, pin]) => [name, { repo: loaded.parsed.config.components[name]?.repo, from: before[name], to: { version: pin.version, ...(pin.commit ? { commit: pin.commit } : {}) } }]),
  );
}

/**
 * The issues a deployment tells: those of the changelog of exactly its components' from → to
 * commits, read from the component repos as a release plans them. A failed read throws (before
 * anything is written), so no issue is silently left out; a retry reads again.
 */
export async function readDeployedIssues(opts: { github: GitHubPort; loaded: LoadedConfig; components: DeployedComponents }): Promise<IssueRef[]> {
  const { config } = opts.loaded.parsed;
  const moving = Object.entries(opts.components).filter(([name, c]) => c.from?.commit && c.to.commit && config.components[name]);
  if (moving.length === 0) return [];
  const pins: Pins = Object.fromEntries(moving.map(([name, c]) => [name, c.from!]));
  const candidates: Record<string, BuildLookup> = Object.fromEntries(
    moving.map(([name, c]) => [name, { build: { component: name, version: c.to.version, commit: c.to.commit!, url: "", finishedAt: "" } }]),
  );
  const githubUrl = new URL(opts.loaded.ops.htmlUrl).origin;
  const collected = await collectChanges({ github: opts.github, config, pins, candidates, githubUrl });
  if (collected.readErrors.length > 0) throw collected.readErrors[0];
  return releaseIssues(collected.changes);
}
