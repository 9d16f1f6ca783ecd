/**
 * The bot in a process of its own: forked by start-bot-process.ts (with tsx, over an IPC channel),
 * it starts the real release-bot server against the sandbox exactly as `startBot` does in-process.
 *
 * - Its clock mirrors the sandbox clock: every `clock` message moves it, so `clock` steps still
 *   drive the scheduler and the reconciler here.
 * - `idle` is answered once the scheduled work those moves triggered is finished.
 * - Its pino log lines go to the parent, which narrates them.
 * - It exits when the parent goes away (IPC disconnect), so it never outlives the harness.
 */
import pino from "pino";
import type { Clock } from "../domain/types.js";
import type { TickClock } from "../scheduler/clock-tick-source.js";
import { isParentMessage, type BotChildInit, type ChildMessage } from "./bot-child-protocol.js";
import { startBot, type RunningBot } from "./start-bot.js";

/** The sandbox clock as the child sees it: moved only by the parent's `clock` messages. */
export class MirrorClock implements Clock, TickClock {
  private current: Date;
  private readonly listeners = new Set<(now: Date, previous: Date) => void | Promise<void>>();

  constructor(start: Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date): void {
    const previous = this.current;
    this.current = new Date(date);
    for (const listener of this.listeners) void listener(this.now(), previous);
  }

  onChange(listener: (now: Date, previous: Date) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

async function start(init: BotChildInit): Promise<{ bot: RunningBot; clock: MirrorClock }> {
  const clock = new MirrorClock(new Date(init.now));
  const log = pino({ level: init.logLevel }, { write: (line: string) => send({ type: "log", line }) });
  let ready: string | undefined;
  const bot = await startBot({
    github: {
      url: init.url,
      appId: init.appId,
      privateKey: init.privateKey,
      webhookSecret: init.webhookSecret,
      notifyUrl: init.notifyUrl,
      clock,
      // The parent points the sandbox's deliveries here once this process says it is ready.
      setWebhookTarget: (url) => {
        ready = url;
      },
    },
    log,
    octokit: init.octokit,
    app: init.opsRepos === undefined ? undefined : { opsRepos: init.opsRepos },
  });
  send({ type: "ready", url: ready ?? `${bot.url}/api/github/webhooks` });
  return { bot, clock };
}

function main(): void {
  if (!process.send) {
    console.error("bot-child.ts is forked by the harness (start-bot-process.ts), with an IPC channel");
    process.exit(2);
  }
  let started: Promise<{ bot: RunningBot; clock: MirrorClock }> | undefined;
  // Clock moves and idle requests are applied in the order they arrive, after the bot is up.
  let queue: Promise<unknown> = Promise.resolve();
  const fail = (error: unknown) => {
    send({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  };
  const then = (work: (running: { bot: RunningBot; clock: MirrorClock }) => Promise<void> | void) => {
    const running = started!;
    queue = queue.then(async () => work(await running)).catch(fail);
  };
  process.on("disconnect", () => process.exit(0));
  process.on("message", (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === "init") {
      if (started) return;
      started = start(message);
      queue = started.catch(fail);
      return;
    }
    if (!started) return;
    if (message.type === "clock") {
      then(({ clock }) => clock.set(new Date(message.now)));
    } else if (message.type === "idle") {
      then(async ({ bot }) => {
        await bot.idle();
        send({ type: "idle-done", id: message.id });
      });
    } else if (message.type === "close") {
      then(async ({ bot }) => {
        await bot.close();
        process.exit(0);
      });
    }
  });
}

main();
