import { describe, expect, it } from "vitest";
import { deployMarker, hasMarker, type DeployMarkerKind } from "../../src/domain/deploy-marker.js";

describe("deployMarker", () => {
  it.each<[DeployMarkerKind, number, string | undefined, string]>([
    ["success", 12, undefined, "<!-- release-bot:deploy-success deployment=12 -->"],
    ["failure", 1, undefined, "<!-- release-bot:deploy-failure deployment=1 -->"],
    ["issue", 0, "acme/x#4", "<!-- release-bot:deploy-issue deployment=0 acme/x#4 -->"],
    ["rollback", 7, "  ", "<!-- release-bot:deploy-rollback deployment=7 -->"],
    ["progress", 7, "env=x-->y <b>", "<!-- release-bot:deploy-progress deployment=7 env=x%2D-%3Ey %3Cb%3E -->"],
    ["progress", 7, "100% a  b", "<!-- release-bot:deploy-progress deployment=7 100%25 a%20%20b -->"],
  ])("%s %i %j → %s", (kind, id, extra, expected) => {
    expect(deployMarker(kind, id, extra)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])("rejects deployment id %d", (id) => {
    expect(() => deployMarker("success", id)).toThrow(RangeError);
  });

  it("never lets `extra` close the comment early", () => {
    const marker = deployMarker("issue", 3, "a-->b--!>c<!--d");
    expect(marker.slice(4, -3)).not.toMatch(/--|<|>/);
  });
});

describe("hasMarker", () => {
  const body = (marker: string) => `${marker}\n### ✅ Deployed to **staging**\n`;
  it.each<[string, string, string, boolean]>([
    ["same marker", body(deployMarker("success", 12)), deployMarker("success", 12), true],
    ["deployment=1 does not match deployment=12", body(deployMarker("success", 12)), deployMarker("success", 1), false],
    ["deployment=12 does not match deployment=1", body(deployMarker("success", 1)), deployMarker("success", 12), false],
    ["deployment=12 does not match deployment=123", body(deployMarker("success", 123)), deployMarker("success", 12), false],
    ["another kind", body(deployMarker("failure", 12)), deployMarker("success", 12), false],
    ["with extra vs without", body(deployMarker("issue", 12, "acme/x#4")), deployMarker("issue", 12), false],
    ["different extra", body(deployMarker("issue", 12, "acme/x#4")), deployMarker("issue", 12, "acme/x#40"), false],
    ["same extra", body(deployMarker("issue", 12, "acme/x#4")), deployMarker("issue", 12, "acme/x#4"), true],
    ["on a later line", `Hello\r\n${deployMarker("rollback", 5)}\r\nbody`, deployMarker("rollback", 5), true],
    ["indented", `  ${deployMarker("rollback", 5)}`, deployMarker("rollback", 5), true],
    ["quoted by a human", `> ${deployMarker("success", 12)}`, deployMarker("success", 12), false],
    ["mid-line", `see ${deployMarker("success", 12)}`, deployMarker("success", 12), false],
    ["empty body", "", deployMarker("success", 12), false],
    ["empty marker", body(deployMarker("success", 12)), "", false],
  ])("%s → %s", (_name, text, marker, expected) => {
    expect(hasMarker(text, marker)).toBe(expected);
  });

  it.each([null, undefined])("is false for a %s body", (text) => {
    expect(hasMarker(text, deployMarker("success", 1))).toBe(false);
  });
});
