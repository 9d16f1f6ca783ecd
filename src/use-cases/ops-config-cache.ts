/**
 * What the scheduler and the build-refresh path need on every tick and every build, kept in the
 * process so that an idle tick makes no request: the app's installations, and per installation
 * the config text of each of its ops repos (`.github/release-bot.yml` on the default branch).
 *
 * Invalidation (be correct rather than clever):
 * - any push to the default branch of a repository the ops-repo filter allows drops its
 *   installation's configs (a push may add, change or remove the config; pushes to other
 *   branches keep them), before the push is processed;
 * - `installation` events drop the installation list and that installation's configs;
 *   `installation_repositories` and `repository` events drop that installation's configs;
 * - an invalidation from another replica (Redis pub/sub, see redis-config-invalidations.ts);
 * - a safety net: an entry older than `ttlMs` is read again (a replica that missed a message, a
 *   delivery GitHub never made).
 *
 * Races: an entry is the promise of its read, stored when the read starts; an invalidation
 * deletes it, so a read that was in flight when a push arrived serves only the callers that were
 * already waiting for it (the tick in progress) and is never served again. A failed read is not
 * kept. Time comes from `now` (the app's clock).
 */
import type { OpsRepoFilter } from "../domain/ops-repo-filter.js";
import type { RepoName } from "../domain/types.js";
import type { GitHubPort } from "../github/github-port.js";
import { CONFIG_PATH } from "./load-ops-config.js";

/** How long an entry is trusted without an invalidation: a bound on what a missed invalidation can cost. */
export const DEFAULT_CONFIG_CACHE_TTL_MS = 15 * 60_000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/** An invalidation, as published to other replicas. */
export type ConfigInvalidation = { kind: "installations" } | { kind: "installation"; installationId: number } | { kind: "all" };

export class OpsConfigCache {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private installationList: Entry<unknown> | undefined;
  private readonly configsByInstallation = new Map<number, Entry<Record<RepoName, string>>>();
  /** Told of every local invalidation (e.g. to publish it to other replicas). */
  private readonly listeners: ((invalidation: ConfigInvalidation) => void)[] = [];
  readonly stats = { hits: 0, reads: 0, invalidations: 0 };

  constructor(opts: { now: () => number; ttlMs?: number }) {
    this.now = opts.now;
    this.ttlMs = opts.ttlMs ?? DEFAULT_CONFIG_CACHE_TTL_MS;
  }

  /** The app's installations, listed by `load` on a miss. */
  installations<T>(load: () => Promise<T>): Promise<T> {
    const fresh = this.fresh(this.installationList);
    if (fresh) return fresh as Promise<T>;
    const entry = this.start(load);
    this.installationList = entry;
    void entry.value.catch(() => {
      if (this.installationList === entry) this.installationList = undefined;
    });
    return entry.value;
  }

  /** The config text of each ops repo of an installation (repos without one are left out); one listing and one batched read on a miss. */
  configs(opts: { installationId: number; github: GitHubPort; opsRepos: OpsRepoFilter }): Promise<Record<RepoName, string>> {
    const { installationId } = opts;
    const fresh = this.fresh(this.configsByInstallation.get(installationId));
    if (fresh) return fresh;
    const entry = this.start(() => readConfigs(opts));
    this.configsByInstallation.set(installationId, entry);
    void entry.value.catch(() => {
      if (this.configsByInstallation.get(installationId) === entry) this.configsByInstallation.delete(installationId);
    });
    return entry.value;
  }

  /**
   * Whether `repo` is known to have no config (the installation's configs are cached, fresh and read, and it is
   * not among them); false when that is not known without a read.
   */
  async knownWithoutConfig(opts: { installationId: number; repo: RepoName }): Promise<boolean> {
    const entry = this.configsByInstallation.get(opts.installationId);
    const fresh = this.fresh(entry);
    if (!fresh) return false;
    const configs = await fresh.catch(() => undefined);
    return configs !== undefined && !Object.keys(configs).some((name) => name.toLowerCase() === opts.repo.toLowerCase());
  }

  /** Drops what an invalidation names; `publish: false` for one that came from another replica. */
  invalidate(invalidation: ConfigInvalidation, opts: { publish?: boolean } = {}): void {
    this.stats.invalidations++;
    if (invalidation.kind === "all") {
      this.installationList = undefined;
      this.configsByInstallation.clear();
    } else if (invalidation.kind === "installations") {
      this.installationList = undefined;
    } else {
      this.configsByInstallation.delete(invalidation.installationId);
    }
    if (opts.publish !== false) for (const listener of this.listeners) listener(invalidation);
  }

  /** Registers a listener of local invalidations. */
  onInvalidate(listener: (invalidation: ConfigInvalidation) => void): void {
    this.listeners.push(listener);
  }

  private fresh<T>(entry: Entry<T> | undefined): Promise<T> | undefined {
    if (!entry || this.now() - entry.at >= this.ttlMs || this.now() < entry.at) return undefined;
    this.stats.hits++;
    return entry.value;
  }

  private start<T>(load: () => Promise<T>): Entry<T> {
    this.stats.reads++;
    return { at: this.now(), value: load() };
  }
}

/** The config text of each ops repo an installation's port sees (uncached): one listing, one batched read. */
export async function readConfigs(opts: { github: GitHubPort; opsRepos: OpsRepoFilter }): Promise<Record<RepoName, string>> {
  const repos = (await opts.github.repos.listInstallationRepos()).filter((repo) => opts.opsRepos.allows(repo));
  if (repos.length === 0) return {};
  const texts = await opts.github.repos.findOpsConfigs(repos, CONFIG_PATH);
  const configs: Record<RepoName, string> = {};
  for (const [repo, text] of Object.entries(texts)) if (text !== null) configs[repo] = text;
  return Object.freeze(configs);
}
