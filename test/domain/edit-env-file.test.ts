import { describe, expect, it } from "vitest";
import { EnvFileEditError, editEnvFile } from "../../src/domain/edit-env-file.js";
import { parseEnvFile } from "../../src/domain/parse-env-file.js";
import type { Pin } from "../../src/domain/types.js";

const SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const OLD = "3f2a9c1e00000000000000000000000000000000";

/** Lines of `after` that are not in `before` (and vice versa), as a multiset diff. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  const removed = a.filter((line) => !b.includes(line));
  const added = b.filter((line) => !a.includes(line));
  return { removed, added };
}

describe("editEnvFile", () => {
  it.each<[string, string, Record<string, Pin>, string]>([
    [
      "double quotes, comments after values, blank lines",
      `# staging pins\ncomponents:\n\n  billing:\n    version: "1431"   # build number\n    commit: ${OLD} # written by the bot\n\n  search:\n    version: "88"\n    commit: ${OLD}\n`,
      { billing: { version: "1432", commit: SHA } },
      `# staging pins\ncomponents:\n\n  billing:\n    version: "1432"   # build number\n    commit: ${SHA} # written by the bot\n\n  search:\n    version: "88"\n    commit: ${OLD}\n`,
    ],
    [
      "single quotes kept",
      `components:\n  billing:\n    version: '1431'\n    commit: '${OLD}'\n`,
      { billing: { version: "it's", commit: SHA } },
      `components:\n  billing:\n    version: 'it''s'\n    commit: '${SHA}'\n`,
    ],
    [
      "plain number stays plain",
      `components:\n  billing:\n    version: 1431\n    commit: ${OLD}\n`,
      { billing: { version: "1432", commit: SHA } },
      `components:\n  billing:\n    version: 1432\n    commit: ${SHA}\n`,
    ],
    [
      "plain string becomes quoted when the new value would read as a number",
      `components:\n  billing:\n    version: v1.2.3\n    commit: ${OLD}\n`,
      { billing: { version: "1.10", commit: SHA } },
      `components:\n  billing:\n    version: "1.10"\n    commit: ${SHA}\n`,
    ],
    [
      "commit that reads as a float gets quoted",
      `components:\n  billing:\n    version: "1"\n    commit: abc\n`,
      { billing: { version: "2", commit: "1234e56" } },
      `components:\n  billing:\n    version: "2"\n    commit: "1234e56"\n`,
    ],
    [
      "flow map",
      `components:\n  billing: { version: "1", commit: abc } # pinned\n  search: { version: "7" }\n`,
      { billing: { version: "2", commit: SHA }, search: { version: "8", commit: SHA } },
      `components:\n  billing: { version: "2", commit: ${SHA} } # pinned\n  search: { version: "8", commit: ${SHA} }\n`,
    ],
    [
      "CRLF line endings and missing commit",
      `components:\r\n  billing:\r\n    version: "1431"\r\n  search:\r\n    version: "88"\r\n`,
      { billing: { version: "1432", commit: SHA } },
      `components:\r\n  billing:\r\n    version: "1432"\r\n    commit: ${SHA}\r\n  search:\r\n    version: "88"\r\n`,
    ],
    [
      "no trailing newline, commit inserted at the end",
      `components:\n  billing:\n    version: "1431"`,
      { billing: { version: "1432", commit: SHA } },
      `components:\n  billing:\n    version: "1432"\n    commit: ${SHA}`,
    ],
    [
      "commit inserted after version with a comment, same indentation (tabs-free 6 spaces)",
      `components:\n    billing:\n      version: "1431" # hand-written\n      replicas: 3\n`,
      { billing: { version: "1432", commit: SHA } },
      `components:\n    billing:\n      version: "1432" # hand-written\n      commit: ${SHA}\n      replicas: 3\n`,
    ],
    [
      "key order commit before version",
      `components:\n  billing:\n    commit: ${OLD}\n    version: "1431"\n`,
      { billing: { version: "1432", commit: SHA } },
      `components:\n  billing:\n    commit: ${SHA}\n    version: "1432"\n`,
    ],
    [
      "anchored value shared by another component keeps the other's value",
      `components:\n  billing:\n    version: &v "1431"\n  search:\n    version: *v\n`,
      { billing: { version: "1432", commit: SHA } },
      `components:\n  billing:\n    version: &v "1432"\n    commit: ${SHA}\n  search:\n    version: "1431"\n`,
    ],
    [
      "alias value replaced by a literal",
      `base: &v "1431"\ncomponents:\n  billing:\n    version: *v\n    commit: ${OLD}\n`,
      { billing: { version: "1432", commit: SHA } },
      `base: &v "1431"\ncomponents:\n  billing:\n    version: "1432"\n    commit: ${SHA}\n`,
    ],
    [
      "value that needs escaping in double quotes",
      `components:\n  billing:\n    version: "1"\n`,
      { billing: { version: 'a"b\\c', commit: SHA } },
      `components:\n  billing:\n    version: "a\\"b\\\\c"\n    commit: ${SHA}\n`,
    ],
    [
      "commit removed when the new pin has none",
      `components:\n  billing:\n    version: "1"\n    commit: ${OLD} # old\n    replicas: 2\n`,
      { billing: { version: "2" } },
      `components:\n  billing:\n    version: "2"\n    replicas: 2\n`,
    ],
    [
      "commit removed from a flow map",
      `components:\n  billing: { version: "1", commit: abc, replicas: 2 }\n`,
      { billing: { version: "2" } },
      `components:\n  billing: { version: "2", replicas: 2 }\n`,
    ],
    [
      "unchanged pin changes nothing",
      `components:\n  billing:\n    version:   '1431'  # same\n    commit: ${OLD}\n`,
      { billing: { version: "1431", commit: OLD } },
      `components:\n  billing:\n    version:   '1431'  # same\n    commit: ${OLD}\n`,
    ],
    [
      "block scalar version",
      `components:\n  billing:\n    version: |\n      1431\n    commit: ${OLD}\n`,
      { billing: { version: "1432", commit: SHA } },
      `components:\n  billing:\n    version: "1432"\n    commit: ${SHA}\n`,
    ],
    [
      "empty version gets a value",
      `components:\n  billing:\n    version:\n    replicas: 1\n`,
      { billing: { version: "1432", commit: SHA } },
      `components:\n  billing:\n    version: "1432"\n    commit: ${SHA}\n    replicas: 1\n`,
    ],
  ])("%s", (_name, before, changes, expected) => {
    const after = editEnvFile({ text: before, changes });
    expect(after).toBe(expected);
    const pins = parseEnvFile({ file: "x", text: after }).pins;
    for (const [name, pin] of Object.entries(changes)) expect(pins[name]).toEqual(pin);
  });

  it("touches only the lines of the changed values in a large file", () => {
    const names = Array.from({ length: 50 }, (_, i) => `svc-${i}`);
    const before = `# header\ncomponents:\n${names.map((n, i) => `  # ${n}\n  ${n}:\n    version: "${i}"  # v\n    commit: ${OLD}\n`).join("\n")}`;
    const after = editEnvFile({ text: before, changes: { "svc-7": { version: "700", commit: SHA } } });
    expect(changedLines(before, after)).toEqual({
      removed: [`    version: "7"  # v`],
      added: [`    version: "700"  # v`, `    commit: ${SHA}`].filter((line) => !before.split("\n").includes(line)),
    });
    expect(after.split("\n").length).toBe(before.split("\n").length);
  });

  it.each([
    ["component missing", `components:\n  billing: { version: "1" }\n`, { search: { version: "2" } }, /"search" is not listed/],
    ["no components map", `foo: 1\n`, { billing: { version: "2" } }, /no `components:` map/],
    ["component without version", `components:\n  billing: { commit: abc }\n`, { billing: { version: "2" } }, /no version key/],
    ["component is an alias", `x: &b { version: "1" }\ncomponents:\n  billing: *b\n`, { billing: { version: "2" } }, /is an alias/],
    ["invalid YAML", `components: [\n`, { billing: { version: "2" } }, /not valid YAML/],
  ])("refuses to edit when %s", (_name, text, changes, message) => {
    expect(() => editEnvFile({ text, changes })).toThrow(EnvFileEditError);
    expect(() => editEnvFile({ text, changes })).toThrow(message);
  });
});
