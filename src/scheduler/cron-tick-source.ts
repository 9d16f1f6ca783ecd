/**
 * Real-time ticks for production: a node-cron 4 job (`* * * * *` by default) with `noOverlap`, so a
 * slow tick makes node-cron skip the minutes it overlaps instead of running two at once; the next
 * tick's window then starts where the last finished one ended, so no scheduled instant is lost.
 *
 * The window is (previous tick's slot, this tick's slot], the first one starting when `start` was
 * called; node-cron's slot is the whole minute it fired for, so a 09:00 schedule is in the 09:00 tick.
 * With `catchUpFrom`, the catch-up window (from, start] is ticked at once; minute ticks wait for it.
 *
 * Deliberately NOT node-cron's `distributed` mode (node-cron 4.6 does have it: `distributed: true` +
 * `runCoordinator.shouldRun(key = "<task name>:<slot ISO>", distributedLease)`, fail-closed on
 * coordinator errors): that elects one replica per *tick*, and the tick's winner then owns every due
 * run of that minute for every installation. The `Scheduler` instead asks the same kind of
 * `RunCoordinator` per *due run* (repo, environment, scheduled instant), which also works with the
 * scenario clock, where no node-cron job ticks. See run-coordinator.ts.
 */
import cron, { type Logger as CronLogger, type ScheduledTask } from "node-cron";
import type { Logger } from "../use-cases/logger.js";
import { runCatchUpTick, runTick, type OnTick, type TickSource, type TickStartOptions } from "./tick-source.js";

export class CronTickSource implements TickSource {
  private readonly expression: string;
  private readonly log: Logger;
  private readonly now: () => Date;
  private task: ScheduledTask | null = null;
  private running: Promise<void> = Promise.resolve();

  /** `expression` defaults to every minute; `now` (for the first window's start) to the system clock. */
  constructor(opts: { log: Logger; expression?: string; now?: () => Date }) {
    this.expression = opts.expression ?? "* * * * *";
    this.log = opts.log;
    this.now = opts.now ?? (() => new Date());
  }

  start(onTick: OnTick, opts?: TickStartOptions): void {
    if (this.task) throw new Error("CronTickSource already started");
    let last = this.now();
    this.running = runCatchUpTick(onTick, last, opts, this.log);
    this.task = cron.schedule(
      this.expression,
      (context) => {
        const upTo = new Date(context.date);
        if (upTo.getTime() <= last.getTime()) return;
        const window = { after: last, upTo };
        last = upTo;
        this.running = this.running.then(() => runTick(onTick, window, this.log));
        return this.running;
      },
      { name: "release-bot-scheduler", noOverlap: true, logger: cronLoggerOf(this.log) },
    );
  }

  async stop(): Promise<void> {
    const task = this.task;
    this.task = null;
    if (task) await task.destroy();
    await this.running;
  }
}

/** node-cron's own messages (e.g. "task still running, new execution blocked") go to our logger. */
function cronLoggerOf(log: Logger): CronLogger {
  return {
    info: (message) => log.info(`node-cron: ${message}`),
    warn: (message) => log.warn(`node-cron: ${message}`),
    error: (message, err) => log.error({ err: err ?? message }, `node-cron: ${message instanceof Error ? message.message : message}`),
    debug: () => {},
  };
}
