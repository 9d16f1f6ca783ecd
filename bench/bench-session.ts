/**
 * One benchmark world: a sandbox (with a long quiet time) and, unless `bot: false`, the real bot
 * in a process of its own (src/harness/start-bot-process.ts), so that its peak RSS is its own and
 * not the sandbox's. `measure` runs an action (scenario steps, or a client's requests) and counts
 * what reached the sandbox until the bot is really done (wait-until-done.ts).
 */
import { startBotProcess, type BotChild } from "../src/harness/start-bot-process.js";
import { startSandbox, type Sandbox, type Scenario, type ScenarioStepInput, type Transcript } from "../src/sandbox/sandbox.js";
import { readCpuMs } from "./bot-cpu-ms.js";
import { readPeakRssMb, resetPeakRss } from "./bot-peak-rss.js";
import { waitUntilDone } from "./wait-until-done.js";

/** What one action cost, counted in the sandbox. */
export interface Measurement {
  label: string;
  requests: number;
  byRoute: Record<string, number>;
  /** GitHub's points for the GraphQL documents, from the sandbox transcript's `api.graphqlPoints`; null while the sandbox does not report them. */
  graphqlPoints: number | null;
  writes: number;
  wallMs: number;
  /** Peak RSS of the bot's process during the action; null without a bot or without /proc. */
  botPeakRssMb: number | null;
}

/** The counters of a transcript a measurement takes deltas of. */
export interface Counters {
  requests: number;
  byRoute: Record<string, number>;
  graphqlPoints: number | null;
  writes: number;
}

export function countersOf(t: Transcript): Counters {
  const points = (t.api as { graphqlPoints?: unknown }).graphqlPoints;
  return { requests: t.api.requests, byRoute: { ...t.api.byRoute }, graphqlPoints: typeof points === "number" ? points : null, writes: t.writes.length };
}

export function deltaOf(before: Counters, after: Counters): Omit<Counters, "byRoute"> & { byRoute: Record<string, number> } {
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.byRoute)) {
    const delta = n - (before.byRoute[route] ?? 0);
    if (delta > 0) byRoute[route] = delta;
  }
  const points = after.graphqlPoints === null ? null : after.graphqlPoints - (before.graphqlPoints ?? 0);
  return { requests: after.requests - before.requests, byRoute, graphqlPoints: points, writes: after.writes - before.writes };
}

export interface BenchSession {
  sandbox: Sandbox;
  bot: BotChild | undefined;
  /** Plays scenario steps one after another (each awaits the sandbox's settle). */
  play(steps: ScenarioStepInput[]): Promise<void>;
  /**
   * Runs `action` and counts until the bot is done. Wall time ends at the last activity seen: for
   * an action ending in a sandbox step (`settles`, the default) the step's settle minus the quiet
   * time, for a client's own requests (`settles: false`) the action's end; later if the bot went on.
   */
  measure(label: string, action: () => Promise<void>, opts?: { settles?: boolean }): Promise<Measurement>;
  /** Waits until the bot is done (as `measure` does at its end). */
  done(): Promise<void>;
  counters(): Counters;
  close(): Promise<void>;
}

/** The quiet time the bench's sandbox waits for before it calls the world settled (the sandbox's own default is 30 ms). */
export const BENCH_QUIET_MS = 250;

export async function startBenchSession(opts: { scenario: Scenario; quietMs?: number; bot?: boolean }): Promise<BenchSession> {
  const quietMs = opts.quietMs ?? BENCH_QUIET_MS;
  // The bench measures what things cost, whatever they cost: rate-limit headers count down, nothing is refused
  // (GitHub's hourly window is wall-clock time, and a bench does an hour's work in seconds).
  const sandbox = await startSandbox({ scenario: opts.scenario, settleQuietMs: quietMs, rateLimits: { enforce: false } });
  let bot: BotChild | undefined;
  try {
    if (opts.bot !== false) bot = await startBotProcess({ github: sandbox, logLevel: "fatal", octokit: "patient" });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const counters = () => countersOf(sandbox.transcript());
  const done = async (settledAt = performance.now()) => waitUntilDone({ sandbox, bot, quietMs, settledAt, requests: () => sandbox.transcript().api.requests, cpuMs: bot ? () => readCpuMs(bot!.pid) : undefined });
  // The bot's start (its catch-up tick, the reconcile pass) is over before anything is measured.
  await done();
  return {
    sandbox,
    bot,
    play: async (steps) => {
      for (const step of steps) await sandbox.play(step);
    },
    measure: async (label, action, measureOpts) => {
      const before = counters();
      if (bot) resetPeakRss(bot.pid);
      const started = performance.now();
      await action();
      const ended = performance.now();
      const { lastActivityAt } = await done(measureOpts?.settles === false ? ended + quietMs : ended);
      const delta = deltaOf(before, counters());
      return { label, ...delta, wallMs: Math.max(0, Math.round(lastActivityAt - started)), botPeakRssMb: bot ? readPeakRssMb(bot.pid) : null };
    },
    done: async () => void (await done()),
    counters,
    close: async () => {
      try {
        await bot?.close();
      } finally {
        await sandbox.close();
      }
    },
  };
}
