/**
 * Demo narrative lines from the bot's log (pino JSON objects): scheduled runs starting, their
 * outcome, freeze skips, and any warning or error. Other info lines are left out.
 */
import { stamp } from "../sandbox/scenario/narrate.js";

export interface LogEntry {
  level: number;
  msg?: string;
  key?: string;
  repo?: string;
  environment?: string;
  dueAt?: string;
  err?: { message?: string };
  /** How many world events had happened when the line was written. */
  eventIndex: number;
}

const WARN = 40;

export function narrateSchedulerLog(entry: LogEntry, offsetMinutes: number): string | null {
  const msg = entry.msg ?? "";
  if (entry.level >= WARN) {
    const why = entry.err?.message ? `: ${entry.err.message.split("\n")[0]}` : "";
    return `   ⚠ release-bot logged “${msg}${why}”${entry.environment ? ` (${entry.environment})` : ""}`;
  }
  if (msg === "scheduler: running" && entry.key?.startsWith("release:")) {
    // release:<installation>:<owner/repo>:<environment>:<ISO due time, with colons>
    const [, , repo, environment, ...due] = entry.key.split(":");
    return `${stamp(new Date(due.join(":")), offsetMinutes)} · ⏰ ${repo}: ${environment}'s scheduled release is due`;
  }
  if (msg.startsWith("scheduled release skipped: ")) {
    // "frozen until <ISO end> (<reason>, <from> → <to> (<timezone>))"
    const why = msg.slice("scheduled release skipped: ".length);
    const frozen = /^frozen until \S+ \((.*)\)$/.exec(why);
    return `   ⏸ skipped: ${frozen ? `${entry.environment} is frozen, ${frozen[1]}` : why}`;
  }
  if (msg.startsWith("scheduled release: ")) return `   ↳ release-bot: ${msg.slice("scheduled release: ".length)}`;
  return null;
}
