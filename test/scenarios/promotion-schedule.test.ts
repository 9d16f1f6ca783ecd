import { afterEach, describe, expect, it } from "vitest";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { RedisCoordinator } from "../../src/scheduler/redis-coordinator.js";
import { startRedisServer } from "../scheduler/redis-server.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { billingRepo, opsRepo, searchRepo, STAGING } from "./fixtures.js";

const CHAIN = `timezone: Europe/Rome
components:
  billing: { repo: acme/billing, build: { workflow: ci.yml } }
  search: { repo: acme/search, build: { checks: ["ci/circleci: build"] } }
environments:
  staging: { from: builds, schedule: "0 9 * * 1-5" }
  demo: { from: staging, schedule: "0 9 * * 5" }
  production: { from: demo, schedule: "0 9 * * 1", transitions: { workflow/ready: close } }
releaseOwners: [alice]
`;

const chainWorld = (config = CHAIN, repos: Record<string, unknown> = {}) => ({
  name: "promotion chain",
  start: "2026-11-23T08:00:00+01:00", // Monday
  repos: {
    "acme/ops": { ...opsRepo({ config }), files: { ".github/release-bot.yml": config, "environments/staging.yml": STAGING, "environments/demo.yml": STAGING, "environments/production.yml": STAGING } },
    "acme/billing": billingRepo(),
    "acme/search": searchRepo({ green: ["s0", "s1"] }),
    ...repos,
  },
});

let w: TestWorld | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await w?.close();
  w = undefined;
  for (const c of cleanups.splice(0)) await c();
});

const pull = (head: string) => w!.transcript().repos["acme/ops"].pulls.filter((p) => p.head === head).at(-1);
const say = (body: string, user = "alice") => ({ comment: { repo: "acme/ops", issue: 1, user, body } });
const deploy = (environment: string, state: "success" | "failure") => ({ deploymentStatus: { repo: "acme/ops", environment, state } });

/** Monday: staging's scheduled release opens, is merged and deploys fine (billing 1433, search s1). */
async function greenStagingMonday(): Promise<void> {
  await w!.play({ clock: "2026-11-23T09:00:00+01:00" });
  expect(pull("release-staging")?.title).toMatch(/^Release staging: billing 1431 → 1433, search 5e6f708 → [0-9a-f]{7}$/);
  await w!.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
  await w!.play(deploy("staging", "success"));
}

describe("the weekly promotion chain on the scenario clock", () => {
  it("Friday's demo PR copies only what deployed successfully to staging, and Monday's production PR copies demo", async () => {
    w = await startWorld(chainWorld());
    await greenStagingMonday();
    // Wednesday: billing 1440 goes green, is released to staging, and its deploy fails.
    await w.play({ push: { repo: "acme/billing", user: "bob", commits: [{ id: "b9", message: "Risky change (#50)", author: "bob" }] } });
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b9", runNumber: 1440, conclusion: "success" } });
    await w.play({ clock: "2026-11-25T09:00:00+01:00" });
    expect(pull("release-staging")?.title).toBe("Release staging: billing 1433 → 1440");
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play(deploy("staging", "failure"));

    // Friday 09:00: demo is promoted from staging's last *successful* deployment.
    await w.play({ clock: "2026-11-27T09:00:00+01:00" });
    const demo = pull("release-demo")!;
    expect(demo.title).toMatch(/^Release demo: billing 1431 → 1433, search 5e6f708 → [0-9a-f]{7}$/);
    expect(parseReleaseMetadata(demo.body)?.components.billing.to.version).toBe("1433");
    expect(demo.body).toContain("https://redirect.github.com/acme/billing/pull/44"); // changelog built as for builds
    await w.play({ merge: { repo: "acme/ops", head: "release-demo", user: "alice" } });
    await w.play(deploy("demo", "success"));

    // Monday 09:00: production copies demo.
    await w.play({ clock: "2026-11-30T09:00:00+01:00" });
    expect(pull("release-production")?.title).toMatch(/^Release production: billing 1431 → 1433, search 5e6f708 → [0-9a-f]{7}$/);
  });

  it("soak time holds back a version deployed upstream too recently, and the PR says until when", async () => {
    w = await startWorld(chainWorld(CHAIN.replace('demo: { from: staging, schedule: "0 9 * * 5" }', 'demo: { from: staging, schedule: "0 9 * * 5", minSoak: 48h }')));
    await greenStagingMonday();
    // search moves on Thursday; billing has soaked since Monday.
    await w.play({ push: { repo: "acme/search", user: "dave", commits: [{ id: "s9", message: "Faster index (#12)", author: "dave" }] } });
    await w.play({ checkRun: { repo: "acme/search", commit: "s9", name: "ci/circleci: build", conclusion: "success" } });
    await w.play({ clock: "2026-11-26T10:00:00+01:00" });
    await w.play(say("/release staging"));
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play(deploy("staging", "success"));
    await w.play({ clock: "2026-11-27T09:00:00+01:00" });
    const demo = pull("release-demo")!;
    expect(demo.title).toMatch(/^Release demo: billing 1431 → 1433$/);
    expect(demo.body).toMatch(/search: .* waits until 2026-11-28 10:00 \(Europe\/Rome\)/);
  });

  it("a freeze window skips the scheduled run and refuses /release, unless an admin forces it", async () => {
    const frozen = `${CHAIN}freeze:\n  - { cron: "0 0 * * 5", duration: 24h, environments: [demo], reason: Demo day }\n`;
    w = await startWorld(chainWorld(frozen));
    await greenStagingMonday();
    await w.play({ clock: "2026-11-27T09:00:00+01:00" });
    expect(pull("release-demo")).toBeUndefined();
    await w.play(say("/release demo", "bob"));
    const replies = () => w!.transcript().repos["acme/ops"].issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]");
    expect(replies().at(-1)!.body).toContain("**demo** is frozen until 2026-11-28 00:00 (Europe/Rome): Demo day. An admin or maintainer can override with `/release demo --force`.");
    await w.play(say("/release demo --force", "bob"));
    expect(replies().at(-1)!.body).toContain("needs admin or maintain rights");
    expect(pull("release-demo")).toBeUndefined();
    await w.play(say("/release demo --force", "alice"));
    expect(pull("release-demo")?.state).toBe("open");
    expect(replies().at(-1)!.body).toContain("with --force");
  });

  it("/release all releases every environment, upstream first, and says what happened to each", async () => {
    w = await startWorld(chainWorld());
    await greenStagingMonday();
    await w.play(say("/release all"));
    const reply = w.transcript().repos["acme/ops"].issues.find((i) => i.number === 1)!.comments.at(-1)!.body;
    const lines = reply.split("\n").filter((l) => l.startsWith("- **"));
    expect(lines.map((l) => l.slice(4, l.indexOf("**", 4)))).toEqual(["staging", "demo", "production"]);
    expect(lines[0]).toContain("Every component of **staging** is at its newest green build");
    expect(lines[1]).toMatch(/Opened #\d+: Release demo: billing 1431 → 1433/);
    expect(lines[2]).toContain("nothing has been deployed successfully to demo yet");
    expect(pull("release-demo")?.state).toBe("open");
    expect(pull("release-production")).toBeUndefined();
  });

  it("a deployment with no result after deployTimeout takes the failure path", async () => {
    w = await startWorld(chainWorld(CHAIN.replace('staging: { from: builds, schedule: "0 9 * * 1-5" }', 'staging: { from: builds, schedule: "0 9 * * 1-5", deployTimeout: 30m }')));
    await w.play({ clock: "2026-11-23T09:00:00+01:00" });
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "in_progress" } });
    await w.play({ clock: "2026-11-23T09:20:00+01:00" });
    expect(pull("release-staging")!.labels).not.toContain("deploy-failed");
    await w.play({ clock: "2026-11-23T09:45:00+01:00" });
    const release = pull("release-staging")!;
    expect(release.labels).toContain("deploy-failed");
    expect(release.comments.at(-1)!.body).toMatch(/no result|timed out/i);
    expect(pull("rollback-staging")?.state).toBe("open");
  });

  it("one installation's broken config does not stop another installation's scheduled release", async () => {
    const globexConfig = CHAIN.replace(/acme\//g, "globex/");
    w = await startWorld({
      ...chainWorld(),
      repos: {
        ...chainWorld().repos,
        "acme/ops": { ...opsRepo(), files: { ".github/release-bot.yml": "components: [\n", "environments/staging.yml": STAGING } },
        "globex/ops": { ...opsRepo(), files: { ".github/release-bot.yml": globexConfig, "environments/staging.yml": STAGING, "environments/demo.yml": STAGING, "environments/production.yml": STAGING } },
        "globex/billing": billingRepo(),
        "globex/search": searchRepo({ green: ["s0", "s1"] }),
      },
      installations: [{ id: 11, account: "acme" }, { id: 22, account: "globex" }],
    });
    await w.play({ clock: "2026-11-23T09:00:00+01:00" });
    expect(w.transcript().repos["globex/ops"].pulls.map((p) => p.head)).toEqual(["release-staging"]);
    expect(w.transcript().repos["acme/ops"].pulls).toEqual([]);
  });
});

describe("two replicas coordinated through Redis", () => {
  it("run each due release once", async () => {
    const redis = await startRedisServer();
    const coordinators = [new RedisCoordinator({ url: redis.url }), new RedisCoordinator({ url: redis.url })];
    cleanups.push(async () => {
      for (const c of coordinators) await c.close?.();
      await redis.stop();
    });
    // Replica one receives the webhooks; replica two only ticks.
    w = await startWorld(chainWorld(), { coordinator: coordinators[0] });
    const { startBot } = await import("../../src/harness/start-bot.js");
    const replica = await startBot({ github: { ...w.sandbox, setWebhookTarget: () => undefined }, coordinator: coordinators[1] });
    cleanups.unshift(() => replica.close());
    await w.play({ clock: "2026-11-23T09:00:00+01:00" });
    await replica.idle();
    await w.sandbox.settle();
    const writes = w.transcript().writes.map((x) => x.route);
    expect(writes.filter((r) => r === "POST /repos/{owner}/{repo}/pulls")).toHaveLength(1);
    expect(writes.filter((r) => r === "POST /repos/{owner}/{repo}/git/commits")).toHaveLength(1);
    expect(w.transcript().repos["acme/ops"].pulls).toHaveLength(1);
  });
});
