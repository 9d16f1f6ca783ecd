import { sign } from "@octokit/webhooks-methods";
import { afterEach, describe, expect, it } from "vitest";
import { OpsConfigCache } from "../../src/use-cases/ops-config-cache.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { CONFIG, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** Requests the bot sent while `step` played (the clock moves 1 minute per tick; no sweep slot is crossed before 08:05Z). */
async function requestsDuring(w: TestWorld, steps: Record<string, unknown>[]): Promise<number> {
  const before = w.transcript().api;
  for (const step of steps) await w.play(step);
  const after = w.transcript().api;
  return after.requests - before.requests;
}

const minute = (m: number) => ({ clock: `2026-11-23T09:0${m}:00+01:00` });

/** The bot's first tick reconciles (a start); the ticks measured come after it. */
async function started(w: TestWorld): Promise<TestWorld> {
  await w.play(minute(1));
  return w;
}

/** Posts a signed webhook to the bot, as GitHub does (the sandbox sends no installation events). */
async function deliver(w: TestWorld, event: string, payload: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`${w.bot.url}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": `test-${event}-${Date.now()}`, "x-hub-signature-256": await sign(w.sandbox.webhookSecret, body) },
    body,
  });
  return response.status;
}

describe("the scheduler's config cache", () => {
  it("idle ticks ask GitHub nothing (uncached: 3 a tick, listing the installations and their repos, reading the configs)", async () => {
    const cache = new OpsConfigCache({ now: () => Date.now() });
    w = await started(await startWorld(world(), { app: { configCache: cache } }));
    expect(await requestsDuring(w, [minute(2), minute(3), minute(4)])).toBe(0);
    await w.close();
    // The same four ticks with nothing kept (ttl 0): the cost before the cache.
    const uncached = new OpsConfigCache({ now: () => Date.now(), ttlMs: 0 });
    w = await started(await startWorld(world(), { app: { configCache: uncached } }));
    expect(await requestsDuring(w, [minute(2), minute(3), minute(4)])).toBe(9);
  });

  it("a push to the ops repo's default branch that touches the config is read at the next tick; other pushes keep the cache", async () => {
    const cache = new OpsConfigCache({ now: () => Date.now() });
    w = await started(await startWorld(world(), { app: { configCache: cache } }));
    const invalidations = cache.stats.invalidations;
    // A feature branch: the push handler ignores it, and the next tick still costs nothing.
    expect(await requestsDuring(w, [{ push: { repo: "acme/ops", branch: "feature", user: "alice", commits: [{ message: "WIP", author: "alice", files: { "NOTES.md": "x\n" } }] } }, minute(2)])).toBe(0);
    expect(cache.stats.invalidations).toBe(invalidations);
    // The default branch, but not the config (its commits list RUNBOOK.md only): kept.
    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "Docs", author: "alice", files: { "RUNBOOK.md": "# Runbook\n" } }] } });
    expect(cache.stats.invalidations).toBe(invalidations);
    expect(await requestsDuring(w, [minute(3)])).toBe(0);
    // The config itself: dropped at once; the next tick lists the repos and reads the configs again (2), then nothing.
    await w.play({ push: { repo: "acme/ops", user: "alice", commits: [{ message: "Config", author: "alice", files: { ".github/release-bot.yml": `${CONFIG}# reviewed\n` } }] } });
    expect(cache.stats.invalidations).toBe(invalidations + 1);
    expect(await requestsDuring(w, [minute(4)])).toBe(2);
  });

  it("hostile: a push of 20 commits (a list GitHub may have shortened) is never trusted to have left the config alone", async () => {
    const cache = new OpsConfigCache({ now: () => Date.now() });
    w = await started(await startWorld(world(), { app: { configCache: cache } }));
    const invalidations = cache.stats.invalidations;
    const commits = Array.from({ length: 20 }, (_, i) => ({ message: `Docs ${i}`, author: "alice", files: { "RUNBOOK.md": `# Runbook ${i}\n` } }));
    await w.play({ push: { repo: "acme/ops", user: "alice", commits } });
    expect(cache.stats.invalidations).toBe(invalidations + 1);
    expect(await requestsDuring(w, [minute(2)])).toBe(2);
  });

  it("installation and installation_repositories events drop what they change", async () => {
    const cache = new OpsConfigCache({ now: () => Date.now() });
    w = await started(await startWorld(world(), { app: { configCache: cache } }));
    const installation = { id: [...w.sandbox.world.installations.keys()][0] };
    expect(await deliver(w, "installation_repositories", { action: "added", installation, repositories_added: [], repositories_removed: [], repository_selection: "all", sender: { login: "alice" } })).toBe(200);
    // Only that installation's configs: listed and read again at the next tick (2).
    expect(await requestsDuring(w, [minute(2)])).toBe(2);
    expect(await deliver(w, "installation", { action: "new_permissions_accepted", installation, sender: { login: "alice" } })).toBe(200);
    // The installation list too (GET /app/installations), and the configs (2).
    expect(await requestsDuring(w, [minute(3)])).toBe(3);
    expect(await requestsDuring(w, [minute(4)])).toBe(0);
  });

  it("a build refresh finds its ops repos in the cache: no listing, no config read", async () => {
    const cache = new OpsConfigCache({ now: () => Date.now() });
    w = await started(await startWorld(world(), { app: { configCache: cache } }));
    const routes = () => w!.transcript().api.byRoute;
    const listings = routes()["GET /installation/repositories"] ?? 0;
    // A green run of a workflow no ops repo uses: the lookup alone, from memory.
    expect(await requestsDuring(w, [{ workflowRun: { repo: "acme/billing", workflow: "lint.yml", commit: "b2", runNumber: 7, conclusion: "success" } }])).toBe(0);
    expect(routes()["GET /installation/repositories"] ?? 0).toBe(listings);
  });
});
