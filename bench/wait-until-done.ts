/**
 * Waits until the bot has really finished. One round: the sandbox settles (no webhook queued or in
 * flight, no API request being handled, then `quietMs` without one), the bot's scheduled work is
 * idle (its `idle()`), the sandbox settles again. Done after a round that added no request and,
 * when the bot's CPU time can be read, in which the bot process used under a quarter of a core:
 * a bot still computing (Probot answers a long delivery 202 after 9 s and goes on; a handler may
 * pause longer than the quiet time between two requests) is waited for.
 *
 * Returns when the last activity was seen (performance.now() scale): `settledAt` (when the step's
 * own settle returned) minus the quiet time, or the end of the last round that found more work.
 */
import type { Sandbox } from "../src/sandbox/sandbox.js";

export interface Idler {
  idle(): Promise<void>;
}

/** A round is busy when the bot used more CPU than this share of the round's wall time. */
const BUSY_SHARE = 0.25;

export async function waitUntilDone(opts: { sandbox: Sandbox; bot?: Idler; quietMs: number; requests: () => number; cpuMs?: () => number | null; settledAt: number }): Promise<{ lastActivityAt: number; rounds: number }> {
  const { sandbox, bot, quietMs } = opts;
  let last = opts.requests();
  let lastActivityAt = opts.settledAt - quietMs;
  for (let rounds = 1; ; rounds++) {
    const roundStart = performance.now();
    const cpuStart = opts.cpuMs?.() ?? null;
    await sandbox.settle();
    await bot?.idle();
    await sandbox.settle();
    const now = opts.requests();
    const cpuEnd = opts.cpuMs?.() ?? null;
    const busy = cpuStart !== null && cpuEnd !== null && cpuEnd - cpuStart > BUSY_SHARE * (performance.now() - roundStart);
    if (now === last && !busy) return { lastActivityAt, rounds };
    if (now !== last) lastActivityAt = performance.now() - quietMs;
    last = now;
  }
}
