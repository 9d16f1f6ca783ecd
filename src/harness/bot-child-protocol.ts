/**
 * The IPC messages between the harness (parent) and a bot running in a process of its own
 * (bot-child.ts). The parent owns the sandbox and its clock; the child runs the real bot server.
 *
 * parent → child: `init` once, then `clock` on every move of the sandbox clock, `idle` requests
 * (answered `idle-done` once the child's scheduled work is finished), `close` to stop gracefully.
 * child → parent: `ready` with the bot's URL, `log` lines (pino JSON), `idle-done`, `failed`.
 */
import type { StartBotOptions } from "./start-bot.js";

export type LogLevel = NonNullable<StartBotOptions["logLevel"]>;

/** What the child needs to start the bot against the sandbox (no object crosses the process boundary). */
export interface BotChildInit {
  type: "init";
  url: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  notifyUrl?: string;
  /** The sandbox clock when the child was forked (ISO). */
  now: string;
  logLevel: LogLevel;
  octokit?: StartBotOptions["octokit"];
  opsRepos?: string;
}

export type ParentMessage =
  | BotChildInit
  | { type: "clock"; now: string }
  | { type: "idle"; id: number }
  | { type: "close" };

export type ChildMessage =
  | { type: "ready"; url: string }
  | { type: "log"; line: string }
  | { type: "idle-done"; id: number }
  | { type: "failed"; message: string };

const PARENT_TYPES = new Set(["init", "clock", "idle", "close"]);
const CHILD_TYPES = new Set(["ready", "log", "idle-done", "failed"]);

export function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === "object" && value !== null && PARENT_TYPES.has((value as { type?: unknown }).type as string);
}

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === "object" && value !== null && CHILD_TYPES.has((value as { type?: unknown }).type as string);
}
