/**
 * `npm run demo [-- --scenario FILE] [--json] [--all-pulls] [--in-process] [--help]`: starts the GitHub sandbox and
 * the real bot server, plays a scenario and narrates it. Exits 0 only if every step ran, every webhook was
 * handled and no contract violation occurred. With --json, stdout holds only the transcript. The
 * closing PR bodies are the newest per release/rollback branch; --all-pulls shows every one.
 *
 * Besides what each step does and how the bot reacts over webhooks, the narrative shows the bot's
 * scheduled work: which scheduled release ran when a `clock` step crossed its cron time (and what
 * it did), or that a freeze window skipped it. Those come from the bot's own log lines, captured
 * by a pino logger, because a skipped run leaves no trace on GitHub.
 *
 * The bot runs in a process of its own (a child process, its clock and log mirrored over IPC): a
 * `crash` is a real SIGKILL, a `restart` a fresh process. That costs one process start (about 1–2 s
 * of the default demo's 25 s on the 2-core development machine). `--in-process` runs it in this
 * process instead (a crash then fences the bot's requests); the narrative is the same.
 *
 * A scenario file that is missing, unreadable or invalid (bad YAML, a schema error, a step naming an unknown commit)
 * is one line on stderr naming the file and what is wrong, and exit 1; an unknown option is one line and exit 2.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startRestartableBot } from "../harness/start-bot.js";
import type { Scenario } from "../sandbox/scenario/scenario-schema.js";
import { loadScenario, ScenarioError, startSandbox, type Transcript } from "../sandbox/sandbox.js";
import { narrateBotEvent, stamp } from "../sandbox/scenario/narrate.js";
import { narratePulls } from "./narrate-pulls.js";
import { narrateSchedulerLog, type LogEntry } from "./narrate-scheduler.js";

const DEFAULT_SCENARIO = "scenarios/default.yml";

const USAGE = `Usage: npm run demo -- [--scenario FILE] [--json] [--all-pulls] [--in-process]

Plays a scenario on the GitHub sandbox against the real release-bot server and narrates it.

Options:
  --scenario FILE  the scenario to play, a YAML file (default ${DEFAULT_SCENARIO}, a week of releases;
                   more in scenarios/). Files it names with fromFile are read relative to it.
  --json           print only the final state, as a JSON transcript, on stdout
  --all-pulls      show every body of each release and rollback PR, not only the newest
  --in-process     run the bot in this process instead of a child process of its own
  -h, --help       print this help and exit

Exit status: 0 when every step ran, every webhook was handled and no request or response broke GitHub's
contract; 1 otherwise, or when the scenario file is missing or invalid; 2 for an unknown option.`;

const OPTIONS = {
  scenario: { type: "string" },
  json: { type: "boolean", default: false },
  "all-pulls": { type: "boolean", default: false },
  "in-process": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A failure the person running the demo can fix: told in one line on stderr, without a stack trace. */
class DemoUsageError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** What keeps a scenario file from being read, in words (`ENOENT` → "no such file"). */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = { ENOENT: "no such file", EISDIR: "is a directory", EACCES: "permission denied" };
  return `cannot read it: ${(code && words[code]) ?? (error instanceof Error ? error.message : String(error))}`;
}

/** A ScenarioError's message on one line: the scenario prefix dropped, YAML's code frame cut at its first line. */
const oneLine = (error: ScenarioError): string => error.message.replace(/^scenario: /, "").split("\n")[0].replace(/:\s*$/, "");

function readScenario(path: string): string {
  try {
    return readFileSync(resolve(path), "utf8");
  } catch (error) {
    throw new DemoUsageError(`demo: ${path}: ${unreadable(error)}`, 1);
  }
}

async function main(): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
  try {
    ({ values } = parseArgs({ options: OPTIONS }));
  } catch (error) {
    throw new DemoUsageError(`demo: ${error instanceof Error ? error.message : String(error)}. Run npm run demo -- --help for the options.`, 2);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const path = values.scenario ?? DEFAULT_SCENARIO;
  const file = resolve(path);
  const say = values.json ? (_: string) => undefined : (line: string) => console.log(line);

  const text = readScenario(path);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let scenario: Scenario;
  try {
    scenario = loadScenario(text, { baseDir: values.scenario ? dirname(file) : process.cwd() });
    sandbox = await startSandbox({ scenario });
  } catch (error) {
    if (error instanceof ScenarioError) throw new DemoUsageError(`demo: ${path}: ${oneLine(error)}`, 1);
    throw error;
  }
  const { world } = sandbox;

  // The bot's log lines, each with the number of world events that had happened when it was written,
  // so they interleave with what the bot did on GitHub.
  const logged: LogEntry[] = [];
  const logLine = (line: string) => void logged.push({ ...JSON.parse(line), eventIndex: world.events.length });
  const outOfProcess = !values["in-process"];
  const bot = await startRestartableBot({ github: sandbox, logLevel: "info", logLine, outOfProcess, spare: outOfProcess && restarts(scenario) });

  /** Narrates the bot's events from `from` on, with the log lines written meanwhile. */
  let logSeen = 0;
  const narrateSince = (from: number): string[] => {
    const lines: string[] = [];
    const entries = logged.slice(logSeen);
    logSeen = logged.length;
    let next = 0;
    const flushLog = (upTo: number) => {
      for (; next < entries.length && entries[next].eventIndex <= upTo; next++) {
        const text = narrateSchedulerLog(entries[next], world.clock.offsetMinutes);
        if (text) lines.push(text);
      }
    };
    for (let i = from; i < world.events.length; i++) {
      flushLog(i);
      const event = world.events[i];
      if (event.sender !== world.app.botLogin) continue;
      const text = narrateBotEvent(world, event);
      if (text) lines.push(`   ↳ ${world.app.slug} ${text}`);
    }
    flushLog(Number.POSITIVE_INFINITY);
    return lines;
  };

  let failedStep: string | undefined;
  try {
    say(`▶ ${scenario.name}`);
    for (const line of wrap(scenario.description ?? "", 100)) say(`  ${line}`);
    say(`  GitHub sandbox on ${sandbox.url}, release-bot on ${bot.url}${outOfProcess ? ` in a process of its own (pid ${bot.processes[0].pid})` : ""}`);
    const offset = world.clock.offsetMinutes;
    const utc = `UTC${offset < 0 ? "-" : "+"}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
    say(`  (times at ${utc}, the scenario's offset; ⏰ a scheduled run the clock reached; ↳ what release-bot did)`);
    let lastDay = "";
    for (const [index, step] of scenario.steps.entries()) {
      try {
        // The step's own line (and webhook warnings); what the bot did is narrated below, once its
        // scheduled work (a clock move) is finished too, in order with its log lines.
        const before = world.events.length;
        const stepLines = await sandbox.play(step);
        await bot.idle();
        await sandbox.settle();
        const botLines = narrateSince(before);
        if ("clock" in step) {
          // A new day gets a blank line; a clock move that set nothing off goes unsaid.
          const day = stamp(world.clock.now(), world.clock.offsetMinutes).slice(6);
          if (day !== lastDay) say("");
          lastDay = day;
          if (botLines.length === 0) continue;
        }
        // "the clock moves on" says nothing when the scheduled run's own line carries the time.
        const stamped = botLines.length > 0 && !botLines[0].startsWith(" ");
        for (const line of stepLines) if (!line.startsWith("   ↳ ") && !("clock" in step && stamped)) say(`  ${line}`);
        for (const line of botLines) say(`  ${line}`);
      } catch (error) {
        failedStep = `step ${index + 1} (${Object.keys(step)[0]}): ${error instanceof Error ? error.message : String(error)}`;
        break;
      }
    }
    const transcript = sandbox.transcript();
    if (values.json) {
      // Wait for the pipe to take it all: process.exit() would cut a large transcript short.
      await new Promise<void>((done) => process.stdout.write(`${JSON.stringify(transcript, null, 2)}\n`, () => done()));
    } else {
      for (const line of narratePulls(transcript, { latestOnly: !values["all-pulls"] })) say(line);
    }
    const problems = [
      ...(failedStep ? [`failed at ${failedStep}`] : []),
      ...transcript.api.contractViolations.map((v: { route: string; message: string }) => `contract violation on ${v.route}: ${v.message}`),
      // Deliveries made while a `crash` had the bot down fail, as on GitHub: those are the scenario's, not a problem.
      ...(failedDeliveries(transcript) > 0 ? [`${failedDeliveries(transcript)} webhook deliveries failed`] : []),
    ];
    for (const p of problems) console.error(`✗ ${p}`);
    if (problems.length === 0) say(`\n✓ ${scenario.steps.length} steps, ${transcript.api.requests} API requests, ${transcript.webhooks.delivered} webhooks, no contract violations.`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await bot.close();
    await sandbox.close();
  }
}

/** Deliveries that failed although the bot was up. */
function failedDeliveries(transcript: Transcript): number {
  return transcript.webhooks.failed - (transcript.bot?.failedWhileDown ?? 0);
}

/** Whether the scenario restarts the bot (then the next process is forked ahead). */
function restarts(scenario: Scenario): boolean {
  const restart = (step: object): boolean =>
    "restart" in step || ("concurrently" in step && Array.isArray(step.concurrently) && step.concurrently.some((s: object) => restart(s)));
  return scenario.steps.some((step) => restart(step));
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof DemoUsageError) {
      console.error(error.message);
      process.exit(error.exitCode);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
