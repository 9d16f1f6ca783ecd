/**
 * Downtime across a scheduled run, through the real bot: the sandbox kills it (`crash`), the
 * clock moves past a scheduled time, and a fresh process starts (`restart`). The schedule record
 * lives in a real redis-server (REDIS_URL's coordinator), so it survives the process.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { startRestartableBot } from "../../src/harness/start-bot.js";
import { createCoordinator } from "../../src/scheduler/run-coordinator.js";
import { startRedisServer, type RedisServer } from "../scheduler/redis-server.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { billingRepo, opsRepo, searchRepo, STAGING } from "./fixtures.js";

const CONFIG = `timezone: Europe/Rome
components:
  billing: { repo: acme/billing, build: { workflow: ci.yml } }
  search: { repo: acme/search, build: { checks: ["ci/circleci: build"] } }
environments:
  staging: { from: builds, schedule: "0 9 * * 1-5" }
releaseOwners: [alice]
`;

const world = (config = CONFIG) => ({
  name: "downtime across a scheduled run",
  start: "2026-11-23T08:00:00+01:00", // Monday
  repos: {
    "acme/ops": { ...opsRepo({ config }), files: { ".github/release-bot.yml": config, "environments/staging.yml": STAGING } },
    "acme/billing": billingRepo(),
    "acme/search": searchRepo({ green: ["s0", "s1"] }),
  },
});

const OPENS = "POST /repos/{owner}/{repo}/pulls";

let redis: RedisServer;
let admin: Redis;
let w: TestWorld | undefined;
const cleanups: (() => Promise<void>)[] = [];
const coordinator = () => {
  const c = createCoordinator({ redisUrl: redis.url });
  cleanups.push(async () => c.close?.());
  return c;
};

beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  await admin?.quit();
  await redis?.stop();
});
beforeEach(async () => {
  await admin.flushall();
});
afterEach(async () => {
  await w?.close();
  w = undefined;
  for (const c of cleanups.splice(0)) await c();
});

const MARKS = "refs/release-bot/schedule/";
/** The scheduled runs' marks in the ops repo (hidden refs). */
const marks = () => [...w!.sandbox.world.repo("acme/ops").refs.keys()].filter((r) => r.startsWith(MARKS)).sort();
const pulls = () => w!.transcript().repos["acme/ops"].pulls.filter((p) => p.head === "release-staging");

/** Up at 08:30 (a tick records it), killed, and the clock moves to `downUntil` while it is down. */
async function crashBefore0900(downUntil: string): Promise<void> {
  await w!.play({ clock: "2026-11-23T08:30:00+01:00" });
  await w!.play({ crash: {} });
  await w!.play({ clock: downUntil });
  expect(pulls()).toEqual([]);
}

describe("a scheduled run missed while the bot was down", () => {
  it("runs once when the bot comes back; a second restart opens or edits nothing more", async () => {
    w = await startWorld(world(), { coordinator: coordinator() });
    await crashBefore0900("2026-11-23T09:30:00+01:00");
    w.takeWrites();
    await w.play({ restart: {} });
    expect(pulls()).toHaveLength(1);
    expect(pulls()[0].title).toMatch(/^Release staging: billing 1431 → 1433, search 5e6f708 → [0-9a-f]{7}$/);
    expect(w.takeWrites().filter((x) => x.route === OPENS)).toHaveLength(1);

    await w.play({ restart: {} });
    await w.play({ clock: "2026-11-23T09:45:00+01:00" });
    expect(w.takeWrites()).toEqual([]);
    expect(pulls()).toHaveLength(1);
    // Redis keeps the record: no marks in GitHub.
    expect(marks()).toEqual([]);
  });

  it("with two due runs missed, only the latest runs: as many requests as for one missed run", async () => {
    const catchUpCost = async (downUntil: string) => {
      w = await startWorld(world(), { coordinator: coordinator() });
      await crashBefore0900(downUntil);
      const before = w.transcript().api.requests;
      await w.play({ restart: {} });
      const cost = w.transcript().api.requests - before;
      expect(pulls()).toHaveLength(1);
      expect(w.transcript().writes.filter((x) => x.route === OPENS)).toHaveLength(1);
      await w.close();
      w = undefined;
      await admin.flushall();
      return cost;
    };
    const one = await catchUpCost("2026-11-23T09:30:00+01:00"); // Monday's run missed
    const two = await catchUpCost("2026-11-24T09:30:00+01:00"); // Monday's and Tuesday's
    expect(two).toBe(one);
  });

  it("a run due in a freeze window stays skipped after the restart", async () => {
    const frozen = CONFIG.replace("releaseOwners:", 'freeze:\n  - { from: "2026-11-23", to: "2026-11-23", reason: Audit }\nreleaseOwners:');
    w = await startWorld(world(frozen), { coordinator: coordinator() });
    await crashBefore0900("2026-11-23T09:30:00+01:00");
    w.takeWrites();
    await w.play({ restart: {} });
    expect(w.takeWrites()).toEqual([]);
    expect(pulls()).toEqual([]);
  });

  it("the first start of the bot makes nothing up from before it existed", async () => {
    w = await startWorld({ ...world(), start: "2026-11-23T09:30:00+01:00" }, { coordinator: coordinator() });
    await w.play({ clock: "2026-11-23T09:40:00+01:00" });
    expect(w.transcript().writes).toEqual([]);
  });

});

/**
 * Without Redis, the record is kept in GitHub: each scheduled run leaves a hidden ref
 * `refs/release-bot/schedule/<env>/<due instant>` once done, and a fresh process reads them.
 */
describe("without Redis, the scheduled runs' marks in GitHub", () => {
  const green1434 = { workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b2", runNumber: 1434, conclusion: "success" } };

  /** Monday's 09:00 run happens with the bot up (it opens the PR and leaves its mark), then the bot dies before Tuesday's. */
  async function ranMondayThenDown(downUntil: string): Promise<void> {
    await w!.play({ clock: "2026-11-23T09:05:00+01:00" });
    expect(pulls()).toHaveLength(1);
    expect(marks()).toEqual([`${MARKS}staging/20261123T080000Z`]);
    await w!.play({ clock: "2026-11-24T08:30:00+01:00" });
    await w!.play({ crash: {} });
    // A green build lands while the bot is down: its workflow_run delivery fails.
    await w!.play(green1434);
    await w!.play({ clock: downUntil });
  }

  it("a run missed while down runs once on return, from the marks alone; the next restart runs nothing again", async () => {
    w = await startWorld(world());
    await ranMondayThenDown("2026-11-24T09:30:00+01:00");
    expect(pulls()[0].title).toMatch(/billing 1431 → 1433,/);
    w.takeWrites();
    await w.play({ restart: {} });
    // Tuesday's run ran late: the open PR now ships the build that landed while the bot was down.
    expect(pulls()).toHaveLength(1);
    expect(pulls()[0].title).toMatch(/billing 1431 → 1434,/);
    // The mark moved on: Monday's is dropped, Tuesday's written after the run.
    expect(marks()).toEqual([`${MARKS}staging/20261124T080000Z`]);
    const writes = w.takeWrites().map((x) => x.route);
    expect(writes.filter((r) => r === OPENS)).toEqual([]);
    expect(writes.filter((r) => r.startsWith("POST /repos/{owner}/{repo}/git/refs"))).toHaveLength(1);

    await w.play({ restart: {} });
    await w.play({ clock: "2026-11-24T09:45:00+01:00" });
    expect(w.takeWrites()).toEqual([]);
  });

  it("a restart after a run that happened makes nothing up, and the start reads the marks once", async () => {
    w = await startWorld(world());
    await w.play({ clock: "2026-11-23T09:05:00+01:00" });
    w.takeWrites();
    const markReads = () => w!.transcript().api.byRoute["GET /repos/{owner}/{repo}/git/matching-refs/{ref}"] ?? 0;
    const before = markReads();
    await w.play({ restart: {} });
    await w.play({ clock: "2026-11-23T09:20:00+01:00" });
    expect(w.takeWrites()).toEqual([]);
    expect(pulls()).toHaveLength(1);
    expect(markReads() - before).toBe(1);
  });

  it("an environment that never ran under the bot has nothing made up", async () => {
    w = await startWorld(world());
    await crashBefore0900("2026-11-23T09:30:00+01:00");
    await w.play({ restart: {} });
    expect(pulls()).toEqual([]);
    expect(marks()).toEqual([]);
    await w.play({ clock: "2026-11-24T09:00:00+01:00" });
    expect(pulls()).toHaveLength(1);
    expect(w.transcript().writes.filter((x) => x.route === OPENS)).toHaveLength(1);
    expect(marks()).toEqual([`${MARKS}staging/20261124T080000Z`]);
  });

  it("a run skipped in a freeze leaves its mark, and stays skipped after a restart", async () => {
    const frozen = CONFIG.replace("releaseOwners:", 'freeze:\n  - { from: "2026-11-24", to: "2026-11-24", reason: Audit }\nreleaseOwners:');
    w = await startWorld(world(frozen));
    await w.play({ clock: "2026-11-23T09:05:00+01:00" });
    await w.play({ clock: "2026-11-24T09:05:00+01:00" });
    expect(marks()).toEqual([`${MARKS}staging/20261124T080000Z`]);
    w.takeWrites();
    await w.play({ restart: {} });
    expect(w.takeWrites()).toEqual([]);
  });

  it("a crash in the middle of the run leaves no mark: the restart runs it again and finishes it, once", async () => {
    w = await startWorld(world());
    await w.play({ clock: "2026-11-23T08:30:00+01:00" });
    // Last Friday's run left its mark, as a bot that was up then would have.
    const ops = w.sandbox.world.repo("acme/ops");
    ops.refs.set(`${MARKS}staging/20261120T080000Z`, ops.branchHead("main")!);
    await w.play({ crash: { after: { method: "POST", route: "/repos/{owner}/{repo}/pulls", count: 1 } } });
    await w.play({ clock: "2026-11-23T09:05:00+01:00" });
    expect(pulls()).toEqual([]);
    expect(marks()).toEqual([`${MARKS}staging/20261120T080000Z`]);
    await w.play({ restart: {} });
    expect(pulls()).toHaveLength(1);
    // The request the crash cut was never served: one PR was ever opened.
    expect(w.transcript().writes.filter((x) => x.route === OPENS)).toHaveLength(1);
    expect(marks()).toEqual([`${MARKS}staging/20261123T080000Z`]);
  });

  it("GitHub failing the marks read at start: the catch-up waits for the next tick instead of being dropped", async () => {
    w = await startWorld(world());
    await ranMondayThenDown("2026-11-24T09:30:00+01:00");
    await w.play({ fault: { method: "GET", route: "/repos/{owner}/{repo}/git/matching-refs/{ref}", status: 502, times: 3 } });
    await w.play({ restart: {} });
    expect(pulls()[0].title).toMatch(/billing 1431 → 1433,/);
    await w.play({ clock: "2026-11-24T09:31:00+01:00" });
    expect(pulls()[0].title).toMatch(/billing 1431 → 1434,/);
    expect(marks()).toEqual([`${MARKS}staging/20261124T080000Z`]);
  });
});

describe("two replicas sharing Redis, both down across a scheduled run", () => {
  it("restart together and run the missed release once", async () => {
    w = await startWorld(world(), { coordinator: coordinator() });
    // Replica two only ticks (the load balancer sends webhooks to replica one); it restarts with it.
    const replica = await startRestartableBot({ github: { ...w.sandbox, setWebhookTarget: () => undefined }, coordinator: coordinator() });
    cleanups.unshift(() => replica.close());
    await crashBefore0900("2026-11-23T09:30:00+01:00");
    expect(replica.generation).toBe(1);
    await w.play({ restart: {} });
    await replica.idle();
    await w.sandbox.settle();
    expect(replica.generation).toBe(2);
    expect(pulls()).toHaveLength(1);
    const writes = w.transcript().writes.map((x) => x.route);
    expect(writes.filter((r) => r === OPENS)).toHaveLength(1);
    expect(writes.filter((r) => r === "POST /repos/{owner}/{repo}/git/commits")).toHaveLength(1);
  });
});
