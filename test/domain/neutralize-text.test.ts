import { describe, expect, it } from "vitest";
import { defuseClosingKeywords, defuseReferences, escapeMarkdownInline, neutralizeMentions, sanitizeForBody } from "../../src/domain/neutralize-text.js";
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
