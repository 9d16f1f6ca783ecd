import { describe, expect, it } from "vitest";
import { countersOf, deltaOf, startBenchSession } from "../../bench/bench-session.js";
import { benchWorld, greenBuildSteps, RELEASE_STAGING } from "../../bench/bench-world.js";
import { runBenchWorld } from "../../bench/run-bench-world.js";
import { parseScenario, type ScenarioStepInput } from "../../src/sandbox/sandbox.js";

const TINY = { components: 3, commits: 5 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the bench harness on a tiny world", () => {
  it("counts every request of every phase: the measured deltas add up to the sandbox's totals after a long quiet", async () => {
    const session = await startBenchSession({ scenario: parseScenario(benchWorld(TINY)), quietMs: 100 });
    try {
      const atStart = session.counters();
      const phases = [
        await session.measure("first release", () => session.play([RELEASE_STAGING as ScenarioStepInput])),
        await session.measure("no-op", () => session.play([RELEASE_STAGING as ScenarioStepInput])),
        await session.measure("refresh", () => session.play(greenBuildSteps({ id: "fresh", runNumber: 201, pull: 9000 }) as ScenarioStepInput[])),
      ];
      // Long after: the bot's scheduled work idle, two seconds of quiet, nothing more arrived.
      await sleep(2_000);
      await session.bot!.idle();
      await session.sandbox.settle();
      const total = deltaOf(atStart, countersOf(session.sandbox.transcript()));
      expect(phases.every((p) => p.requests > 0)).toBe(true);
      expect(phases.reduce((n, p) => n + p.requests, 0)).toBe(total.requests);
      expect(phases.reduce((n, p) => n + p.writes, 0)).toBe(total.writes);
      const byRoute: Record<string, number> = {};
      for (const p of phases) for (const [route, n] of Object.entries(p.byRoute)) byRoute[route] = (byRoute[route] ?? 0) + n;
      expect(byRoute).toEqual(total.byRoute);
      expect(phases[0].writes).toBeGreaterThan(0);
      expect(phases[0].botPeakRssMb).toBeGreaterThan(0);
      expect(session.sandbox.contractViolations()).toEqual([]);
    } finally {
      await session.close();
    }
  }, 60_000);

  it("counts the same with a quiet time four times as long, for the bot and the naive baseline", async () => {
    const short = await runBenchWorld({ ...TINY, quietMs: 100 });
    const long = await runBenchWorld({ ...TINY, quietMs: 400 });
    const counts = (r: typeof short) => [...r.bot, ...(r.naive ?? [])].map((m) => ({ label: m.label, requests: m.requests, byRoute: m.byRoute, writes: m.writes, graphqlPoints: m.graphqlPoints }));
    expect(counts(long)).toEqual(counts(short));
    expect(short.naive).toHaveLength(3);
    expect(short.naive![1].writes).toBe(0); // the naive no-op re-reads everything and writes nothing
    expect(short.contractViolations).toBe(0);
  }, 120_000);
});
