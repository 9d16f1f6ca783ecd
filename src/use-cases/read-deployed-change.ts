import type { DeploymentPayload } from "../domain/deployment-payload.js";
import { releaseIssues } from "../domain/plan-release.js";
import type { IssueRef, Pins } from "../domain/types.js";
import type { GitHubPort } from "../github/github-port.js";
import { collectChanges } from "./collect-changes.js";
import { findCommitsOfVersions, type BuildLookup } from "./find-latest-builds.js";
import type { LoadedConfig } from "./load-ops-config.js";
import { readEnvironmentPins } from "./read-environment-pins.js";

export type DeployedComponents = DeploymentPayload["components"];

/**
 * What a merge deploys, from git alone: the components whose pin in the environment's files differs
 * between the merge commit and `live` (the commit last deployed successfully there), or the merge's
 * first parent when nothing is known to be live. Never from PR text, which anyone with access to
 * the PR can edit. Comparing with what is live also shows a pin that reached the default branch
 * without being deployed (a refused fork PR, a push).
 */
export async function readDeployedComponents(opts: { github: GitHubPort; loaded: LoadedConfig; environment: string; mergeSha: string; live?: string }): Promise<DeployedComponents> {
  const { github, loaded, environment } = opts;
  const [parent] = opts.live ? [opts.live] : await github.history.getCommitParents(loaded.ops.repo, opts.mergeSha);
  // Every pin file of the environment (one or many, any layout), as git shows them.
  const pinsAt = async (ref: string | undefined): Promise<Pins> => (ref ? (await readEnvironmentPins({ github, loaded, environment, ref })).pins : {});
  const [before, after] = await Promise.all([pinsAt(parent), pinsAt(opts.mergeSha)]);
  return Object.fromEntries(
    Object.entries(after)
      .filter(([name, pin]) => before[name]?.version !== pin.version || before[name]?.commit !== pin.commit)
      .map(([name, pin]) => [name, { repo: loaded.parsed.config.components[name]?.repo, from: before[name], to: { version: pin.version, ...(pin.commit ? { commit: pin.commit } : {}) } }]),
  );
}

/**
 * The issues a deployment tells: those of the changelog of exactly its components' from → to
 * commits, read from the component repos as a release plans them (a pin that stores only its
 * version compares from the commit that version was built from). A failed read throws (before
 * anything is written), so no issue is silently left out; a retry reads again.
 */
export async function readDeployedIssues(opts: { github: GitHubPort; loaded: LoadedConfig; components: DeployedComponents }): Promise<IssueRef[]> {
  const { config } = opts.loaded.parsed;
  const known = Object.entries(opts.components).filter(([name, c]) => c.from && config.components[name]);
  // Pins that store only their version: find the commits those versions were built from.
  const versions: Record<string, string[]> = {};
  for (const [name, c] of known) {
    const missing = [...(c.from!.commit ? [] : [c.from!.version]), ...(c.to.commit ? [] : [c.to.version])];
    if (missing.length > 0) versions[name] = missing;
  }
  const found = Object.keys(versions).length > 0 ? await findCommitsOfVersions({ github: opts.github, config, versions }) : {};
  const commitOf = (name: string, pin: { version: string; commit?: string }): string | undefined => pin.commit ?? (found[name]?.[pin.version]?.commit || undefined);
  const moving = known.flatMap(([name, c]) => {
    const from = commitOf(name, c.from!);
    const to = commitOf(name, c.to);
    return from && to ? [{ name, from: { ...c.from!, commit: from }, to: { version: c.to.version, commit: to } }] : [];
  });
  if (moving.length === 0) return [];
  const pins: Pins = Object.fromEntries(moving.map((m) => [m.name, m.from]));
  const candidates: Record<string, BuildLookup> = Object.fromEntries(
    moving.map((m) => [m.name, { build: { component: m.name, version: m.to.version, commit: m.to.commit, url: "", finishedAt: "" } }]),
  );
  const githubUrl = new URL(opts.loaded.ops.htmlUrl).origin;
  const collected = await collectChanges({ github: opts.github, config, pins, candidates, githubUrl });
  if (collected.readErrors.length > 0) throw collected.readErrors[0];
  return releaseIssues(collected.changes);
}
