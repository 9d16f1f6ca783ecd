import { describe, expect, expectTypeOf, it } from "vitest";
import type { RunCoordinator as NodeCronRunCoordinator } from "node-cron";
import { SandboxClock } from "../../src/sandbox/world/clock.js";
import { ClockTickSource } from "../../src/scheduler/clock-tick-source.js";
import { RedisCoordinator } from "../../src/scheduler/redis-coordinator.js";
import { createCoordinator, InProcessCoordinator, type RunCoordinator } from "../../src/scheduler/run-coordinator.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import type { TickWindow } from "../../src/scheduler/tick-source.js";
import { recordingLog, releaseJobs, TinyClock, weeklyChain, type Ran } from "./scheduler-fixtures.js";

// Friday 2026-11-27; Rome is UTC+1, so 09:00 local is 08:00Z.
const FRIDAY_0857 = new Date("2026-11-27T07:57:00Z");

function setup(opts: { fail?: string[]; coordinator?: RunCoordinator } = {}) {
  const clock = new TinyClock(FRIDAY_0857);
  const log = recordingLog();
  const ran: Ran[] = [];
  const ticks = new ClockTickSource({ clock, log });
  const scheduler = new Scheduler({ ticks, coordinator: opts.coordinator ?? new InProcessCoordinator(), jobs: releaseJobs({ config: weeklyChain, clock, ran, fail: opts.fail }), log });
  scheduler.start();
  return { clock, log, ran, ticks, scheduler };
}

describe("Scheduler on a scenario clock", () => {
  it("fires each due environment at its due minute, once", async () => {
    const { clock, ran, ticks, scheduler } = setup();
    for (let i = 0; i < 6; i++) {
      clock.advanceMinutes(1); // 07:58Z … 08:03Z
      await ticks.idle();
    }
    expect(ran).toEqual([
      { key: "release:acme/ops:demo:2026-11-27T08:00:00.000Z", at: "2026-11-27T08:00:00.000Z", by: "scheduler" },
      { key: "release:acme/ops:staging:2026-11-27T08:00:00.000Z", at: "2026-11-27T08:00:00.000Z", by: "scheduler" },
    ]);
    await scheduler.stop();
  });

  it("runs the latest due instant once after a jump over the weekend (no catch-up burst)", async () => {
    const { clock, ran, ticks, scheduler } = setup();
    clock.set(new Date("2026-11-30T12:00:00Z")); // Monday noon
    await ticks.idle();
    expect(ran.map((r) => r.key)).toEqual([
      "release:acme/ops:demo:2026-11-27T08:00:00.000Z",
      "release:acme/ops:production:2026-11-30T08:00:00.000Z",
      "release:acme/ops:staging:2026-11-30T08:00:00.000Z",
    ]);
    await scheduler.stop();
  });

  it("logs a failing job and still runs the others and later ticks", async () => {
    const { clock, log, ran, ticks, scheduler } = setup({ fail: ["demo"] });
    clock.advanceMinutes(5); // Friday 09:02 local: demo fails, staging runs
    clock.set(new Date("2026-11-30T08:00:00Z")); // Monday 09:00 local
    await ticks.idle();
    expect(ran.map((r) => r.key)).toEqual([
      "release:acme/ops:staging:2026-11-27T08:00:00.000Z",
      "release:acme/ops:production:2026-11-30T08:00:00.000Z",
      "release:acme/ops:staging:2026-11-30T08:00:00.000Z",
    ]);
    expect(log.errors()).toEqual(["scheduler: run failed"]);
    expect(log.lines.find((l) => l.level === "error")?.obj).toMatchObject({ key: "release:acme/ops:demo:2026-11-27T08:00:00.000Z" });
    await scheduler.stop();
  });

  it("logs a coordinator failure as a skipped run (fail-closed) and goes on", async () => {
    const inner = new InProcessCoordinator();
    const flaky: RunCoordinator = { shouldRun: async (key, ttl) => (key.includes(":demo:") ? Promise.reject(new Error("redis down")) : inner.shouldRun(key, ttl)) };
    const { clock, log, ran, ticks, scheduler } = setup({ coordinator: flaky });
    clock.advanceMinutes(5);
    await ticks.idle();
    expect(ran.map((r) => r.key)).toEqual(["release:acme/ops:staging:2026-11-27T08:00:00.000Z"]);
    expect(log.errors()).toEqual(["scheduler: run coordinator failed; run skipped"]);
    await scheduler.stop();
  });

  it("survives a tick whose job listing fails; the next tick reaches back over the window it could not cover", async () => {
    const clock = new TinyClock(FRIDAY_0857);
    const log = recordingLog();
    const windows: TickWindow[] = [];
    const ticks = new ClockTickSource({ clock, log });
    let calls = 0;
    const scheduler = new Scheduler({
      ticks,
      coordinator: new InProcessCoordinator(),
      log,
      jobs: async (window) => {
        if (++calls === 1) throw new Error("config unreadable");
        windows.push(window);
        return [];
      },
    });
    scheduler.start();
    clock.advanceMinutes(1);
    clock.advanceMinutes(1);
    await ticks.idle();
    expect(log.errors()).toEqual(["scheduler: could not list due jobs"]);
    expect(windows.map((w) => [w.after.toISOString(), w.upTo.toISOString(), w.catchUp])).toEqual([["2026-11-27T07:57:00.000Z", "2026-11-27T07:59:00.000Z", true]]);
    await scheduler.stop();
  });

  it("stops listening to the clock when stopped", async () => {
    const { clock, ran, ticks, scheduler } = setup();
    await scheduler.stop();
    clock.advanceMinutes(10);
    await ticks.idle();
    expect(ran).toEqual([]);
  });
});

describe("ClockTickSource", () => {
  it("yields consecutive windows, serialized, skipping moves backwards, and idle() waits for them", async () => {
    const clock = new TinyClock(new Date("2026-01-01T00:00:00Z"));
    const log = recordingLog();
    const ticks = new ClockTickSource({ clock, log });
    const events: string[] = [];
    ticks.start(async ({ after, upTo }) => {
      const span = `${after.toISOString().slice(11, 16)}→${upTo.toISOString().slice(11, 16)}`;
      events.push(`start ${span}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (span === "00:01→00:03") throw new Error("boom");
      events.push(`end ${span}`);
    });
    clock.advanceMinutes(1);
    clock.advanceMinutes(2);
    clock.advanceMinutes(-1); // backwards: no window
    clock.advanceMinutes(0); // no move: no window
    clock.advanceMinutes(3); // 00:05
    await ticks.idle();
    expect(events).toEqual(["start 00:00→00:01", "end 00:00→00:01", "start 00:01→00:03", "start 00:03→00:05", "end 00:03→00:05"]);
    expect(log.errors()).toEqual(["scheduler tick failed"]);
    await ticks.stop();
  });

  it("follows the sandbox's own SandboxClock", async () => {
    const clock = new SandboxClock({ start: FRIDAY_0857 });
    const log = recordingLog();
    const ran: Ran[] = [];
    const ticks = new ClockTickSource({ clock, log });
    const scheduler = new Scheduler({ ticks, coordinator: new InProcessCoordinator(), jobs: releaseJobs({ config: weeklyChain, clock, ran }), log });
    scheduler.start();
    clock.advance(3 * 60_000);
    await ticks.idle();
    expect(ran.map((r) => r.key)).toEqual(["release:acme/ops:demo:2026-11-27T08:00:00.000Z", "release:acme/ops:staging:2026-11-27T08:00:00.000Z"]);
    await scheduler.stop();
  });
});

describe("InProcessCoordinator", () => {
  it("lets the first caller per key run and forgets the key after its ttl", async () => {
    let now = 1_000;
    const coordinator = new InProcessCoordinator({ now: () => now });
    expect(await coordinator.shouldRun("a", 100)).toBe(true);
    expect(await coordinator.shouldRun("a", 100)).toBe(false);
    expect(await coordinator.shouldRun("b", 100)).toBe(true);
    now += 99;
    expect(await coordinator.shouldRun("a", 100)).toBe(false);
    now += 1;
    expect(await coordinator.shouldRun("a", 100)).toBe(true);
  });
});

describe("createCoordinator", () => {
  it("is in-process without REDIS_URL and Redis with it", async () => {
    expect(createCoordinator({})).toBeInstanceOf(InProcessCoordinator);
    const redis = createCoordinator({ redisUrl: "redis://127.0.0.1:1" });
    expect(redis).toBeInstanceOf(RedisCoordinator);
    await redis.close?.();
  });

  it("speaks node-cron 4.6's RunCoordinator interface (its `distributed` option's hook)", () => {
    expectTypeOf<RunCoordinator>().toExtend<NodeCronRunCoordinator>();
    expectTypeOf<InProcessCoordinator>().toExtend<NodeCronRunCoordinator>();
    expectTypeOf<RedisCoordinator>().toExtend<NodeCronRunCoordinator>();
  });
});
