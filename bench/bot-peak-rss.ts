/**
 * The bot process's memory as Linux accounts it: peak resident set size (VmHWM in
 * /proc/<pid>/status) since the process started or since the last `resetPeakRss` (writing "5" to
 * /proc/<pid>/clear_refs resets VmHWM to the current RSS). Returns null where /proc is missing.
 */
import { readFileSync, writeFileSync } from "node:fs";

export function readPeakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}

/** Starts a new peak window; false when the kernel refused (the peak then covers the process's whole life). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}
