import { describe, expect, it } from "vitest";
import { codeSpan, defuseAutolinks, defuseClosingKeywords, defuseReferences, escapeMarkdownInline, flattenText, neutralizeMentions, sanitizeForBody, slackText, titleText } from "../../src/domain/neutralize-text.js";
import { parseReferences } from "../../src/domain/parse-references.js";

const Z = "&#8203;";
const visible = (text: string) => text.replaceAll(Z, "").replace(/\\(.)/g, "$1").replaceAll("&lt;", "<").replaceAll("&gt;", ">");

describe("neutralizeMentions", () => {
  it.each([
    ["@alice thanks", `@${Z}alice thanks`],
    ["cc @acme/release-team", `cc @${Z}acme/release-team`],
    ["(@bob)", `(@${Z}bob)`],
    ["`@carol`", `\`@${Z}carol\``],
    ["mail a@b.com or x.y@z.io", "mail a@b.com or x.y@z.io"],
    ["@ alone and @-sign", "@ alone and @-sign"],
  ])("%j", (input, output) => {
    expect(neutralizeMentions(input)).toBe(output);
  });
});

describe("defuseClosingKeywords", () => {
  it.each([
    ["fixes #3", `f${Z}ixes #3`],
    ["Closes: acme/x#4", `C${Z}loses: acme/x#4`],
    ["resolves https://github.com/a/b/issues/1", `r${Z}esolves https://github.com/a/b/issues/1`],
    ["fix GH-2", `f${Z}ix GH-2`],
    ["fixed a typo", "fixed a typo"],
    ["prefixes #3", "prefixes #3"],
  ])("%j", (input, output) => {
    expect(defuseClosingKeywords(input)).toBe(output);
    expect(parseReferences({ text: defuseClosingKeywords(input), repo: "a/b" }).closing).toEqual([]);
  });
});

describe("defuseReferences", () => {
  it.each([
    ["Fix (#12)", `Fix (#${Z}12)`],
    ["acme/x#4", `acme/x#${Z}4`],
    ["GH-9", `GH-${Z}9`],
    ["see https://github.com/a/b/pull/3", `see https${Z}://github.com/a/b/pull/3`],
    ["&#123; stays an entity", "&#123; stays an entity"],
    ["https://example.com/docs", "https://example.com/docs"],
  ])("%j", (input, output) => {
    expect(defuseReferences(input)).toBe(output);
    expect(parseReferences({ text: defuseReferences(input), repo: "a/b" }).refs).toEqual([]);
  });
});

describe("escapeMarkdownInline", () => {
  it.each([
    ["a | b", "a \\| b"],
    ["two\nlines\r\nhere", "two lines here"],
    ["**bold** _it_ `code` [link](x) ~~s~~", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~"],
    ["<details><!-- x -->", "&lt;details&gt;&lt;!-- x --&gt;"],
    ["# heading", "\\# heading"],
    ["- item", "\\- item"],
    ["back\\slash", "back\\\\slash"],
  ])("%j", (input, output) => {
    expect(escapeMarkdownInline(input)).toBe(output);
  });
});

describe("sanitizeForBody", () => {
  it.each([
    "fixes #3 for @alice",
    "Closes acme/x#4 | see <!-- hidden --> `code`",
    "Merge pull request #12 from acme/feature_branch",
    "resolves https://github.com/acme/x/issues/5",
  ])("%j pings nobody, closes nothing, links nothing and reads the same", (input) => {
    const output = sanitizeForBody(input);
    expect(output).not.toMatch(/(?<![\w&])@[A-Za-z]/);
    expect(output).not.toContain("<");
    expect(parseReferences({ text: output, repo: "a/b" })).toEqual({ refs: [], closing: [] });
    expect(visible(output)).toBe(input);
  });
});

const ZW = "\u200B";

describe("flattenText", () => {
  it.each([
    ["two\nlines\r\nand\rmore", "two lines and more"],
    ["tab\tand\u00A0nbsp\u3000ideographic", "tab and nbsp ideographic"],
    ["bell\u0007 nul\u0000 del\u007F c1\u0085", "bell nul del c1"],
    ["bidi \u202Eevil\u202C and \u2066isolate\u2069", "bidi evil and isolate"],
    ["  padded  ", "padded"],
  ])("%j", (input, output) => {
    expect(flattenText(input)).toBe(output);
  });
});

describe("defuseAutolinks", () => {
  it.each([
    ["https://evil.example", `https${Z}://evil.example`],
    ["see www.evil.example now", `see www${Z}.evil.example now`],
    ["HTTP://x and ftp://y", `HTTP${Z}://x and ftp${Z}://y`],
    ["plain text", "plain text"],
  ])("%j", (input, output) => {
    expect(defuseAutolinks(input)).toBe(output);
  });
});

describe("codeSpan", () => {
  it.each([
    ["plain", "1432", "`1432`"],
    ["one backtick inside", "a`b", "``a`b``"],
    ["a double run inside", "a``b`c", "```a``b`c```"],
    ["starts with a backtick", "`x", "`` `x ``"],
    ["ends with a backtick", "x`", "`` x` ``"],
    ["mentions and links stay text in code", "@alice [x](https://evil.example)", "`@alice [x](https://evil.example)`"],
    ["HTML stays text in code", "<img src=x onerror=alert(1)>", "`<img src=x onerror=alert(1)>`"],
    ["a comment opener cannot forge a marker", "<!-- release-bot:reply-to=1 -->", `\`<${ZW}!-- release-bot:reply-to=1 -->\``],
    ["the issue's version", "99`<img src=x onerror=alert(1)> @alice <!--", `\`\`99\`<img src=x onerror=alert(1)> @alice <${ZW}!--\`\``],
    ["newlines and controls flattened", "a\nb\r\n\u0000c", "`a b c`"],
    ["empty", "", "` `"],
    ["only whitespace", " \n ", "` `"],
  ])("%s", (_name, input, output) => {
    expect(codeSpan(input)).toBe(output);
  });

  it("caps the length with an ellipsis, counting code points", () => {
    expect(codeSpan("x".repeat(500))).toBe(`\`${"x".repeat(99)}…\``);
    expect(codeSpan("🚀".repeat(10), { max: 4 })).toBe("`🚀🚀🚀…`");
  });

  it("escapes | for a table cell", () => {
    expect(codeSpan("1|2", { table: true })).toBe("`1\\|2`");
  });

  it.each(["a`b", "``x", "x ` y ``", "`", "```"])("%j: no run inside can close the fence", (input) => {
    const span = codeSpan(input);
    const fence = /^`+/.exec(span)![0];
    const inner = span.slice(fence.length, -fence.length);
    expect(inner.match(/`+/g)?.every((run) => run.length !== fence.length) ?? true).toBe(true);
    // CommonMark strips one pad space from each side when both are there.
    const shown = inner.startsWith(" ") && inner.endsWith(" ") && inner.trim() ? inner.slice(1, -1) : inner;
    expect(shown).toBe(input);
  });
});

describe("titleText", () => {
  it.each([
    ["plain", "billing 1432", "billing 1432"],
    ["mention", "@alice and cc @acme/team", `@${ZW}alice and cc @${ZW}acme/team`],
    ["mention after punctuation", "x.@bob (@carol)", `x.@${ZW}bob (@${ZW}carol)`],
    ["references", "fixes #3, acme/x#4, GH-5", `fixes #${ZW}3, acme/x#${ZW}4, GH-${ZW}5`],
    ["HTML and comment openers", "<img src=x> </b> <!-- x", `<${ZW}img src=x> <${ZW}/b> <${ZW}!-- x`],
    ["comparisons stay", "a < b > c", "a < b > c"],
    ["Markdown link and autolinks", "[x](https://evil.example) www.e.example", `[x]${ZW}(https${ZW}://evil.example) www${ZW}.e.example`],
    ["newlines", "one\ntwo\u00A0three", "one two three"],
  ])("%s", (_name, input, output) => {
    expect(titleText(input)).toBe(output);
  });

  it("uses the real zero-width space, never an entity (titles are plain text)", () => {
    expect(titleText("@alice #1 <b>")).not.toContain("&#");
  });

  it("caps the length with an ellipsis", () => {
    expect(titleText("a".repeat(300), 10)).toBe(`${"a".repeat(9)}…`);
  });
});

describe("neutralizeMentions after punctuation GitHub would still ping", () => {
  it.each([".@alice", "-@alice", "/@alice", "@@alice"])("%j", (input) => {
    expect(neutralizeMentions(input)).toContain(`@${Z}alice`);
  });
});

describe("slackText", () => {
  const ZC = "\u200B";
  it.each([
    ["plain", "billing", "billing"],
    ["Slack's control characters become entities", "<!channel> & <@U123>", `&lt;${ZC}!channel&gt; &amp; &lt;@${ZC}U123&gt;`],
    ["a link smuggled in", "<https://evil.example|click>", `&lt;${ZC}https${ZC}://evil.example|click&gt;`],
    ["a mention Slack's link_names would ping", "@here @alice", `@${ZC}here @${ZC}alice`],
    ["one line", "a\nb", "a b"],
  ])("%s", (_name, input, expected) => {
    expect(slackText(input)).toBe(expected);
  });

  it("is capped like any echoed title", () => {
    expect(slackText("x".repeat(500)).length).toBeLessThanOrEqual(101);
  });
});
