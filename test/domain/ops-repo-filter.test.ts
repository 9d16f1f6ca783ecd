import { describe, expect, it } from "vitest";
import { parseOpsRepoFilter } from "../../src/domain/ops-repo-filter.js";

describe("parseOpsRepoFilter", () => {
  it.each<[string | undefined, string, boolean]>([
    [undefined, "anyone/anything", true],
    ["", "anyone/anything", true],
    ["acme/ops", "acme/ops", true],
    ["acme/ops", "ACME/Ops", true],
    ["acme/ops", "acme/mallory-ops", false],
    ["acme/ops", "acme/ops2", false],
    ["acme/*-ops", "acme/platform-ops", true],
    ["acme/*-ops", "acme/ops", false],
    ["acme/*-ops", "evil/platform-ops", false],
    ["acme/*", "acme/anything", true],
    ["acme/*", "acme/a/b", false],
    ["acme/ops, globex/ops", "globex/ops", true],
    ["acme/ops globex/ops", "globex/ops", true],
    ["acme/o.s", "acme/oXs", false],
  ])("%j allows %s: %s", (patterns, repo, allowed) => {
    expect(parseOpsRepoFilter(patterns).allows(repo)).toBe(allowed);
  });

  it.each(["acme", "acme/ops/x", "acme/(ops)", "/ops"])("refuses the pattern %j with the fix", (pattern) => {
    expect(() => parseOpsRepoFilter(pattern)).toThrow(/is not an owner\/name pattern; write e\.g\. acme\/ops/);
  });
});
