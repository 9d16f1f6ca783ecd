import { describe, expect, it } from "vitest";
import { parseDurationMs } from "../../../src/domain/config-schema.js";
import { soakStatus } from "../../../src/domain/schedule/soak.js";

describe("soakStatus", () => {
  const deployedAt = new Date("2026-11-27T10:00:00Z");
  it.each([
    { situation: "fresh deploy holds", minSoak: "24h", now: "2026-11-27T11:00:00Z", ready: false, readyAt: "2026-11-28T10:00:00.000Z" },
    { situation: "one second short holds", minSoak: "24h", now: "2026-11-28T09:59:59Z", ready: false, readyAt: "2026-11-28T10:00:00.000Z" },
    { situation: "exactly soaked is ready", minSoak: "24h", now: "2026-11-28T10:00:00Z", ready: true, readyAt: "2026-11-28T10:00:00.000Z" },
    { situation: "long soaked is ready", minSoak: "1d12h", now: "2026-12-01T00:00:00Z", ready: true, readyAt: "2026-11-28T22:00:00.000Z" },
    { situation: "no soak is ready at once", minSoak: "0m", now: "2026-11-27T10:00:00Z", ready: true, readyAt: "2026-11-27T10:00:00.000Z" },
  ])("$situation", ({ minSoak, now, ready, readyAt }) => {
    const status = soakStatus({ deployedAt, minSoakMs: parseDurationMs(minSoak)!, now: new Date(now) });
    expect({ ready: status.ready, readyAt: status.readyAt.toISOString() }).toEqual({ ready, readyAt });
  });
});
