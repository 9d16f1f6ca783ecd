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
    ["glued word", "/released staging"],
    ["glued by a zero-width space (not a space)", "/release\u200Bstaging"],
    ["empty", ""],
  ])("ignores %s", (_name, body) => {
    expect(parseCommand(body)).toBeNull();
  });
});
