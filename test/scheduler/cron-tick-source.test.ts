import { afterEach, describe, expect, it, vi } from "vitest";
import { CronTickSource } from "../../src/scheduler/cron-tick-source.js";
import { InProcessCoordinator } from "../../src/scheduler/run-coordinator.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import type { TickWindow } from "../../src/scheduler/tick-source.js";
import { recordingLog, releaseJobs, weeklyChain, type Ran } from "./scheduler-fixtures.js";

const spans = (windows: TickWindow[]) => windows.map((w) => `${w.after.toISOString().slice(11, 19)}→${w.upTo.toISOString().slice(11, 19)}`);

describe("CronTickSource (node-cron, real time) under vitest fake timers", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks every minute with windows (previous tick, this minute]", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-27T07:58:30.250Z"));
    const windows: TickWindow[] = [];
    const ticks = new CronTickSource({ log: recordingLog() });
    ticks.start(async (window) => void windows.push(window));
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await ticks.stop();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(spans(windows)).toEqual(["07:58:30→07:59:00", "07:59:00→08:00:00", "08:00:00→08:01:00"]);
  });

  it("started with catchUpFrom, ticks the catch-up window at once, before the first minute", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-27T07:58:30.000Z"));
    const windows: TickWindow[] = [];
    const ticks = new CronTickSource({ log: recordingLog() });
    ticks.start(async (window) => void windows.push(window), { catchUpFrom: async () => new Date("2026-11-26T10:00:00Z") });
    await vi.advanceTimersByTimeAsync(60_000);
    await ticks.stop();
    expect(spans(windows)).toEqual(["10:00:00→07:58:30", "07:58:30→07:59:00"]);
    expect(windows.map((w) => w.catchUp)).toEqual([true, undefined]);
  });

  it("does not overlap a slow tick; the next window covers the skipped minute", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-27T07:59:59Z"));
    const windows: TickWindow[] = [];
    const log = recordingLog();
    const ticks = new CronTickSource({ log });
    ticks.start(async (window) => {
      windows.push(window);
      if (windows.length === 1) await new Promise((resolve) => setTimeout(resolve, 90_000)); // runs past 08:01
    });
    await vi.advanceTimersByTimeAsync(3 * 60_000 + 1_000);
    await ticks.stop();
    expect(spans(windows)).toEqual(["07:59:59→08:00:00", "08:00:00→08:02:00", "08:02:00→08:03:00"]);
    expect(log.lines.some((l) => l.level === "warn" && String(l.obj).startsWith("node-cron:"))).toBe(true);
  });

  it("drives the Scheduler: Friday 09:00 Rome runs staging and demo once", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-27T07:55:00Z"));
    const ran: Ran[] = [];
    const log = recordingLog();
    const scheduler = new Scheduler({
      ticks: new CronTickSource({ log }),
      coordinator: new InProcessCoordinator(),
      jobs: releaseJobs({ config: weeklyChain, clock: { now: () => new Date() }, ran }),
      log,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await scheduler.stop();
    expect(ran).toEqual([
      { key: "release:acme/ops:demo:2026-11-27T08:00:00.000Z", at: "2026-11-27T08:00:00.000Z", by: "scheduler" },
      { key: "release:acme/ops:staging:2026-11-27T08:00:00.000Z", at: "2026-11-27T08:00:00.000Z", by: "scheduler" },
    ]);
  });
});
