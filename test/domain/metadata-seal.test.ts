import { describe, expect, it } from "vitest";
import { canonicalSealText, createMetadataSeal, verifiedIssues, type SealInput } from "../../src/domain/metadata-seal.js";
import type { ReleaseMetadata } from "../../src/domain/types.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const input: SealInput = {
  environment: "staging",
  components: { billing: { from: { version: "1431", commit: A }, to: { version: "1433", commit: B } }, search: { to: { version: B, commit: B } } },
  issues: [{ repo: "acme/billing", number: 41 }, { repo: "acme/search", number: 7 }, { repo: "acme/billing", number: 43 }],
};
const seal = createMetadataSeal("0123456789abcdef0123");
const signed = seal.sign(input);

describe("metadata seal", () => {
  it("verifies what it signed, whatever the order of issues and components", () => {
    expect(signed).toMatch(/^[0-9a-f]{40}$/);
    expect(seal.verify(input, signed)).toBe(true);
    const reordered: SealInput = { ...input, components: { search: input.components.search, billing: input.components.billing }, issues: [...input.issues].reverse() };
    expect(seal.verify(reordered, signed)).toBe(true);
  });

  it.each<[string, SealInput]>([
    ["an added issue", { ...input, issues: [...input.issues, { repo: "acme/billing", number: 50 }] }],
    ["a dropped issue", { ...input, issues: input.issues.slice(1) }],
    ["another environment", { ...input, environment: "production" }],
    ["another target version", { ...input, components: { ...input.components, billing: { ...input.components.billing, to: { version: "7777", commit: B } } } }],
    ["another target commit", { ...input, components: { ...input.components, billing: { ...input.components.billing, to: { version: "1433", commit: A } } } }],
    ["another starting pin", { ...input, components: { ...input.components, billing: { ...input.components.billing, from: { version: "1400", commit: A } } } }],
    ["an extra component", { ...input, components: { ...input.components, web: { to: { version: "1" } } } }],
    ["a missing component", { ...input, components: { billing: input.components.billing } }],
  ])("rejects %s", (_name, changed) => {
    expect(seal.verify(changed, signed)).toBe(false);
  });

  it.each([
    ["another key", createMetadataSeal("another key, 16+ chars").sign(input)],
    ["a truncated seal", signed.slice(0, 39)],
    ["garbage", "not a seal"],
    ["empty", ""],
  ])("rejects a seal made with %s", (_name, forged) => {
    expect(seal.verify(input, forged)).toBe(false);
  });

  it("refuses a short key", () => {
    expect(() => createMetadataSeal("short")).toThrow(/at least 16/);
  });

  it("pins are [version, commit] only: a URL or repo beside them is not part of the claim", () => {
    const withExtras = { ...input, components: { ...input.components, billing: { ...input.components.billing, to: { ...input.components.billing.to, url: "https://x" } } } } as SealInput;
    expect(canonicalSealText(withExtras)).toBe(canonicalSealText(input));
  });
});

describe("verifiedIssues", () => {
  const metadata = (patch: Partial<ReleaseMetadata> = {}): ReleaseMetadata => ({ version: 1, environment: "staging", components: {}, issues: input.issues, seal: signed, ...patch });
  it.each<[string, ReleaseMetadata | null, string, typeof seal | undefined, boolean]>([
    ["sealed, complete, matching git", metadata(), "staging", seal, true],
    ["no metadata", null, "staging", seal, false],
    ["unsealed (hand-written)", metadata({ seal: undefined }), "staging", seal, false],
    ["issues cut for size", metadata({ issuesOmitted: 3 }), "staging", seal, false],
    ["another environment's block", metadata({ environment: "production" }), "staging", seal, false],
    ["an edited issue list", metadata({ issues: [...input.issues, { repo: "acme/billing", number: 50 }] }), "staging", seal, false],
    ["no key to verify with", metadata(), "staging", undefined, false],
  ])("%s", (_name, meta, environment, key, trusted) => {
    expect(verifiedIssues({ metadata: meta, environment, components: input.components, seal: key })).toEqual(trusted ? input.issues : null);
  });
});
