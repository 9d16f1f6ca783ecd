/**
 * Orders versions of one component, and decides whether a candidate build moves an environment forward.
 * Versions never go backwards.
 */
import semver from "semver";
import type { Build, Pin, VersionScheme } from "./types.js";
import { shortVersion as short } from "./short-sha.js";

/** `git compare pinned...candidate` status, or "unknown" when GitHub does not know the pinned commit. */
export type Ancestry = "ahead" | "identical" | "behind" | "diverged" | "unknown";

export type BumpDecision = { kind: "bump" } | { kind: "up-to-date" } | { kind: "skip"; reason: "older" | "diverged"; detail: string };

/** A semver version from a tag such as "v1.2.3" or "1.2.3"; null when it is not one. */
export function semverOf(tag: string): string | null {
  const text = tag.trim().replace(/^v/i, "");
  return semver.valid(text);
}

/**
 * Sign of a − b: run numbers numerically, tags by semver (leading "v" allowed).
 * null when the values cannot be ordered (not numbers, not semver, or the sha scheme, which needs ancestry).
 */
export function compareVersions(opts: { scheme: VersionScheme; a: string; b: string }): number | null {
  const { scheme, a, b } = opts;
  if (scheme === "run-number") {
    if (!/^\d+$/.test(a.trim()) || !/^\d+$/.test(b.trim())) return null;
    const diff = BigInt(a.trim()) - BigInt(b.trim());
    return diff === 0n ? 0 : diff > 0n ? 1 : -1;
  }
  if (scheme === "tag") {
    const left = semverOf(a);
    const right = semverOf(b);
    return left && right ? semver.compare(left, right) : null;
  }
  return null;
}

function sameSha(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || (Math.min(x.length, y.length) >= 7 && (x.startsWith(y) || y.startsWith(x)));
}


export interface DecideBumpOptions {
  scheme: VersionScheme;
  /** What the environment file pins; undefined when it pins nothing yet. */
  pinned: Pin | undefined;
  candidate: Build;
  /** How the candidate's commit relates to the pinned commit. */
  ancestry: Ancestry;
}

/**
 * - run-number / tag: the version decides (newer → bump, equal → up-to-date, older → skip "older").
 *   Ancestry is used only when the versions cannot be ordered (e.g. a hand-written pin "latest").
 * - sha: equal shas (or a ≥7-char prefix) → up-to-date; otherwise ancestry decides: ahead → bump,
 *   identical → up-to-date, behind → skip "older", diverged → skip "diverged",
 *   unknown (pinned commit gone after a force-push) → bump, with its changelog unavailable.
 */
export function decideBump(opts: DecideBumpOptions): BumpDecision {
  const { scheme, pinned, candidate, ancestry } = opts;
  if (!pinned) return { kind: "bump" };
  if (scheme === "sha" ? sameSha(pinned.version, candidate.version) : pinned.version.trim() === candidate.version.trim()) return { kind: "up-to-date" };
  const order = compareVersions({ scheme, a: candidate.version, b: pinned.version });
  const label = scheme === "run-number" ? "build" : scheme === "tag" ? "tag" : "commit";
  const older = (): BumpDecision => ({
    kind: "skip",
    reason: "older",
    detail: `${label} ${short(candidate.version)} is older than pinned ${short(pinned.version)}, not downgraded`,
  });
  if (order !== null) return order > 0 ? { kind: "bump" } : order === 0 ? { kind: "up-to-date" } : older();
  switch (ancestry) {
    case "ahead":
    case "unknown":
      return { kind: "bump" };
    case "identical":
      return { kind: "up-to-date" };
    case "behind":
      return older();
    case "diverged":
      return {
        kind: "skip",
        reason: "diverged",
        detail: `${label} ${short(candidate.version)} and pinned ${short(pinned.version)} have diverged (neither contains the other); pin it by hand to choose`,
      };
  }
}
