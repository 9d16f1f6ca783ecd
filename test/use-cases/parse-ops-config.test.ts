/** Each ops repo's config is parsed once per content: a small LRU keyed by the blob sha of the text, shared and frozen. */
import { describe, expect, it } from "vitest";
import { blobSha, parseOpsConfig } from "../../src/use-cases/load-ops-config.js";

const config = (n: number) => `components:\n  c${n}: { repo: acme/c${n}, build: { workflow: ci.yml } }\nenvironments:\n  staging: { from: builds }\n`;

describe("parseOpsConfig", () => {
  it("keys by git's blob sha of the text", () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(blobSha("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(blobSha("é\n")).toBe("c6003325155f475bd7c87731607525dce73be9cf"); // bytes, not UTF-16 units
  });

  it("parses a content once: the same text gives the same result, another text another", () => {
    const text = config(1);
    const first = parseOpsConfig({ text });
    expect(parseOpsConfig({ text: `${text}` })).toBe(first);
    expect(parseOpsConfig({ text: config(2) })).not.toBe(first);
    expect(first.usableEnvironments).toEqual(["staging"]);
  });

  it("the shared result is frozen, so no caller can change it for another", () => {
    const parsed = parseOpsConfig({ text: config(3) });
    expect(() => {
      (parsed.config.components as Record<string, unknown>).evil = {};
    }).toThrow(TypeError);
    expect(() => parsed.problems.push({ file: "x", key: "", message: "", fix: "", environments: "all" })).toThrow(TypeError);
  });

  it("hostile configs are cached as their one problem too", () => {
    const bomb = `a: &a [x]\n${Array.from({ length: 11 }, (_, i) => `b${i}: *a`).join("\n")}\n`;
    const parsed = parseOpsConfig({ text: bomb });
    expect(parsed.problems.map((p) => p.message)).toEqual([expect.stringMatching(/more than 10 YAML aliases/)]);
    expect(parseOpsConfig({ text: bomb })).toBe(parsed);
  });

  it("stays bounded: after 64 other contents the oldest is parsed again", () => {
    const oldest = parseOpsConfig({ text: config(1000) });
    for (let i = 0; i < 64; i++) parseOpsConfig({ text: config(2000 + i) });
    const again = parseOpsConfig({ text: config(1000) });
    expect(again).not.toBe(oldest);
    expect(again).toEqual(oldest);
  });
});
