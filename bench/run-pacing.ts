/**
 * `npm run bench -- --pacing`: a release with the production Octokit, throttle and all (Octokit's
 * plugin-throttling spaces writes and GraphQL documents at least 1 s apart, and comment/PR creations
 * 3 s), so the wall time is what a real installation waits for. Default world: 100 components × 100
 * commits. The time is printed, never asserted.
 */
import { startBot } from "../src/harness/start-bot.js";
import { parseScenario, startSandbox } from "../src/sandbox/sandbox.js";
import { parseStep } from "../src/sandbox/scenario/load-scenario.js";
import { benchWorld, RELEASE_STAGING } from "./bench-world.js";

export interface PacingResult {
  world: { components: number; commits: number };
  wallMs: number;
  requests: number;
  graphql: number;
  writes: number;
  opened: boolean;
}

export async function runPacing(opts: { components: number; commits: number }): Promise<PacingResult> {
  const sandbox = await startSandbox({ scenario: parseScenario(benchWorld(opts)), rateLimits: { enforce: false }, settleQuietMs: 250 });
  const bot = await startBot({ github: sandbox, octokit: "production" });
  try {
    await bot.idle();
    await sandbox.settle();
    const before = sandbox.transcript();
    const started = performance.now();
    await sandbox.play(parseStep(RELEASE_STAGING, 0));
    // Done when the answer is there (the throttle may hold the webhook past Probot's 9 s answer).
    const deadline = Date.now() + 120_000;
    while (sandbox.world.repo("acme/ops").commentsOn(1).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const wallMs = Math.round(performance.now() - started);
    await sandbox.settle();
    const after = sandbox.transcript();
    return {
      world: opts,
      wallMs,
      requests: after.api.requests - before.api.requests,
      graphql: (after.api.byRoute["POST /graphql"] ?? 0) - (before.api.byRoute["POST /graphql"] ?? 0),
      writes: after.writes.length - before.writes.length,
      opened: after.repos["acme/ops"].pulls.some((p) => p.head === "release-staging"),
    };
  } finally {
    await bot.close();
    await sandbox.close();
  }
}

export function renderPacing(r: PacingResult): string {
  const target = 15_000;
  return [
    `production pacing: ${r.world.components} components × ${r.world.commits} commits`,
    `  /release staging answered in ${(r.wallMs / 1000).toFixed(1)} s (target ≤ ${target / 1000} s) ${r.wallMs <= target ? "✓" : "✗"}`,
    `  ${r.requests} requests (${r.graphql} GraphQL), ${r.writes} writes; release PR ${r.opened ? "opened" : "NOT opened"}`,
  ].join("\n");
}
