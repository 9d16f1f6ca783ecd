import type { MetadataSeal } from "../domain/metadata-seal.js";
import { PinEditError } from "../domain/pin-edit-error.js";
import { planRelease, releaseBranch } from "../domain/plan-release.js";
import { renderReleaseBody } from "../domain/render-release-body.js";
import { renderConfigBlocked, renderNothingToRelease, renderNotConfigured, renderPinFilesBlocked } from "../domain/render-release-outcomes.js";
import type { ConfigProblem } from "../domain/parse-config.js";
import type { Config } from "../domain/config-schema.js";
import type { Pins } from "../domain/types.js";
import type { GitHubPort } from "../github/github-port.js";
import { findPromotionCandidates } from "./find-promotion-candidates.js";
import { applyRelease, type ReleaseOutcome } from "./apply-release.js";
import { collectChanges } from "./collect-changes.js";
import { findCommitsOfVersions, findLatestBuilds } from "./find-latest-builds.js";
import { readComponentWindows } from "./read-component-windows.js";
import type { ReleasePlanCache } from "./release-plan-cache.js";
import type { LoadedConfig } from "./load-ops-config.js";
import { ReadFailedError } from "./read-failed.js";
import { editEnvironmentPins, readEnvironmentPins, type EnvironmentPins } from "./read-environment-pins.js";

const storesCommit = (read: EnvironmentPins, component: string): boolean => {
  const location = read.pinned[component]?.location;
  return location?.kind === "path" && location.commitPath !== undefined;
};

/** The files that pin `components` (in first-use order), or the environment's first pin file when none moves. */
const filesOfChanges = (read: EnvironmentPins, components: string[]): string[] => {
  const files = [...new Set(components.map((name) => read.pinned[name]?.file).filter((f): f is string => Boolean(f)))];
  return files.length > 0 ? files : [...new Set(Object.values(read.pinned).map((p) => p.file))].slice(0, 1);
};

/** The pins that store only a version: their commit is found from it (the build lookup's runs and tags). */
const versionOnly = (pins: Pins): Record<string, string> => Object.fromEntries(Object.entries(pins).filter(([, pin]) => !pin.commit).map(([name, pin]) => [name, pin.version]));

/** Problems that keep one environment from releasing: config errors that block it, and its pin files' own. */
export async function environmentProblems(opts: { github: GitHubPort; loaded: LoadedConfig; environment: string }): Promise<{ problems: ConfigProblem[]; pins?: EnvironmentPins }> {
  const { github, loaded, environment } = opts;
  const { config, problems } = loaded.parsed;
  const blocking = problems.filter((p) => p.environments === "all" || p.environments.includes(environment));
  if (!config.environments[environment] || blocking.length > 0) return { problems: blocking };
  const pins = await readEnvironmentPins({ github, loaded, environment, ref: loaded.ops.head });
  return { problems: pins.problems, pins };
}

/**
 * Step 1 of the release process for one environment: plan from the latest green builds (or, for a
 * promotion, the source's successfully deployed versions), then apply. Every read happens before
 * the first write; one that fails throws (a `ReadFailedError` or the `GitHubError`), so a GitHub
 * outage never closes the open PR, never opens one without its changelog, never says "nothing to release".
 */
export async function releaseEnvironment(opts: {
  github: GitHubPort;
  loaded: LoadedConfig;
  environment: string;
  now: Date;
  seal?: MetadataSeal;
  /** Plans kept by this process: a plan made here is kept, and with `only` a kept one is reused. */
  plans?: ReleasePlanCache;
  /** A refresh after these components' builds: only they are planned again when a kept plan is still current. */
  only?: string[];
}): Promise<ReleaseOutcome> {
  const { github, loaded, environment } = opts;
  const { config } = loaded.parsed;
  const envConfig = config.environments[environment];
  const blocking = loaded.parsed.problems.filter((p) => p.environments === "all" || p.environments.includes(environment));
  if (blocking.length > 0) {
    return { kind: "blocked", environment, message: renderConfigBlocked({ environment, problems: blocking }) };
  }
  if (!envConfig) {
    return { kind: "blocked", environment, message: renderNotConfigured({ environment, known: Object.keys(config.environments) }) };
  }
  const { problems, pins: read } = await environmentProblems(opts);
  if (problems.length > 0 || !read) {
    return { kind: "blocked", environment, message: renderConfigBlocked({ environment, problems }) };
  }
  const { pins } = read;
  const promoted = envConfig.from !== "builds";
  const githubUrl = new URL(loaded.ops.htmlUrl).origin;
  const where = { repo: loaded.ops.repo, environment };
  const openBody = loaded.snapshot?.branches?.[releaseBranch(environment)]?.pulls[0]?.body;
  const kept = !promoted && opts.only && opts.plans ? opts.plans.current({ ...where, head: loaded.ops.head, body: openBody }) : undefined;
  // Only the built components are planned again; every other one keeps what the kept plan (the open PR) says.
  const planned = kept ? Object.fromEntries(Object.entries(pins).filter(([name]) => opts.only!.includes(name))) : pins;
  const collected = promoted
    ? await collectPromotion({ github, loaded, environment, pins, now: opts.now, githubUrl })
    : await collectFromBuilds({ github, config, pins: planned, githubUrl });
  // A failed compare or pull-request read is not "changelog unavailable": abandon before any write.
  if (collected.readErrors.length > 0) throw new ReadFailedError({ what: `the changelog of ${environment}`, cause: collected.readErrors[0] });
  // What the files will show: a location that stores no commit records none, so the seal matches git at merge.
  const fresh = collected.changes.map((c) => (storesCommit(read, c.component) ? c : { ...c, to: { version: c.to.version, ...(c.to.url ? { url: c.to.url } : {}) } }));
  const replanned = (name: string) => name in planned;
  const byName = <T extends { component: string }>(list: T[]) => list.sort((a, b) => a.component.localeCompare(b.component));
  const changes = byName([...(kept?.changes.filter((c) => !replanned(c.component)) ?? []), ...fresh]);
  const skipped = kept ? [...byName([...kept.skipped.filter((c) => !replanned(c.component)), ...collected.skipped])] : collected.skipped;
  let files: Record<string, string>;
  try {
    files = editEnvironmentPins({ pins: read, changes: Object.fromEntries(changes.map((c) => [c.component, { version: c.to.version, commit: c.to.commit }])) });
  } catch (error) {
    // A value the bot cannot change without touching something else (an alias): no retry helps, the file must change.
    if (!(error instanceof PinEditError)) throw error;
    return { kind: "blocked", environment, message: renderPinFilesBlocked({ environment, reason: error.message }) };
  }
  const release = planRelease({ environment, files: filesOfChanges(read, changes.map((c) => c.component)), changes, skipped });
  const body = renderReleaseBody({ release, opsRepo: loaded.ops.repo, links: config.links, githubUrl, seal: opts.seal });
  const noteWhenEmpty = renderNothingToRelease({ environment, from: envConfig.from, skipped });
  const outcome = await applyRelease({ github, ops: loaded.ops, plan: { release, files, title: release.title, body, noteWhenEmpty }, snapshot: loaded.snapshot });
  if (opts.plans && !promoted) {
    if (outcome.kind === "opened" || outcome.kind === "updated" || outcome.kind === "unchanged") opts.plans.keep({ ...where, plan: { head: loaded.ops.head, body, changes, skipped } });
    else opts.plans.forget(where);
  }
  return outcome;
}

type Collected = Awaited<ReturnType<typeof collectChanges>>;

/** From builds: every component's branch window in one query; the REST lookup and compare only for what the windows cannot tell. */
async function collectFromBuilds(opts: { github: GitHubPort; config: Config; pins: Pins; githubUrl: string }): Promise<Collected> {
  const { github, config, pins } = opts;
  const windows = await readComponentWindows({ github, config, pins, pinnedVersions: versionOnly(pins) });
  const rest = Object.keys(pins).filter((name) => !windows.lookups[name]);
  const restPins = Object.fromEntries(rest.map((name) => [name, pins[name]]));
  const fromRest = rest.length > 0 ? await findLatestBuilds({ github, config, components: rest, pinnedVersions: versionOnly(restPins) }) : {};
  const candidates = { ...windows.lookups, ...fromRest };
  return collectChanges({ github, config, pins, candidates, githubUrl: opts.githubUrl, known: windows });
}

/** A promotion: the source's deployed versions (soak and order say which may move), compared from the target's pins. */
async function collectPromotion(opts: { github: GitHubPort; loaded: LoadedConfig; environment: string; pins: Pins; now: Date; githubUrl: string }): Promise<Collected> {
  const { github, loaded, pins } = opts;
  const { config } = loaded.parsed;
  const { candidates, waiting } = await findPromotionCandidates({ github, loaded, environment: opts.environment, components: Object.keys(pins), now: opts.now });
  // The target's own version-only pins: the commit each version was built from, to compare from.
  const wanted = versionOnly(pins);
  const found = Object.keys(wanted).length > 0 ? await findCommitsOfVersions({ github, config, versions: Object.fromEntries(Object.entries(wanted).map(([name, v]) => [name, [v]])) }) : {};
  for (const [name, version] of Object.entries(wanted)) if (candidates[name] && found[name]?.[version]) candidates[name] = { ...candidates[name], pinned: found[name][version] };
  const waitingNames = new Set(waiting.map((w) => w.component));
  const movable = Object.fromEntries(Object.entries(pins).filter(([name]) => !waitingNames.has(name)));
  const collected = await collectChanges({ github, config, pins: movable, candidates, githubUrl: opts.githubUrl });
  return { ...collected, skipped: [...waiting, ...collected.skipped] };
}
