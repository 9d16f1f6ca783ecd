import { describe, expect, it } from "vitest";
import { parseReleaseMetadata, renderMetadata } from "../../src/domain/release-metadata.js";
import type { ReleaseMetadata } from "../../src/domain/types.js";

const base: ReleaseMetadata = {
  version: 1,
  environment: "acme-staging",
  components: { billing: { repo: "acme/billing", from: { version: "1431", commit: "a".repeat(40) }, to: { version: "1432", commit: "b".repeat(40) } } },
  issues: [{ repo: "acme/billing", number: 3 }],
};

describe("renderMetadata / parseReleaseMetadata", () => {
  it.each<[string, ReleaseMetadata]>([
    ["plain", base],
    ["no commits, no issues", { ...base, components: { web: { repo: "a/web", from: { version: "1" }, to: { version: "2" } } }, issues: [] }],
    ["hostile strings", { ...base, environment: "x-->y", components: { "--><script>": { repo: "a/b", from: { version: "--!>" }, to: { version: "<!-- & \\u002d \\" } } } }],
    ["unicode", { ...base, components: { "séance ☃": { repo: "a/b", from: { version: "1" }, to: { version: "2" } } } }],
    ["with omitted issues", { ...base, issuesOmitted: 12 }],
  ])("round-trips %s inside one comment that data cannot close", (_name, meta) => {
    const comment = renderMetadata(meta);
    expect(comment.startsWith("<!-- release-bot:metadata ")).toBe(true);
    expect(comment.endsWith(" -->")).toBe(true);
    const inner = comment.slice(4, -3);
    expect(inner).not.toMatch(/--|<|>/);
    expect(parseReleaseMetadata(`# Release\n\nbody text\n\n${comment}`)).toEqual(meta);
  });

  it("groups issues by repository, first-seen repo order", () => {
    const meta = { ...base, issues: [{ repo: "a/x", number: 1 }, { repo: "a/y", number: 2 }, { repo: "a/x", number: 3 }] };
    expect(parseReleaseMetadata(renderMetadata(meta))?.issues).toEqual([{ repo: "a/x", number: 1 }, { repo: "a/x", number: 3 }, { repo: "a/y", number: 2 }]);
  });

  it("rejects invalid metadata when rendering", () => {
    expect(() => renderMetadata({ ...base, issues: [{ repo: "a/b", number: 0 }] })).toThrow();
  });

  it("reads the last metadata block", () => {
    const other = { ...base, environment: "production" };
    expect(parseReleaseMetadata(`${renderMetadata(base)}\n${renderMetadata(other)}`)?.environment).toBe("production");
  });

  it.each([
    ["empty", ""],
    ["null", null],
    ["no metadata", "just a body"],
    ["unterminated", "<!-- release-bot:metadata {\"version\":1"],
    ["not JSON", "<!-- release-bot:metadata {nope} -->"],
    ["wrong version", renderMetadata(base).replace('"version":1', '"version":2')],
    ["wrong shape", renderMetadata(base).replace('"number":3', '"number":-1').replace("[3]", "[-1]")],
    ["component tuple too short", renderMetadata(base).replace(',"1432",', ",")],
  ])("returns null for %s", (_name, body) => {
    expect(parseReleaseMetadata(body)).toBeNull();
  });
});
