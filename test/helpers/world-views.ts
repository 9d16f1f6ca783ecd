/**
 * What scenario tests read back from a test world: the ops repo's transcript, issues, the bot's
 * comments, deployments and release PRs, and clock steps counted from the fixtures' start.
 */
import type { TestWorld } from "./sandbox-world.js";

export const BOT = "release-bot[bot]";

/** The fixtures' world starts at 09:00 Rome (08:00Z); a reconcile pass runs each time the clock crosses a multiple of 5 minutes. */
const START = Date.parse("2026-11-23T08:00:00Z");

export function worldViews(world: () => TestWorld) {
  const ops = () => world().transcript().repos["acme/ops"];
  return {
    ops,
    issueOf: (repo: string, n: number) => world().transcript().repos[repo].issues.find((i) => i.number === n)!,
    botComments: (comments: { user: string; body: string }[]) => comments.filter((c) => c.user === BOT),
    deploymentsOf: () => world().sandbox.world.repo("acme/ops").deployments,
    stagingPulls: () => ops().pulls.filter((p) => p.head === "release-staging"),
    later: (minutes: number) => ({ clock: new Date(START + minutes * 60_000).toISOString() }),
  };
}
