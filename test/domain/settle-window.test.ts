import { describe, expect, it } from "vitest";
import { settleWindow, type WindowCommitInput } from "../../src/domain/settle-window.js";

/** A linear branch, newest first: "e" → "d" → … → "a" (a root). */
const chain = (...shas: string[]): WindowCommitInput[] => shas.map((sha, i) => ({ sha, parents: i + 1 < shas.length ? [shas[i + 1]] : [] }));
const shas = (s: ReturnType<typeof settleWindow>) => (s.kind === "ahead" ? s.commits.map((c) => c.sha) : s);

describe("settleWindow", () => {
  it.each<[string, Parameters<typeof settleWindow>[0], unknown]>([
    ["build is the pin", { commits: chain("e", "d"), head: "d", base: "D", complete: false }, { kind: "identical" }],
    ["build ahead of the pin: the commits between, oldest first", { commits: chain("e", "d", "c", "b", "a"), head: "d", base: "b", complete: false }, ["c", "d"]],
    ["the build at the branch head and the pin at the window's end", { commits: chain("c", "b", "a"), head: "c", base: "a", complete: true }, ["b", "c"]],
    ["pin newer than the build (the build is older): behind", { commits: chain("e", "d", "c"), head: "c", base: "e", complete: false }, { kind: "behind", behindBy: 2 }],
    ["pin further back than the window: read more from the oldest", { commits: chain("e", "d", "c").map((c, i) => (i === 2 ? { ...c, parents: ["b"] } : c)), head: "e", base: "a", complete: false }, { kind: "need-more", oldest: "c" }],
    ["history ends (the list is complete) without the pin: not an ancestor", { commits: chain("e", "d", "c"), head: "e", base: "x", complete: true }, { kind: "unsettled", reason: "history-ended" }],
    ["a root reached without the pin", { commits: chain("e", "d"), head: "e", base: "x", complete: false }, { kind: "unsettled", reason: "history-ended" }],
    ["the build is not in the window", { commits: chain("e", "d"), head: "z", base: "d", complete: false }, { kind: "unsettled", reason: "head-not-listed" }],
  ])("%s", (_name, input, expected) => {
    expect(shas(settleWindow(input))).toEqual(expected);
  });

  it("a merge commit between build and pin is left to the compare view", () => {
    const commits = [
      { sha: "m", parents: ["d", "x"] },
      { sha: "x", parents: ["c"] },
      { sha: "d", parents: ["c"] },
      { sha: "c", parents: ["b"] },
    ];
    expect(settleWindow({ commits, head: "m", base: "c", complete: false })).toEqual({ kind: "unsettled", reason: "merge" });
  });

  it("a listing whose order is not the parent chain is never trusted (a side branch's commit listed in between)", () => {
    const commits = [
      { sha: "e", parents: ["d"] },
      { sha: "s", parents: ["b"] },
      { sha: "d", parents: ["c"] },
      { sha: "c", parents: ["b"] },
    ];
    expect(settleWindow({ commits, head: "e", base: "c", complete: false })).toEqual({ kind: "unsettled", reason: "not-linear" });
  });

  it("a merge below the build, beyond the pin, does not matter", () => {
    const commits = [...chain("e", "d", "c").map((c, i) => (i === 2 ? { ...c, parents: ["m"] } : c)), { sha: "m", parents: ["b", "y"] }];
    expect(shas(settleWindow({ commits, head: "e", base: "c", complete: false }))).toEqual(["d", "e"]);
  });

  it("the window ends in a merge before the pin is met: the compare view decides", () => {
    const commits = [...chain("e", "d").map((c, i) => (i === 1 ? { ...c, parents: ["b", "y"] } : c))];
    expect(settleWindow({ commits, head: "e", base: "a", complete: false })).toEqual({ kind: "unsettled", reason: "merge" });
  });

  it("compares shas case-insensitively (a pin written in upper case)", () => {
    expect(shas(settleWindow({ commits: chain("cc", "bb", "aa"), head: "CC", base: "AA", complete: false }))).toEqual(["bb", "cc"]);
  });
});
