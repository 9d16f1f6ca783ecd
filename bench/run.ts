/**
 * `npm run bench`: what releases cost, counted in the sandbox. For each world (components ×
 * commits per component, default the 9 of 10/100/200 × 20/100/600) the real bot, in a process of
 * its own, runs the first `/release staging`, the same release again (no-op) and a refresh after one
 * component's new green build; a naive per-commit REST bot runs the same phases on the same world.
 * Prints one table (requests, GraphQL points, writes, wall time, bot RSS, naive/bot), then the
 * bot's requests by route. `--day` instead simulates a day at a 200-component org (day.ts);
 * `--pacing` times one 100 × 100 release with the production Octokit's throttle (run-pacing.ts).
 *
 * Options: --components 10,100 --commits 20 (subsets), --json, --no-naive, --naive-max-commits N
 * (default 6000 commits in all: bigger worlds run the naive bot's first release only; at about 4 ms
 * a request it takes minutes), --naive-first-max-commits N (default 60000: bigger worlds run no
 * naive bot), --quiet-ms N (the sandbox's settle quiet, default 250; 100 for --day), --day (with
 * --builds, default 1000, and --day-components, default 200).
 */
import { parseArgs } from "node:util";
import { BENCH_QUIET_MS } from "./bench-session.js";
import { renderBenchTable } from "./render-bench-table.js";
import { runBenchWorld, type WorldResult } from "./run-bench-world.js";
import { DAY_QUIET_MS, renderDay, runDay } from "./run-day.js";
import { renderPacing, runPacing } from "./run-pacing.js";

const { values } = parseArgs({
  options: {
    components: { type: "string", default: "10,100,200" },
    commits: { type: "string", default: "20,100,600" },
    json: { type: "boolean", default: false },
    "no-naive": { type: "boolean", default: false },
    "naive-max-commits": { type: "string", default: "6000" },
    "naive-first-max-commits": { type: "string", default: "60000" },
    "quiet-ms": { type: "string" },
    day: { type: "boolean", default: false },
    pacing: { type: "boolean", default: false },
    builds: { type: "string", default: "1000" },
    "day-components": { type: "string", default: "200" },
  },
});
const list = (text: string) => text.split(",").map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const quietMs = Number(values["quiet-ms"] ?? (values.day ? DAY_QUIET_MS : BENCH_QUIET_MS));
const progress = (line: string) => void process.stderr.write(`${line}\n`);

if (values.pacing) {
  const components = list(values.components === "10,100,200" ? "100" : values.components)[0];
  const commits = list(values.commits === "20,100,600" ? "100" : values.commits)[0];
  const result = await runPacing({ components, commits });
  console.log(values.json ? JSON.stringify(result, null, 2) : renderPacing(result));
  if (!result.opened) process.exitCode = 1;
} else if (values.day) {
  const day = await runDay({ components: Number(values["day-components"]), builds: Number(values.builds), quietMs, progress });
  console.log(values.json ? JSON.stringify(day, null, 2) : renderDay(day));
  if (day.contractViolations > 0) process.exitCode = 1;
} else {
  const results: WorldResult[] = [];
  const naiveMax = Number(values["naive-max-commits"]);
  const naiveFirstMax = Number(values["naive-first-max-commits"]);
  for (const components of list(values.components)) {
    for (const commits of list(values.commits)) {
      progress(`bench: ${components} components × ${commits} commits…`);
      const total = components * commits;
      const naive = values["no-naive"] || total > naiveFirstMax ? false : total <= naiveMax ? "all" : "first";
      results.push(await runBenchWorld({ components, commits, naive, quietMs }));
    }
  }
  console.log(values.json ? JSON.stringify({ quietMs, worlds: results }, null, 2) : renderBenchTable(results));
  if (results.some((w) => w.contractViolations > 0)) process.exitCode = 1;
}
