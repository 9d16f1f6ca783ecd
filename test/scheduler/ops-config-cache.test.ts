import { describe, expect, it } from "vitest";
import { parseOpsRepoFilter } from "../../src/domain/ops-repo-filter.js";
import type { GitHubPort } from "../../src/github/github-port.js";
import { OpsConfigCache } from "../../src/use-cases/ops-config-cache.js";

/** A port whose config reads are counted and, when `hold` is set, wait until released. */
function fakePort(texts: Record<string, string | null>) {
  const state = { lists: 0, reads: 0, texts, hold: null as null | Promise<void> };
  const repos = {
    listInstallationRepos: async () => {
      state.lists++;
      return Object.keys(state.texts);
    },
    findOpsConfigs: async (names: string[]) => {
      state.reads++;
      const snapshot = { ...state.texts };
      if (state.hold) await state.hold;
      return Object.fromEntries(names.map((n) => [n, snapshot[n] ?? null]));
    },
  };
  return { state, github: { repos } as unknown as GitHubPort };
}

const opsRepos = parseOpsRepoFilter(undefined);

describe("the ops config cache", () => {
  it("serves an installation's configs from memory until invalidated, leaving out repos without one", async () => {
    let now = 0;
    const cache = new OpsConfigCache({ now: () => now, ttlMs: 60_000 });
    const { state, github } = fakePort({ "acme/ops": "a: 1", "acme/app": null });
    expect(await cache.configs({ installationId: 1, github, opsRepos })).toEqual({ "acme/ops": "a: 1" });
    now += 59_000;
    await cache.configs({ installationId: 1, github, opsRepos });
    expect([state.lists, state.reads]).toEqual([1, 1]);
    cache.invalidate({ kind: "installation", installationId: 2 });
    await cache.configs({ installationId: 1, github, opsRepos });
    expect([state.lists, state.reads]).toEqual([1, 1]);
    cache.invalidate({ kind: "installation", installationId: 1 });
    await cache.configs({ installationId: 1, github, opsRepos });
    expect([state.lists, state.reads]).toEqual([2, 2]);
  });

  it("reads again after the ttl (the safety net for a missed invalidation)", async () => {
    let now = 0;
    const cache = new OpsConfigCache({ now: () => now, ttlMs: 60_000 });
    const { state, github } = fakePort({ "acme/ops": "a: 1" });
    await cache.configs({ installationId: 1, github, opsRepos });
    now += 60_000;
    state.texts["acme/ops"] = "a: 2";
    expect(await cache.configs({ installationId: 1, github, opsRepos })).toEqual({ "acme/ops": "a: 2" });
  });

  it("a read in flight when a push invalidates is never served to a later caller", async () => {
    const cache = new OpsConfigCache({ now: () => 0 });
    const { state, github } = fakePort({ "acme/ops": "old" });
    let release!: () => void;
    state.hold = new Promise<void>((resolve) => (release = resolve));
    const tick = cache.configs({ installationId: 1, github, opsRepos });
    // The read took its snapshot; the push lands now and invalidates while it is in flight.
    await new Promise((resolve) => setImmediate(resolve));
    state.texts["acme/ops"] = "new";
    cache.invalidate({ kind: "installation", installationId: 1 });
    state.hold = null;
    release();
    expect(await tick).toEqual({ "acme/ops": "old" });
    expect(await cache.configs({ installationId: 1, github, opsRepos })).toEqual({ "acme/ops": "new" });
    expect(state.reads).toBe(2);
  });

  it("concurrent callers share one read; a failed read is not kept", async () => {
    const cache = new OpsConfigCache({ now: () => 0 });
    const { state, github } = fakePort({ "acme/ops": "a: 1" });
    await Promise.all([1, 2, 3].map(() => cache.configs({ installationId: 1, github, opsRepos })));
    expect(state.reads).toBe(1);
    const failing = { repos: { listInstallationRepos: async () => Promise.reject(new Error("502")) } } as unknown as GitHubPort;
    await expect(cache.configs({ installationId: 9, github: failing, opsRepos })).rejects.toThrow("502");
    expect(await cache.configs({ installationId: 9, github, opsRepos })).toEqual({ "acme/ops": "a: 1" });
  });

  it("the installation list is kept until an installation event; local invalidations reach listeners, remote ones do not echo", async () => {
    const cache = new OpsConfigCache({ now: () => 0 });
    let lists = 0;
    const load = async () => [++lists];
    await cache.installations(load);
    await cache.installations(load);
    expect(lists).toBe(1);
    const heard: unknown[] = [];
    cache.onInvalidate((i) => heard.push(i));
    cache.invalidate({ kind: "installations" });
    cache.invalidate({ kind: "all" }, { publish: false });
    await cache.installations(load);
    expect(lists).toBe(2);
    expect(heard).toEqual([{ kind: "installations" }]);
  });
});
