import { describe, expect, it } from "vitest";
import { parseReferences } from "../../src/domain/parse-references.js";

const R = "acme/billing";
const ref = (number: number, repo = R) => ({ repo, number });

describe("parseReferences", () => {
  it.each<[string, string, ReturnType<typeof ref>[], ReturnType<typeof ref>[]]>([
    ["local ref", "Fix crash (#12)", [ref(12)], []],
    ["cross-repo ref", "see acme/search#7.", [ref(7, "acme/search")], []],
    ["GH- ref", "GH-44: faster", [ref(44)], []],
    ["issue URL", "https://github.com/acme/web/issues/3", [ref(3, "acme/web")], []],
    ["pull URL with suffix", "(https://github.com/acme/web/pull/9#issuecomment-1)", [ref(9, "acme/web")], []],
    ["URL on another host is ignored by default", "https://ghe.corp/acme/web/issues/3", [], []],
    ["closing keywords", "Fixes #1, closes acme/x#2\nResolved: GH-3 and resolves https://github.com/a/b/issues/4", [ref(1), ref(2, "acme/x"), ref(3), ref(4, "a/b")], [ref(1), ref(2, "acme/x"), ref(3), ref(4, "a/b")]],
    ["closing keyword case-insensitive, every form", "CLOSE #1 closed #2 fix #3 Fixed #4 RESOLVE #5", [1, 2, 3, 4, 5].map((n) => ref(n)), [1, 2, 3, 4, 5].map((n) => ref(n))],
    ["only the ref right after the keyword closes", "fixes #1 and #2", [ref(1), ref(2)], [ref(1)]],
    ["keyword glued to a word does not close", "prefixes #1, unfixed #2", [ref(1), ref(2)], []],
    ["inline code ignored", "use `#12` and ``a/b#3`` but #4", [ref(4)], []],
    ["fenced code ignored", "```\nfixes #1\n```\n~~~js\n#2\n~~~\n#3", [ref(3)], []],
    ["multi-line fence ignored, unclosed fence runs to the end", "```\n#1\n#2\n#3\n```\n#4\n~~~\n#5\n#6", [ref(4)], []],
    ["empty fence", "```\n```\n#7", [ref(7)], []],
    ["HTML comment ignored (PR templates)", "<!-- e.g. Fixes #123 -->\nreal #5", [ref(5)], []],
    ["mid-word and entities ignored", "abc#1 &#123; x/y/z#4 a#b #0 #12abc", [], []],
    ["dedupe keeps first seen, case-insensitive repo", "#2 acme/billing#2 #1 Acme/Billing#1 fixes #2", [ref(2), ref(1)], [ref(2)]],
    ["markdown link to issue", "[the bug](https://github.com/acme/x/issues/8)", [ref(8, "acme/x")], []],
    ["heading-like hash at line start", "#7 is the issue", [ref(7)], []],
  ])("%s", (_name, text, refs, closing) => {
    expect(parseReferences({ text, repo: R })).toEqual({ refs, closing });
  });

  it("reads URLs of a custom host", () => {
    expect(parseReferences({ text: "fixes https://ghe.corp/acme/web/issues/3 and https://github.com/a/b/issues/1", repo: R, githubHost: "ghe.corp" })).toEqual({
      refs: [ref(3, "acme/web")],
      closing: [ref(3, "acme/web")],
    });
  });
});
