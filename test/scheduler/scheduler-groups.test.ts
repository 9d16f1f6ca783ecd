import { describe, expect, it } from "vitest";
import { ClockTickSource } from "../../src/scheduler/clock-tick-source.js";
import { InProcessCoordinator } from "../../src/scheduler/run-coordinator.js";
import { Scheduler, type ScheduledJob } from "../../src/scheduler/scheduler.js";
import { recordingLog, TinyClock } from "./scheduler-fixtures.js";

describe("the scheduler's job groups (one per installation)", () => {
  it("runs groups in parallel, at most `concurrency` at once, and each group's jobs one after another", async () => {
    const clock = new TinyClock(new Date("2026-11-23T08:00:00Z"));
    const log = recordingLog();
    let running = 0;
    let peak = 0;
    const runningPerGroup = new Map<string, number>();
    let groupOverlap = false;
    const job = (group: string, i: number): ScheduledJob => ({
      key: `${group}:${i}`,
      group,
      run: async () => {
        running++;
        peak = Math.max(peak, running);
        runningPerGroup.set(group, (runningPerGroup.get(group) ?? 0) + 1);
        if (runningPerGroup.get(group)! > 1) groupOverlap = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
        runningPerGroup.set(group, runningPerGroup.get(group)! - 1);
        running--;
      },
    });
    const ran: string[] = [];
    const jobs = Array.from({ length: 10 }, (_, g) => [0, 1, 2].map((i) => job(`installation:${g}`, i))).flat();
    const ticks = new ClockTickSource({ clock, log });
    const scheduler = new Scheduler({
      ticks,
      coordinator: new InProcessCoordinator({ now: () => clock.now().getTime() }),
      log,
      concurrency: 4,
      jobs: async () => jobs.map((j) => ({ ...j, run: async () => (await j.run(), void ran.push(j.key)) })),
    });
    scheduler.start();
    clock.advanceMinutes(1);
    await ticks.idle();
    await scheduler.stop();
    expect(ran).toHaveLength(30);
    expect(peak).toBe(4);
    expect(groupOverlap).toBe(false);
    // Within a group, in order.
    for (let g = 0; g < 10; g++) expect(ran.filter((k) => k.startsWith(`installation:${g}:`))).toEqual([0, 1, 2].map((i) => `installation:${g}:${i}`));
  });
});
