/**
 * A seal over a release's metadata: an HMAC keyed by a secret only the bot holds, over what the
 * metadata claims (the environment, every component's from → to pins, the issues to tell). The
 * metadata sits in an editable PR body, so at merge it counts only when its seal verifies against
 * the pins git shows; an edited or hand-written block never does.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IssueRef, Pin, ReleaseMetadata } from "./types.js";

export interface SealInput {
  environment: string;
  components: Record<string, { from?: Pin; to: Pin }>;
  issues: IssueRef[];
}

export interface MetadataSeal {
  sign(input: SealInput): string;
  verify(input: SealInput, seal: string): boolean;
}

/** One canonical text per claim: components sorted by name, pins as [version, commit], issues sorted. */
export function canonicalSealText(input: SealInput): string {
  const pin = (p?: Pin) => (p ? [p.version, p.commit ?? ""] : null);
  const components = Object.keys(input.components)
    .sort()
    .map((name) => [name, pin(input.components[name].from), pin(input.components[name].to)]);
  // A set: the metadata's wire format groups issues by repository, so their order is not part of the claim.
  const issues = [...new Set(input.issues.map((i) => `${i.repo.toLowerCase()}#${i.number}`))].sort();
  return JSON.stringify(["release-bot metadata v1", input.environment, components, issues]);
}

/** A seal with this key; a key shorter than 16 characters is refused (a caller bug or a misconfiguration). */
export function createMetadataSeal(key: string): MetadataSeal {
  if (key.length < 16) throw new RangeError("the metadata key must be at least 16 characters");
  const mac = (input: SealInput) => createHmac("sha256", key).update(canonicalSealText(input)).digest("hex").slice(0, 40);
  return {
    sign: mac,
    verify(input, seal) {
      const expected = Buffer.from(mac(input));
      const given = Buffer.from(seal);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/**
 * The issues of a release PR's metadata, when they can be trusted: the block is sealed by this bot,
 * complete (no issues cut for size), for this environment, and its seal verifies against the pins
 * git shows for the merge. null otherwise: the caller reads the issues from git.
 */
export function verifiedIssues(opts: { metadata: ReleaseMetadata | null; environment: string; components: SealInput["components"]; seal?: MetadataSeal }): IssueRef[] | null {
  const { metadata, seal } = opts;
  if (!seal || !metadata?.seal || metadata.issuesOmitted || metadata.environment !== opts.environment) return null;
  return seal.verify({ environment: opts.environment, components: opts.components, issues: metadata.issues }, metadata.seal) ? metadata.issues : null;
}
