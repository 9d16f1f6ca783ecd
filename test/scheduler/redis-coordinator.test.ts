import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClockTickSource } from "../../src/scheduler/clock-tick-source.js";
import { DEFAULT_KEY_PREFIX, RedisCoordinator } from "../../src/scheduler/redis-coordinator.js";
import { createCoordinator } from "../../src/scheduler/run-coordinator.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import { recordingLog, releaseJobs, TinyClock, weeklyChain, type Ran } from "./scheduler-fixtures.js";

let server: RedisServer;
let admin: Redis;
const coordinators: RedisCoordinator[] = [];
/** A replica's coordinator; the prefix keeps each test's keys apart on the shared server. */
const coordinator = (keyPrefix: string) => {
  const made = new RedisCoordinator({ url: server.url, keyPrefix });
  coordinators.push(made);
  return made;
};

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  await Promise.all(coordinators.map((c) => c.close()));
  admin?.disconnect();
  await server?.stop();
});

describe("RedisCoordinator against a real redis-server", () => {
  it("lets the first of two replicas claim a key, with the ttl set on it", async () => {
    const a = coordinator("t1:");
    const b = coordinator("t1:");
    expect(await a.shouldRun("release:acme/ops:staging:2026-11-27T08:00:00.000Z", 60_000)).toBe(true);
    expect(await b.shouldRun("release:acme/ops:staging:2026-11-27T08:00:00.000Z", 60_000)).toBe(false);
    expect(await b.shouldRun("release:acme/ops:demo:2026-11-27T08:00:00.000Z", 60_000)).toBe(true);
    const pttl = await admin.pttl("t1:release:acme/ops:staging:2026-11-27T08:00:00.000Z");
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it("lets a key be claimed again once it has expired", async () => {
    const a = coordinator("t2:");
    expect(await a.shouldRun("k", 30)).toBe(true);
    expect(await a.shouldRun("k", 30)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await a.shouldRun("k", 30)).toBe(true);
  });

  it("gives exactly one winner when many claims race", async () => {
    const replicas = Array.from({ length: 5 }, () => coordinator("t3:"));
    const answers = await Promise.all(replicas.flatMap((r) => [r.shouldRun("race", 60_000), r.shouldRun("race", 60_000)]));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it("uses the default prefix when created from REDIS_URL", async () => {
    const fromUrl = createCoordinator({ redisUrl: server.url }) as unknown as RedisCoordinator;
    coordinators.push(fromUrl);
    expect(await fromUrl.shouldRun("default-prefix", 60_000)).toBe(true);
    expect(await admin.exists(`${DEFAULT_KEY_PREFIX}default-prefix`)).toBe(1);
  });
});

describe("two Scheduler replicas sharing one clock, coordinated by Redis", () => {
  it("run each due key exactly once", async () => {
    const clock = new TinyClock(new Date("2026-11-27T07:58:00Z")); // Friday 08:58 Rome
    const log = recordingLog();
    const ran: Ran[] = [];
    const replicas = ["replica-a", "replica-b"].map((by) => {
      const ticks = new ClockTickSource({ clock, log });
      const scheduler = new Scheduler({ ticks, coordinator: coordinator("t4:"), jobs: releaseJobs({ config: weeklyChain, clock, ran, by }), log });
      scheduler.start();
      return { ticks, scheduler };
    });
    const idle = () => Promise.all(replicas.map((r) => r.ticks.idle()));
    for (let i = 0; i < 4; i++) {
      clock.advanceMinutes(1); // 07:59Z … 08:02Z
      await idle();
    }
    clock.set(new Date("2026-11-30T08:00:00Z")); // Monday 09:00 Rome
    await idle();
    await Promise.all(replicas.map((r) => r.scheduler.stop()));

    expect(ran.map((r) => r.key).sort()).toEqual([
      "release:acme/ops:demo:2026-11-27T08:00:00.000Z",
      "release:acme/ops:production:2026-11-30T08:00:00.000Z",
      "release:acme/ops:staging:2026-11-27T08:00:00.000Z",
      "release:acme/ops:staging:2026-11-30T08:00:00.000Z",
    ]);
    expect(log.errors()).toEqual([]);
    expect(log.lines.filter((l) => l.msg === "scheduler: run claimed elsewhere")).toHaveLength(4);
  });
});
