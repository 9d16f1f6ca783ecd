/**
 * One world of the bench table: the real bot (out of process) and the naive baseline, each on a
 * fresh sandbox of the same world, through the same three phases: the first `/release staging`,
 * the same release again (nothing changed), and a refresh after one component's new green build.
 */
import { parseScenario, type ScenarioStepInput } from "../src/sandbox/sandbox.js";
import { startBenchSession, type Measurement } from "./bench-session.js";
import { benchWorld, greenBuildSteps, RELEASE_STAGING } from "./bench-world.js";
import { naiveClient, naiveRelease } from "./naive-baseline.js";

export const PHASES = ["first release", "no-op", "refresh"] as const;
export type Phase = (typeof PHASES)[number];

export interface WorldResult {
  components: number;
  commits: number;
  bot: Measurement[];
  /** Absent with `naive: false`; only the first release with `naive: "first"`. */
  naive?: Measurement[];
  releasePrBodyCharacters: number;
  contractViolations: number;
}

const steps = (list: readonly unknown[]) => list as ScenarioStepInput[];

/**
 * `naive`: "all" (default) runs the naive bot's three phases, "first" only its first release (its
 * no-op and refresh re-read everything too, at about the same cost: slow on the biggest worlds), false none.
 */
export async function runBenchWorld(opts: { components: number; commits: number; naive?: "all" | "first" | false; quietMs?: number }): Promise<WorldResult> {
  const world = () => parseScenario(benchWorld({ components: opts.components, commits: opts.commits }));
  const build = greenBuildSteps({ id: "fresh", runNumber: 201, pull: 9000 });
  const session = await startBenchSession({ scenario: world(), quietMs: opts.quietMs });
  const bot: Measurement[] = [];
  let releasePrBodyCharacters = 0;
  let contractViolations = 0;
  try {
    bot.push(await session.measure("first release", () => session.play(steps([RELEASE_STAGING]))));
    bot.push(await session.measure("no-op", () => session.play(steps([RELEASE_STAGING]))));
    bot.push(await session.measure("refresh", () => session.play(steps(build))));
    const t = session.sandbox.transcript();
    releasePrBodyCharacters = t.repos["acme/ops"].pulls.find((p) => p.head === "release-staging")?.body.length ?? 0;
    contractViolations += t.api.contractViolations.length;
  } finally {
    await session.close();
  }
  if (opts.naive === false) return { components: opts.components, commits: opts.commits, bot, releasePrBodyCharacters, contractViolations };

  const naiveSession = await startBenchSession({ scenario: world(), quietMs: opts.quietMs, bot: false });
  const naive: Measurement[] = [];
  try {
    const { sandbox } = naiveSession;
    // Its app JWT and installation token are made in the first release, as the bot's are.
    let octokit: Awaited<ReturnType<typeof naiveClient>> | undefined;
    const release = async () => {
      octokit ??= await naiveClient({ url: sandbox.url, appId: sandbox.appId, privateKey: sandbox.privateKey, opsRepo: "acme/ops" });
      await naiveRelease({ octokit, opsRepo: "acme/ops", environment: "staging" });
    };
    naive.push(await naiveSession.measure("first release", release, { settles: false }));
    if (opts.naive !== "first") {
      naive.push(await naiveSession.measure("no-op", release, { settles: false }));
      await naiveSession.play(steps(build));
      naive.push(await naiveSession.measure("refresh", release, { settles: false }));
    }
    contractViolations += sandbox.transcript().api.contractViolations.length;
  } finally {
    await naiveSession.close();
  }
  return { components: opts.components, commits: opts.commits, bot, naive, releasePrBodyCharacters, contractViolations };
}
