/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; null where /proc is missing. */
import { readFileSync } from "node:fs";

/** Linux reports utime and stime in clock ticks: 100 a second on every mainstream kernel build (USER_HZ). */
const TICK_MS = 10;

export function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 on: utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}
