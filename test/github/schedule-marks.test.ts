import { describe, expect, it } from "vitest";
import { markStamp, parseMarkStamp } from "../../src/github/schedule-marks.js";

describe("schedule mark stamps", () => {
  it.each([
    ["2026-11-23T08:00:00.000Z", "20261123T080000Z"],
    ["2026-01-05T23:59:30.000Z", "20260105T235930Z"],
    ["2026-11-23T08:00:00.999Z", "20261123T080000Z"],
  ])("%s ↔ %s", (iso, stamp) => {
    expect(markStamp(new Date(iso))).toBe(stamp);
    expect(parseMarkStamp(stamp)?.toISOString()).toBe(iso.replace(/\.\d{3}Z$/, ".000Z"));
  });

  it.each(["", "20261123", "20261123T0800Z", "20261123T080000", "2026-11-23T08:00:00Z", "20261399T080000Z", "20261123T080000Z/x", "../20261123T080000Z"])(
    "%j is not a mark",
    (stamp) => expect(parseMarkStamp(stamp)).toBeNull(),
  );
});
