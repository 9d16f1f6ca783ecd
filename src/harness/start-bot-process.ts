/**
 * Runs the real release-bot in a process of its own (bot-child.ts, forked with tsx over an IPC
 * channel) against a GitHub stand-in, so that a scenario's `crash` is a real SIGKILL and a
 * `restart` a fresh process with nothing in memory.
 *
 * - The stand-in's clock is mirrored to the child on every move; `idle()` asks the child (over
 *   IPC) and resolves once its scheduled work is finished, or at once when it is dead.
 * - The child's pino lines come back over IPC (`logLine`), in the order it wrote them.
 * - The child leads a process group of its own: `kill()` sends SIGKILL to the whole group, so no
 *   grandchild it may have started survives it.
 * - Once the child is dead, nothing it sent late counts: its messages (a late `ready`, a log line,
 *   an `idle-done`) are ignored. What it left on the wire is fenced by the sandbox (see
 *   src/sandbox/http/bot-process.ts).
 */
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isChildMessage, type LogLevel, type ParentMessage } from "./bot-child-protocol.js";
import type { GitHubStandIn, RunningBot, StartBotOptions } from "./start-bot.js";

export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A bot running in a child process. */
export interface BotChild extends RunningBot {
  readonly pid: number;
  /** The process handle (tests use it to play a late message from a dead process). */
  readonly child: ChildProcess;
  /** Resolves when the process has exited (how: its exit code or the signal that killed it). */
  readonly exited: Promise<BotExit>;
  /** Set once the process has exited. */
  readonly exit: BotExit | undefined;
}

export interface StartBotProcessOptions {
  github: GitHubStandIn;
  logLevel?: LogLevel;
  /** Receives each pino line (JSON) the child's logger writes; default: written to stderr when `logLevel` lets any through. */
  logLine?: (line: string) => void;
  octokit?: StartBotOptions["octokit"];
  app?: { opsRepos?: string };
  /** Bound on the child's start (fork, load, listen); default 60 s. */
  startTimeoutMs?: number;
  /** Bound on one `idle()` wait; default 10 minutes (as long as a scheduled pass may run). */
  idleTimeoutMs?: number;
}

const CHILD_ENTRY = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./bot-child.ts" : "./bot-child.js", import.meta.url));

/** Node options that let the child run TypeScript (tsx's loader), unless the harness itself was compiled. */
function childExecArgv(): string[] {
  if (!CHILD_ENTRY.endsWith(".ts")) return [];
  return ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href];
}

/** A forked bot process that has loaded its code and waits for `init`: nothing started, nothing in memory. */
export interface ForkedBotProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<BotExit>;
  /** Set once the process has exited. */
  readonly exit: BotExit | undefined;
  /** SIGKILL to its whole process group. */
  killGroup(): void;
}

export function forkBotProcess(): ForkedBotProcess {
  const child = fork(CHILD_ENTRY, [], {
    execArgv: childExecArgv(),
    // Its own process group (so a kill takes any grandchild too); its stdout never mixes into the parent's (--json).
    detached: true,
    stdio: ["ignore", process.stderr, process.stderr, "ipc"],
    serialization: "json",
  });
  if (child.pid === undefined) throw new Error("release-bot child process did not start");
  const pid = child.pid;
  let exit: BotExit | undefined;
  const exited = new Promise<BotExit>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  child.on("error", () => undefined);
  return {
    child,
    pid,
    exited,
    get exit() {
      return exit;
    },
    killGroup: () => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    },
  };
}

/** Starts the bot in `forked` (a spare forked ahead, if it is still there) or in a process forked now. */
export async function startBotProcess(opts: StartBotProcessOptions & { forked?: ForkedBotProcess }): Promise<BotChild> {
  const { github } = opts;
  const forked = opts.forked && opts.forked.exit === undefined ? opts.forked : forkBotProcess();
  const { child, pid, exited, killGroup } = forked;
  let alive = true;
  void exited.then(() => {
    alive = false;
  });

  const send = (message: ParentMessage) => {
    if (alive && child.connected) child.send(message, (error) => void error);
  };
  const pendingIdle = new Map<number, () => void>();
  let nextIdle = 0;
  const settleAll = () => {
    for (const resolve of pendingIdle.values()) resolve();
    pendingIdle.clear();
  };
  void exited.then(settleAll);

  const writeLog = opts.logLine ?? ((line: string) => void process.stderr.write(line.endsWith("\n") ? line : `${line}\n`));
  let onReady: ((url: string) => void) | undefined;
  let onFailed: ((message: string) => void) | undefined;
  child.on("message", (message: unknown) => {
    // A dead process's late messages count for nothing.
    if (!alive || !isChildMessage(message)) return;
    if (message.type === "log") writeLog(message.line);
    else if (message.type === "idle-done") {
      pendingIdle.get(message.id)?.();
      pendingIdle.delete(message.id);
    } else if (message.type === "ready") onReady?.(message.url);
    else if (message.type === "failed") onFailed?.(message.message);
  });

  const stopClock = github.clock.onChange((now) => send({ type: "clock", now: now.toISOString() }));
  void exited.then(stopClock);

  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const webhookUrl = await new Promise<string>((resolve, reject) => {
    onReady = resolve;
    onFailed = (message) => reject(new Error(`release-bot child process failed to start: ${message}`));
    void exited.then(({ code, signal }) => reject(new Error(`release-bot child process exited before it was ready (code ${code}, signal ${signal})`)));
    timer = setTimeout(() => reject(new Error(`release-bot child process not ready after ${startTimeoutMs} ms`)), startTimeoutMs);
    send({
      type: "init",
      url: github.url,
      appId: github.appId,
      privateKey: github.privateKey,
      webhookSecret: github.webhookSecret,
      notifyUrl: github.notifyUrl,
      now: github.clock.now().toISOString(),
      logLevel: opts.logLevel ?? "fatal",
      octokit: opts.octokit,
      opsRepos: opts.app?.opsRepos,
    });
  }).catch(async (error: unknown) => {
    killGroup();
    await exited;
    throw error;
  }).finally(() => clearTimeout(timer));
  onReady = undefined;
  onFailed = undefined;
  github.setWebhookTarget(webhookUrl);

  const idleTimeoutMs = opts.idleTimeoutMs ?? 600_000;
  return {
    url: webhookUrl.replace(/\/api\/github\/webhooks$/, ""),
    pid,
    child,
    exited,
    get exit() {
      return forked.exit;
    },
    idle: () => {
      if (!alive) return Promise.resolve();
      const id = ++nextIdle;
      return new Promise<void>((resolve, reject) => {
        const bound = setTimeout(() => {
          pendingIdle.delete(id);
          reject(new Error(`release-bot child process (pid ${pid}) still busy after ${idleTimeoutMs} ms`));
        }, idleTimeoutMs);
        pendingIdle.set(id, () => {
          clearTimeout(bound);
          resolve();
        });
        send({ type: "idle", id });
      });
    },
    close: async () => {
      if (!alive) return;
      send({ type: "close" });
      const forced = setTimeout(killGroup, 10_000);
      await exited;
      clearTimeout(forced);
    },
    kill: async () => {
      if (alive) {
        alive = false; // from here on, whatever it still sends is ignored
        stopClock();
        settleAll();
        killGroup();
      }
      await exited;
    },
  };
}
