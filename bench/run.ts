/**
 * `npm run bench`: what one release costs. Builds a sandbox world with many components and
 * commits, runs `/release staging` through the real bot server, and reports API requests (by
 * route), wall time and memory; then the same release again (must write nothing).
 * Options: --components N (default 20), --commits N per component (default 50), --json.
 */
import { parseArgs } from "node:util";
import { startBot } from "../src/harness/start-bot.js";
import { parseScenario, startSandbox } from "../src/sandbox/sandbox.js";
import { parseStep } from "../src/sandbox/scenario/load-scenario.js";
import { benchWorld } from "./bench-world.js";

const { values } = parseArgs({
  options: { components: { type: "string", default: "20" }, commits: { type: "string", default: "50" }, json: { type: "boolean", default: false } },
});
const components = Number(values.components);
const commits = Number(values.commits);

const sandbox = await startSandbox({ scenario: parseScenario(benchWorld({ components, commits })) });
const bot = await startBot({ github: sandbox });

async function measure(label: string) {
  const before = sandbox.transcript();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  await sandbox.play(parseStep({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } }, 0));
  const ms = performance.now() - started;
  const after = sandbox.transcript();
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.api.byRoute)) {
    const delta = n - (before.api.byRoute[route] ?? 0);
    if (delta > 0) byRoute[route] = delta;
  }
  return {
    label,
    wallMs: Math.round(ms),
    requests: after.api.requests - before.api.requests,
    writes: after.writes.length - before.writes.length,
    heapDeltaMb: Math.round(((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20) * 10) / 10,
    byRoute,
  };
}

try {
  // Warm the contract validators so the first measurement is the bot's cost, not the sandbox's compile time.
  const first = await measure("first release");
  const second = await measure("same release again");
  const t = sandbox.transcript();
  const pull = t.repos["acme/ops"].pulls[0];
  const result = {
    world: { components, commitsPerComponent: commits, totalCommits: components * commits },
    runs: [first, second],
    body: { characters: pull?.body.length ?? 0, limit: 65_536 },
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    contractViolations: t.api.contractViolations.length,
  };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`world: ${components} components × ${commits} commits (each with its PR) = ${components * commits} commits`);
    for (const run of result.runs) {
      console.log(`\n${run.label}: ${run.wallMs} ms wall, ${run.requests} API requests, ${run.writes} writes, heap +${run.heapDeltaMb} MB`);
      for (const [route, n] of Object.entries(run.byRoute).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${route}`);
    }
    console.log(`\nrelease PR body: ${result.body.characters} of ${result.body.limit} characters; process RSS ${result.rssMb} MB; contract violations: ${result.contractViolations}`);
  }
  if (result.contractViolations > 0) process.exitCode = 1;
} finally {
  await bot.close();
  await sandbox.close();
}
