import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/domain/parse-command.js";

describe("parseCommand", () => {
  it.each([
    ["/release staging", { command: "release", args: ["staging"], force: false }],
    ["/release", { command: "release", args: [], force: false }],
    ["  /rollback production --force", { command: "rollback", args: ["production"], force: true }],
    ["/release --force staging  ", { command: "release", args: ["staging"], force: true }],
    ["/status", { command: "status", args: [], force: false }],
    ["/Release Staging", { command: "release", args: ["Staging"], force: false }],
    ["Please ship it.\r\n/release demo\r\nthanks", { command: "release", args: ["demo"], force: false }],
    ["/foo\n/release staging", { command: "release", args: ["staging"], force: false }],
    ["```\n/release a\n```\n/release b", { command: "release", args: ["b"], force: false }],
    ["/release @alice", { command: "release", args: ["@alice"], force: false }],
    ["/release [x](https://evil.example)", { command: "release", args: ["[x](https://evil.example)"], force: false }],
  ])("%j", (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  const STAGING = { command: "release", args: ["staging"], force: false };
  it.each([
    ["after a closed <pre> block", "<pre>\n/release production\n</pre>\n/release staging"],
    ["after a one-line <pre>…</pre>", "<pre>/release production</pre>\n/release staging"],
    ["after a <script> closed by another raw-text end tag", "<script>\n/release production\n</style>\n/release staging"],
    ["on the line after a type 6 block's blank line", "<details>\n<summary>Example</summary>\n/release production\n\n/release staging"],
    ["after a closing tag's block and its blank line", "</div>\n/release production\n \t\n/release staging"],
    ["after a one-line declaration", "<!DOCTYPE html>\n/release staging"],
    ["after a one-line processing instruction", "<?xml version=\"1.0\"?>\n/release staging"],
    ["after CDATA", "<![CDATA[\n/release production\n]]>\n/release staging"],
    ["next to inline HTML, which is no block", "<span>\n/release staging"],
    ["after a tag that only starts like a block tag", "<preview>\n/release staging"],
    ["after a tag indented 4 spaces (code, no HTML block)", "    <pre>\n/release staging"],
    ["after <pre> in a fence", "```\n<pre>\n```\n/release staging"],
    ["after a fence shown inside <pre>", "<pre>\n```\n</pre>\n/release staging"],
  ])("counts a command %s", (_name, body) => {
    expect(parseCommand(body)).toEqual(STAGING);
  });

  it.each([
    ["NBSP", "\u00A0"],
    ["en quad", "\u2000"],
    ["em space", "\u2003"],
    ["hair space", "\u200A"],
    ["narrow NBSP", "\u202F"],
    ["medium math space", "\u205F"],
    ["ideographic space", "\u3000"],
    ["tab", "\t"],
    ["mixed run", " \u00A0\t\u3000"],
  ])("a %s between command and argument parses like a space", (_name, space) => {
    expect(parseCommand(`/release${space}staging`)).toEqual({ command: "release", args: ["staging"], force: false });
    expect(parseCommand(`/rollback${space}production${space}--force`)).toEqual({ command: "rollback", args: ["production"], force: true });
  });

  it.each([
    ["unknown command", "/foo bar"],
    ["not at line start", "please /release staging"],
    ["quoted", "> /release staging"],
    ["fenced code", "```\n/release staging\n```"],
    ["tilde fence", "~~~\n/release staging\n~~~"],
    ["unclosed fence", "```\n/release staging"],
    ["indented code", "    /release staging"],
    ["inline code", "`/release staging`"],
    ["HTML comment", "<!--\n/release staging\n-->"],
    ["<pre> block", "To ship staging, comment this:\n<pre>\n/release staging\n</pre>"],
    ["unclosed <pre>", "<pre>\n/release staging"],
    ["<PRE> with attributes", "  <PRE class=\"example\">\n/release staging\n</PRE>"],
    ["<pre> whose end tag is on a later line of text", "<pre>x\n/release staging\nsee</pre>"],
    ["<textarea>", "<textarea>\n/release staging\n</textarea>"],
    ["<script>", "<script>\n/release staging\n</script>"],
    ["<style>", "<style>\n/release staging\n</style>"],
    ["collapsed <details>", "<details>\n<summary>How to ship</summary>\n/release staging\n</details>"],
    ["<div> up to the blank line", "<div align=\"center\">\n/release staging"],
    ["a table cell", "<table><tr><td>\n/release staging\n</td></tr></table>"],
    ["<blockquote>", "<blockquote>\n/release staging\n</blockquote>"],
    ["a closing block tag's block", "</details>\n/release staging"],
    ["a self-closing block tag's block", "<hr/>\n/release staging"],
    ["a type 6 block interrupting a paragraph", "Example:\n<div>\n/release staging"],
    ["CDATA", "<![CDATA[\n/release staging\n]]>"],
    ["a declaration", "<!DOCTYPE\n/release staging\n>"],
    ["a processing instruction", "<?php\n/release staging\n?>"],
    ["glued word", "/released staging"],
    ["glued by a zero-width space (not a space)", "/release\u200Bstaging"],
    ["empty", ""],
  ])("ignores %s", (_name, body) => {
    expect(parseCommand(body)).toBeNull();
  });
});
