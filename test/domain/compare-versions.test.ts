import { describe, expect, it } from "vitest";
import { compareVersions, decideBump, type Ancestry } from "../../src/domain/compare-versions.js";
import type { Build, Pin, VersionScheme } from "../../src/domain/types.js";

const A = "a".repeat(40);
const B = "b".repeat(40);

describe("compareVersions", () => {
  it.each<[VersionScheme, string, string, number | null]>([
    ["run-number", "1432", "1431", 1],
    ["run-number", "999", "1000", -1],
    ["run-number", "10", "9", 1],
    ["run-number", "1432", "1432", 0],
    ["run-number", "99999999999999999999", "99999999999999999998", 1],
    ["run-number", "latest", "12", null],
    ["run-number", "1.2", "1", null],
    ["tag", "v1.10.0", "v1.9.0", 1],
    ["tag", "1.2.3", "v1.2.3", 0],
    ["tag", "v2.0.0-rc.1", "v2.0.0", -1],
    ["tag", "V3.0.0", "v2.9.9", 1],
    ["tag", "release-5", "v1.0.0", null],
    ["sha", A, B, null],
  ])("%s %s vs %s → %s", (scheme, a, b, expected) => {
    expect(compareVersions({ scheme, a, b })).toBe(expected);
  });
});

describe("decideBump", () => {
  const build = (version: string, commit = B): Build => ({ component: "billing", version, commit, url: "u", finishedAt: "2024-01-01T00:00:00Z" });
  it.each<[string, VersionScheme, Pin | undefined, Build, Ancestry, string, string?]>([
    ["nothing pinned", "run-number", undefined, build("1"), "unknown", "bump"],
    ["newer run number", "run-number", { version: "1431", commit: A }, build("1432"), "ahead", "bump"],
    ["newer run number on diverged history still bumps", "run-number", { version: "1431", commit: A }, build("1432"), "diverged", "bump"],
    ["newer run number with unknown pinned commit", "run-number", { version: "1431", commit: A }, build("1432"), "unknown", "bump"],
    ["same run number", "run-number", { version: "1432", commit: A }, build("1432"), "identical", "up-to-date"],
    ["older run number", "run-number", { version: "1432", commit: A }, build("1430"), "behind", "skip:older", "build 1430 is older than pinned 1432, not downgraded"],
    ["older run number even if ancestry says ahead", "run-number", { version: "1432" }, build("1430"), "ahead", "skip:older"],
    ["unorderable pin falls back to ancestry: ahead", "run-number", { version: "latest", commit: A }, build("12"), "ahead", "bump"],
    ["unorderable pin falls back to ancestry: behind", "run-number", { version: "latest", commit: A }, build("12"), "behind", "skip:older"],
    ["newer tag", "tag", { version: "v1.9.0" }, build("v1.10.0"), "ahead", "bump"],
    ["older tag", "tag", { version: "v2.0.0" }, build("v1.10.0"), "ahead", "skip:older", "tag v1.10.0 is older than pinned v2.0.0, not downgraded"],
    ["same tag spelled differently", "tag", { version: "1.2.3" }, build("v1.2.3"), "identical", "up-to-date"],
    ["sha equal", "sha", { version: B, commit: B }, build(B), "identical", "up-to-date"],
    ["sha short pin matches", "sha", { version: B.slice(0, 7) }, build(B), "unknown", "up-to-date"],
    ["sha ahead", "sha", { version: A, commit: A }, build(B), "ahead", "bump"],
    ["sha behind", "sha", { version: A, commit: A }, build(B), "behind", "skip:older", "commit bbbbbbb is older than pinned aaaaaaa, not downgraded"],
    ["sha diverged", "sha", { version: A, commit: A }, build(B), "diverged", "skip:diverged", "commit bbbbbbb and pinned aaaaaaa have diverged"],
    ["sha unknown pinned commit", "sha", { version: A, commit: A }, build(B), "unknown", "bump"],
    ["sha identical commits", "sha", { version: A, commit: A }, build(B), "identical", "up-to-date"],
  ])("%s", (_name, scheme, pinned, candidate, ancestry, expected, detail) => {
    const decision = decideBump({ scheme, pinned, candidate, ancestry });
    expect(decision.kind === "skip" ? `skip:${decision.reason}` : decision.kind).toBe(expected);
    if (detail) expect(decision.kind === "skip" && decision.detail).toContain(detail);
  });
});
