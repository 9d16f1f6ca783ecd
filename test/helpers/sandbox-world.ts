/**
 * A scenario world for tests: the GitHub sandbox plus the real bot server over HTTP.
 * `close()` fails the test when any request or response broke GitHub's contract or a webhook
 * delivery failed, so every scenario test checks the contract too. Deliveries that failed because
 * a `crash` step killed the bot (made while it was down) are expected, and do not fail it.
 * A `restart` step closes the bot server and starts a fresh one against the same sandbox.
 */
import { startRestartableBot, type RestartableBot, type StartBotOptions } from "../../src/harness/start-bot.js";
import type { RunCoordinator } from "../../src/scheduler/run-coordinator.js";
import { parseScenario, startSandbox, type Sandbox, type Transcript } from "../../src/sandbox/sandbox.js";
import { parseStep } from "../../src/sandbox/scenario/load-scenario.js";

export interface TestWorld {
  sandbox: Sandbox;
  /** The current bot process (a new one after each `restart` step; `generation` counts them). */
  bot: RestartableBot;
  /** Plays one step written as in a scenario file. */
  play(step: Record<string, unknown>): Promise<string[]>;
  transcript(): Transcript;
  /** Writes (non-GET REST routes and GraphQL mutations) made since the last call. */
  takeWrites(): Transcript["writes"];
  /** The test expects `count` more webhook deliveries to fail (the bot answered 500 on purpose): close() tolerates them. */
  expectFailedDeliveries(count: number): void;
  close(): Promise<void>;
}

export async function startWorld(scenario: Record<string, unknown>, opts: { coordinator?: RunCoordinator; lock?: StartBotOptions["lock"]; app?: StartBotOptions["app"] } = {}): Promise<TestWorld> {
  const parsed = parseScenario({ steps: [], ...scenario });
  const sandbox = await startSandbox({ scenario: parsed });
  const bot = await startRestartableBot({ github: sandbox, coordinator: opts.coordinator, lock: opts.lock, app: opts.app });
  // The bot's start (its catch-up tick: missed runs, the reconcile pass) is done before the first step.
  await bot.idle();
  await sandbox.settle();
  let seenWrites = 0;
  let expectedFailures = 0;
  return {
    sandbox,
    bot,
    async play(step) {
      const lines = await sandbox.play(parseStep(step, 0));
      // A clock move runs scheduled work in the bot; wait for it and for the webhooks it causes.
      await bot.idle();
      await sandbox.settle();
      return lines;
    },
    transcript: () => sandbox.transcript(),
    takeWrites() {
      const writes = sandbox.transcript().writes;
      const fresh = writes.slice(seenWrites);
      seenWrites = writes.length;
      return fresh;
    },
    expectFailedDeliveries(count) {
      expectedFailures += count;
    },
    async close() {
      const t = sandbox.transcript();
      await bot.close();
      await sandbox.close();
      if (t.api.contractViolations.length > 0) {
        throw new Error(`contract violations:\n${t.api.contractViolations.map((v) => `${v.route}: ${v.message}`).join("\n")}`);
      }
      const unexpected = t.webhooks.failed - (t.bot?.failedWhileDown ?? 0) - expectedFailures;
      if (unexpected > 0) throw new Error(`${unexpected} webhook deliveries failed${t.bot ? " (besides those made while the bot was down)" : ""}`);
    },
  };
}
