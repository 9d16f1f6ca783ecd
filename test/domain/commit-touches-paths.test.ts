import { describe, expect, it } from "vitest";
import { commitTouchesPaths } from "../../src/domain/commit-touches-paths.js";

describe("commitTouchesPaths", () => {
  it.each<[string, string[], string[], boolean]>([
    ["a file below the directory", ["services/api/src/main.ts"], ["services/api"], true],
    ["the directory with a trailing slash", ["services/api/x"], ["services/api/"], true],
    ["an exact file", ["services/api/Dockerfile"], ["services/api/Dockerfile"], true],
    ["a sibling directory with the same prefix", ["services/api-gateway/x"], ["services/api"], false],
    ["a sibling file with the same prefix", ["services/api.md"], ["services/api"], false],
    ["a parent file", ["services/README.md"], ["services/api"], false],
    ["docs only", ["docs/index.md", "README.md"], ["services/api", "libs/shared"], false],
    ["one of several paths", ["libs/shared/util.ts"], ["services/api", "libs/shared"], true],
    ["one of several files", ["docs/x.md", "services/api/a.ts"], ["services/api"], true],
    ["no paths: the whole repository", ["anything"], [], true],
    ["no paths and no files", [], [], true],
    ["an empty commit touches no path", [], ["services/api"], false],
    ["case matters, as in git", ["Services/API/x"], ["services/api"], false],
    ["globs are not patterns", ["services/a/x"], ["services/*"], false],
  ])("%s", (_name, changedFiles, paths, touches) => {
    expect(commitTouchesPaths({ changedFiles, paths })).toBe(touches);
  });

  it("a commit touching two components' paths belongs to both", () => {
    const changedFiles = ["services/api/a.ts", "services/web/b.ts"];
    expect([commitTouchesPaths({ changedFiles, paths: ["services/api"] }), commitTouchesPaths({ changedFiles, paths: ["services/web"] })]).toEqual([true, true]);
  });
});
