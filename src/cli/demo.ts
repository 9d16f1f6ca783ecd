/**
 * `npm run demo [-- --scenario FILE] [--json]`: starts the GitHub sandbox and the real bot
 * server, plays a scenario and narrates it. Exits 0 only if every step ran, every webhook was
 * handled and no contract violation occurred. With --json, stdout holds only the transcript.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startBot } from "../harness/start-bot.js";
import { loadScenario, startSandbox } from "../sandbox/sandbox.js";
import { narratePulls } from "./narrate-pulls.js";

const DEFAULT_SCENARIO = "scenarios/default.yml";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scenario: { type: "string" }, json: { type: "boolean", default: false } } });
  const file = resolve(values.scenario ?? DEFAULT_SCENARIO);
  const say = values.json ? (_: string) => undefined : (line: string) => console.log(line);

  const scenario = loadScenario(readFileSync(file, "utf8"), { baseDir: values.scenario ? dirname(file) : process.cwd() });
  const sandbox = await startSandbox({ scenario });
  const bot = await startBot({ github: sandbox });
  let failedStep: string | undefined;
  try {
    say(`▶ ${scenario.name}`);
    say(`  GitHub sandbox on ${sandbox.url}, release-bot on ${bot.url}\n`);
    for (const [index, step] of scenario.steps.entries()) {
      try {
        for (const line of await sandbox.play(step)) say(`  ${line}`);
        await bot.idle();
        await sandbox.settle();
      } catch (error) {
        failedStep = `step ${index + 1} (${Object.keys(step)[0]}): ${error instanceof Error ? error.message : String(error)}`;
        break;
      }
    }
    const transcript = sandbox.transcript();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(transcript, null, 2)}\n`);
    } else {
      for (const line of narratePulls(transcript)) say(line);
    }
    const problems = [
      ...(failedStep ? [`failed at ${failedStep}`] : []),
      ...transcript.api.contractViolations.map((v: { route: string; message: string }) => `contract violation on ${v.route}: ${v.message}`),
      ...(transcript.webhooks.failed > 0 ? [`${transcript.webhooks.failed} webhook deliveries failed`] : []),
    ];
    for (const p of problems) console.error(`✗ ${p}`);
    if (problems.length === 0) say(`\n✓ ${scenario.steps.length} steps, ${transcript.api.requests} API requests, ${transcript.webhooks.delivered} webhooks, no contract violations.`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await bot.close();
    await sandbox.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
