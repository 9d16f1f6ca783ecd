/**
 * The sandbox's own clock: scenario time, not wall time. Every created_at/updated_at the
 * world writes comes from `now()`. Listeners hear every move (slice 3's scheduler follows it).
 */
export type ClockListener = (now: Date, previous: Date) => void | Promise<void>;

export class SandboxClock {
  private current: Date;
  private readonly listeners = new Set<ClockListener>();
  /** Minutes east of UTC used when narrating times (taken from the scenario's `start`). */
  offsetMinutes: number;

  constructor(opts: { start?: Date; offsetMinutes?: number } = {}) {
    this.current = new Date(opts.start ?? Date.UTC(2026, 10, 23, 8, 0, 0));
    this.offsetMinutes = opts.offsetMinutes ?? 0;
  }

  now(): Date {
    return new Date(this.current);
  }

  iso(): string {
    return isoSeconds(this.current);
  }

  set(date: Date): void {
    const previous = this.current;
    this.current = new Date(date);
    for (const listener of this.listeners) void listener(this.now(), previous);
  }

  advance(ms: number): void {
    this.set(new Date(this.current.getTime() + ms));
  }

  onChange(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** GitHub's timestamp format: ISO 8601 UTC without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Minutes east of UTC of an ISO timestamp's offset ("+01:00" → 60; "Z" or none → 0). */
export function offsetMinutesOf(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso.trim());
  if (!m || /Z$/i.test(iso.trim())) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}
