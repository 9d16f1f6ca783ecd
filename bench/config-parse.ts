/**
 * `npx tsx bench/config-parse.ts`: what reading a config costs (never asserted in tests, timings vary).
 * Reports the median CPU time of parseConfig (YAML + schema + semantic checks) for 500 and 2,000
 * components, of a cache hit, of rejecting a 5 MB config and an alias bomb, and the size of the check
 * run summary and issue body for 4,413 problems.
 */
import { parseConfig } from "../src/domain/parse-config.js";
import { renderConfigCheckRun, renderConfigIssueBody } from "../src/domain/render-config-report.js";
import { parseOpsConfig } from "../src/use-cases/load-ops-config.js";

const RUNS = 21;

/** Median CPU milliseconds (user + system) of `run`, after two warm-up runs. */
function cpuMs(run: () => unknown): number {
  run();
  run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

function components(n: number, extra = ""): string {
  const lines = ["timezone: Europe/Rome", "components:"];
  for (let i = 0; i < n; i++) lines.push(`  service-${i}:`, `    repo: acme/service-${i}`, "    build: { workflow: ci.yml }", ...(extra ? [`    ${extra}`] : []));
  lines.push("environments:", '  staging: { from: builds, schedule: "0 9 * * 1-5" }', '  demo: { from: staging, schedule: "0 9 * * 5" }', '  production: { from: demo, schedule: "0 9 * * 1" }');
  return `${lines.join("\n")}\n`;
}

const BOMB = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(", ")}]`)].join("\n");
const rows: [string, string][] = [];
const add = (label: string, value: string) => rows.push([label, value]);

for (const n of [500, 2000, 6900]) {
  const text = components(n);
  add(`parseConfig, ${n} components (${Math.round(text.length / 1024)} KB)`, `${cpuMs(() => parseConfig({ file: "c.yml", text })).toFixed(1)} ms`);
}
const withProblems = components(2000, "bogus: 1");
add("parseConfig, 2,000 components with an unknown key each (2,000 problems)", `${cpuMs(() => parseConfig({ file: "c.yml", text: withProblems })).toFixed(1)} ms`);
const cached = components(500);
parseOpsConfig({ text: cached });
add("parseOpsConfig cache hit, 500 components (blob sha of the text)", `${cpuMs(() => parseOpsConfig({ text: cached })).toFixed(2)} ms`);
const huge = `${components(10)}${"# padding\n".repeat(520_000)}`;
add(`rejecting a ${(huge.length / 1024 / 1024).toFixed(1)} MB config`, `${cpuMs(() => parseConfig({ file: "c.yml", text: huge })).toFixed(2)} ms`);
add("rejecting an alias bomb", `${cpuMs(() => parseConfig({ file: "c.yml", text: `${components(10)}${BOMB}\n` })).toFixed(2)} ms`);
add("rejecting 300,000 open brackets", `${cpuMs(() => parseConfig({ file: "c.yml", text: `components: ${"[".repeat(300_000)}` })).toFixed(2)} ms`);

const bad = components(4413).replace(/\n {4}build: \{ workflow: ci\.yml \}/g, "");
const parsed = parseConfig({ file: ".github/release-bot.yml", text: bad });
const report = { problems: parsed.problems, file: ".github/release-bot.yml", declared: parsed.declaredEnvironments, usable: parsed.usableEnvironments };
const run = renderConfigCheckRun(report);
const body = renderConfigIssueBody({ ...report, defaultBranch: "main", head: "0123456789abcdef", checkName: "release-bot/config" });
add(`4,413 problems: check run title`, run.title);
add(`4,413 problems: summary / text / issue body (characters)`, `${run.summary.length.toLocaleString("en-US")} / ${(run.text ?? "").length.toLocaleString("en-US")} / ${body.length.toLocaleString("en-US")}`);
add(`4,413 problems: rendering both`, `${cpuMs(() => [renderConfigCheckRun(report), renderConfigIssueBody({ ...report, defaultBranch: "main", head: "0123456789abcdef", checkName: "release-bot/config" })]).toFixed(1)} ms`);

const width = Math.max(...rows.map(([label]) => label.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
