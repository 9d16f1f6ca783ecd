/** Downtime at the scheduler level: a restart catches up on what no tick covered, once, across replicas. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { ClockTickSource } from "../../src/scheduler/clock-tick-source.js";
import { RecordedRedisCoordinator, SCHEDULE_RECORD_KEY } from "../../src/scheduler/redis-schedule-record.js";
import { InProcessCoordinator, type RunCoordinator } from "../../src/scheduler/run-coordinator.js";
import type { ScheduleRecord } from "../../src/scheduler/schedule-record.js";
import { Scheduler, type ScheduledJob } from "../../src/scheduler/scheduler.js";
import type { TickWindow } from "../../src/scheduler/tick-source.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import { recordingLog, releaseJobs, TinyClock, weeklyChain, type Ran } from "./scheduler-fixtures.js";

// Rome is UTC+1 in November: 09:00 local is 08:00Z. 2026-11-24 is a Tuesday.
const TUESDAY_0830 = new Date("2026-11-24T07:30:00Z");

/** One bot process's scheduler on a shared clock; `coordinator` is what survives it (Redis, or a stand-in). */
function process(opts: { clock: TinyClock; coordinator: RunCoordinator; ran: Ran[]; by: string }) {
  const log = recordingLog();
  const ticks = new ClockTickSource({ clock: opts.clock, log });
  const scheduler = new Scheduler({ ticks, coordinator: opts.coordinator, jobs: releaseJobs({ config: weeklyChain, clock: opts.clock, ran: opts.ran, by: opts.by }), log });
  scheduler.start();
  return { log, idle: () => ticks.idle(), stop: () => scheduler.stop() };
}

/** A process up from Tuesday 08:30 for a minute (a tick records it), then down until `until`. */
async function upThenDownUntil(until: Date) {
  const clock = new TinyClock(TUESDAY_0830);
  const coordinator = new InProcessCoordinator({ now: () => clock.now().getTime() });
  const ran: Ran[] = [];
  const first = process({ clock, coordinator, ran, by: "first" });
  clock.advanceMinutes(1);
  await first.idle();
  await first.stop();
  clock.set(until);
  return { clock, coordinator, ran };
}

describe("a restart after downtime (the coordinator's record survives it)", () => {
  it("runs the missed run once at start; a second restart runs nothing more", async () => {
    const { clock, coordinator, ran } = await upThenDownUntil(new Date("2026-11-24T08:40:00Z")); // 09:40: staging's 09:00 run was missed
    const second = process({ clock, coordinator, ran, by: "second" });
    await second.idle();
    expect(ran).toEqual([{ key: "release:acme/ops:staging:2026-11-24T08:00:00.000Z", at: "2026-11-24T08:40:00.000Z", by: "second" }]);
    expect(second.log.lines.some((l) => l.msg === "scheduler: catching up on time no tick covered")).toBe(true);
    await second.stop();
    const third = process({ clock, coordinator, ran, by: "third" });
    clock.advanceMinutes(5);
    await third.idle();
    await third.stop();
    expect(ran).toHaveLength(1);
  });

  it("with two due runs missed, only the latest runs (its next run was already due)", async () => {
    const { clock, coordinator, ran } = await upThenDownUntil(new Date("2026-11-25T09:00:00Z")); // Wednesday 10:00: Tuesday's and Wednesday's runs missed
    const second = process({ clock, coordinator, ran, by: "second" });
    await second.idle();
    await second.stop();
    expect(ran.map((r) => r.key)).toEqual(["release:acme/ops:staging:2026-11-25T08:00:00.000Z"]);
  });

  it("a first start (no record) makes nothing up; a restart without a shared record neither", async () => {
    const clock = new TinyClock(new Date("2026-11-24T08:30:00Z")); // 09:30, after staging's 09:00
    const ran: Ran[] = [];
    const first = process({ clock, coordinator: new InProcessCoordinator(), ran, by: "first" });
    await first.idle();
    await first.stop();
    clock.set(new Date("2026-11-25T08:30:00Z"));
    const fresh = process({ clock, coordinator: new InProcessCoordinator(), ran, by: "fresh" });
    await fresh.idle();
    await fresh.stop();
    expect(ran).toEqual([]);
  });

  it("an unreadable record is logged and nothing is made up; the scheduler goes on ticking", async () => {
    const clock = new TinyClock(TUESDAY_0830);
    const ran: Ran[] = [];
    const base = new InProcessCoordinator();
    const broken: RunCoordinator & ScheduleRecord = {
      shouldRun: (key, ttl) => base.shouldRun(key, ttl),
      coveredUpTo: async () => {
        throw new Error("Redis down");
      },
      cover: async () => {
        throw new Error("Redis down");
      },
    };
    const p = process({ clock, coordinator: broken, ran, by: "p" });
    clock.advanceMinutes(31);
    await p.idle();
    await p.stop();
    expect(ran.map((r) => r.key)).toEqual(["release:acme/ops:staging:2026-11-24T08:00:00.000Z"]);
    expect(p.log.errors()).toEqual(["scheduler: could not read when scheduled time was last covered; no catch-up"]);
    expect(p.log.lines.filter((l) => l.msg === "scheduler: could not record covered time").length).toBeGreaterThan(0);
  });
});

describe("a start with no recorded instant and catchUpByMarks (no Redis: the marks in GitHub judge)", () => {
  const start = (opts: { clock: TinyClock; jobs: (w: TickWindow) => Promise<ScheduledJob[]> }) => {
    const log = recordingLog();
    const ticks = new ClockTickSource({ clock: opts.clock, log });
    const scheduler = new Scheduler({ ticks, coordinator: new InProcessCoordinator(), jobs: opts.jobs, log, catchUpByMarks: true, catchUpMs: 3_600_000 });
    scheduler.start();
    return { idle: () => ticks.idle(), stop: () => scheduler.stop() };
  };

  it("ticks the whole horizon once, flagged byMarks; later windows are plain", async () => {
    const clock = new TinyClock(TUESDAY_0830);
    const windows: TickWindow[] = [];
    const p = start({ clock, jobs: async (w) => (windows.push(w), []) });
    await p.idle();
    clock.advanceMinutes(1);
    await p.idle();
    await p.stop();
    expect(windows.map((w) => [w.after.toISOString(), w.upTo.toISOString(), w.catchUp ?? false, w.byMarks ?? false])).toEqual([
      ["2026-11-24T06:30:00.000Z", "2026-11-24T07:30:00.000Z", true, true],
      ["2026-11-24T07:30:00.000Z", "2026-11-24T07:31:00.000Z", false, false],
    ]);
  });

  it("when that window cannot be listed (GitHub down), the next tick reaches back over it, still by marks", async () => {
    const clock = new TinyClock(TUESDAY_0830);
    const windows: TickWindow[] = [];
    let fail = true;
    const p = start({
      clock,
      jobs: async (w) => {
        windows.push(w);
        if (fail) throw new Error("GitHub answered 502");
        return [];
      },
    });
    await p.idle();
    fail = false;
    clock.advanceMinutes(1);
    await p.idle();
    clock.advanceMinutes(1);
    await p.idle();
    await p.stop();
    expect(windows.map((w) => [w.after.toISOString(), w.upTo.toISOString(), w.byMarks ?? false])).toEqual([
      ["2026-11-24T06:30:00.000Z", "2026-11-24T07:30:00.000Z", true],
      ["2026-11-24T06:31:00.000Z", "2026-11-24T07:31:00.000Z", true],
      ["2026-11-24T07:31:00.000Z", "2026-11-24T07:32:00.000Z", false],
    ]);
  });

  it("a recorded instant wins: the window starts there and is not judged by marks", async () => {
    const clock = new TinyClock(TUESDAY_0830);
    const coordinator = new InProcessCoordinator();
    await coordinator.cover(new Date("2026-11-24T07:00:00Z"));
    const windows: TickWindow[] = [];
    const log = recordingLog();
    const ticks = new ClockTickSource({ clock, log });
    const scheduler = new Scheduler({ ticks, coordinator, jobs: async (w) => (windows.push(w), []), log, catchUpByMarks: true });
    scheduler.start();
    await ticks.idle();
    await scheduler.stop();
    expect(windows.map((w) => [w.after.toISOString(), w.byMarks ?? false])).toEqual([["2026-11-24T07:00:00.000Z", false]]);
  });
});

describe("downtime with replicas sharing a real redis-server", () => {
  let server: RedisServer;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    await admin?.quit();
    await server?.stop();
  });

  it("two replicas restarting after a missed run run it once; a replica that stayed up leaves nothing to make up", async () => {
    const clock = new TinyClock(TUESDAY_0830);
    const coordinators = [0, 1, 2, 3].map(() => new RecordedRedisCoordinator({ url: server.url, keyPrefix: "downtime:" , recordKey: "downtime:covered" }));
    const ran: Ran[] = [];
    const a = process({ clock, coordinator: coordinators[0], ran, by: "a" });
    const b = process({ clock, coordinator: coordinators[1], ran, by: "b" });
    clock.advanceMinutes(1);
    await Promise.all([a.idle(), b.idle()]);
    expect(Number(await admin.get("downtime:covered"))).toBe(new Date("2026-11-24T07:31:00Z").getTime());
    await Promise.all([a.stop(), b.stop()]); // both down at 08:31
    clock.set(new Date("2026-11-24T08:40:00Z"));
    const a2 = process({ clock, coordinator: coordinators[2], ran, by: "a2" });
    const b2 = process({ clock, coordinator: coordinators[3], ran, by: "b2" });
    await Promise.all([a2.idle(), b2.idle()]);
    expect(ran.map((r) => r.key)).toEqual(["release:acme/ops:staging:2026-11-24T08:00:00.000Z"]);
    expect(await admin.pttl("downtime:release:acme/ops:staging:2026-11-24T08:00:00.000Z")).toBeGreaterThan(0);
    // b2 stays up across Wednesday 09:00; a2 restarts after it: nothing left to make up.
    await a2.stop();
    clock.set(new Date("2026-11-25T08:10:00Z"));
    await b2.idle();
    const a3 = process({ clock, coordinator: coordinators[2], ran, by: "a3" });
    await a3.idle();
    expect(ran.map((r) => `${r.key} by ${r.by}`)).toEqual(["release:acme/ops:staging:2026-11-24T08:00:00.000Z by " + ran[0].by, "release:acme/ops:staging:2026-11-25T08:00:00.000Z by b2"]);
    await Promise.all([a3.stop(), b2.stop()]);
    for (const c of coordinators) await c.close();
  });

  it("the record only moves forward, keeps a 30-day ttl, and is the default key", async () => {
    const c = new RecordedRedisCoordinator({ url: server.url });
    await c.cover(new Date("2026-11-24T08:00:00Z"));
    await c.cover(new Date("2026-11-24T07:00:00Z"));
    expect(await c.coveredUpTo()).toEqual(new Date("2026-11-24T08:00:00Z"));
    expect(await admin.pttl(SCHEDULE_RECORD_KEY)).toBeGreaterThan(29 * 24 * 3_600_000);
    await c.close();
  });
});
