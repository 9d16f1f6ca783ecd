/** Test doubles for the scheduler: a tiny movable clock, a recording logger, and due-environment jobs. */
import type { Config } from "../../src/domain/config-schema.js";
import { dueEnvironments } from "../../src/domain/schedule/due-environments.js";
import type { TickClock } from "../../src/scheduler/clock-tick-source.js";
import type { ScheduledJob } from "../../src/scheduler/scheduler.js";
import type { TickWindow } from "../../src/scheduler/tick-source.js";
import type { Logger } from "../../src/use-cases/logger.js";

export class TinyClock implements TickClock {
  private listeners = new Set<(now: Date, previous: Date) => void>();
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  onChange(listener: (now: Date, previous: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(date: Date): void {
    const previous = this.current;
    this.current = new Date(date);
    for (const listener of this.listeners) listener(this.now(), previous);
  }
  advanceMinutes(minutes: number): void {
    this.set(new Date(this.current.getTime() + minutes * 60_000));
  }
}

export interface LogLine {
  level: "info" | "warn" | "error";
  obj: object | string;
  msg?: string;
}

export function recordingLog(): Logger & { lines: LogLine[]; errors(): string[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (obj: object | string, msg?: string) => void lines.push({ level, obj, msg });
  return {
    lines,
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    errors: () => lines.filter((l) => l.level === "error").map((l) => l.msg ?? String(l.obj)),
  };
}

type Envs = Config["environments"];
const env = (over: Partial<Envs[string]>): Envs[string] => ({ from: "builds", deployTimeout: "60m", ...over });

/** The SPEC's weekly chain in Rome: staging weekdays 09:00, demo Friday 09:00, production Monday 09:00. */
export const weeklyChain: Pick<Config, "timezone" | "environments"> = {
  timezone: "Europe/Rome",
  environments: {
    staging: env({ schedule: "0 9 * * 1-5" }),
    demo: env({ from: "staging", schedule: "0 9 * * 5" }),
    production: env({ from: "demo", schedule: "0 9 * * 1" }),
  },
};

export interface Ran {
  key: string;
  at: string;
  by: string;
}

/**
 * Jobs for every due environment of `config`; each records (key, clock time, runner) in `ran`.
 * `fail` names environments whose run throws.
 */
export function releaseJobs(opts: { config: Pick<Config, "timezone" | "environments">; clock: { now(): Date }; ran: Ran[]; by?: string; fail?: string[] }) {
  return async (window: TickWindow): Promise<ScheduledJob[]> =>
    dueEnvironments({ config: opts.config, after: window.after, upTo: window.upTo }).map(({ environment, dueAt }) => {
      const key = `release:acme/ops:${environment}:${dueAt.toISOString()}`;
      return {
        key,
        run: async () => {
          if (opts.fail?.includes(environment)) throw new Error(`${environment} exploded`);
          opts.ran.push({ key, at: opts.clock.now().toISOString(), by: opts.by ?? "scheduler" });
        },
      };
    });
}
