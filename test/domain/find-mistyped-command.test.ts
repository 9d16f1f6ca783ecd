import { describe, expect, it } from "vitest";
import { closestMatch } from "../../src/domain/closest-match.js";
import { findMistypedCommand, parseCommand } from "../../src/domain/parse-command.js";

describe("parseCommand reads /help", () => {
  it.each([
    ["/help", { command: "help", args: [], force: false }],
    ["/HELP", { command: "help", args: [], force: false }],
    ["Which commands are there?\n/help release", { command: "help", args: ["release"], force: false }],
  ])("%j", (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it.each([
    ["in fenced code", "```\n/help\n```"],
    ["quoted", "> /help"],
    ["not at line start", "try /help"],
    ["glued word", "/helpful"],
  ])("ignores /help %s", (_name, body) => {
    expect(parseCommand(body)).toBeNull();
  });
});

describe("findMistypedCommand", () => {
  it.each([
    ["/relase staging", "relase", "release"],
    ["/Relase staging", "relase", "release"],
    ["/realese staging", "realese", "release"],
    ["/releases all", "releases", "release"],
    ["/released staging", "released", "release"],
    ["/rollbak production", "rollbak", "rollback"],
    ["/rolback", "rolback", "rollback"],
    ["/stauts", "stauts", "status"],
    ["/statu", "statu", "status"],
    ["/hepl", "hepl", "help"],
    ["/helpp", "helpp", "help"],
    ["Hi!\n/shrug\n/relase staging", "relase", "release"],
    ["/relase @alice fixes #1", "relase", "release"],
  ])("%j is a typo of /%s", (body, typed, suggestion) => {
    expect(findMistypedCommand(body)).toEqual({ typed, suggestion });
  });

  it.each([
    ["far from every command", "/shrug"],
    ["a thumbs-up", "/lgtm"],
    ["Prow's hold (two edits from help)", "/hold"],
    ["a rebase bot's command (two edits from release)", "/rebase"],
    ["Prow's retest", "/retest"],
    ["two edits from status", "/state"],
    ["two edits from help", "/hello"],
    ["a path", "/usr/bin/env"],
    ["a known command", "/release staging"],
    ["a known command after a typo", "/relase staging\n/release staging"],
    ["a typo in fenced code", "```\n/relase staging\n```"],
    ["a typo in a quote", "> /relase staging"],
    ["a typo in an HTML comment", "<!--\n/relase staging\n-->"],
    ["a typo mid-line", "I typed /relase staging"],
    ["a closing keyword", "/fixes #1"],
    ["a very long name", `/${"r".repeat(5000)}`],
    ["empty", ""],
  ])("ignores %s", (_name, body) => {
    expect(findMistypedCommand(body)).toBeNull();
  });
});

describe("closestMatch with maxDistance", () => {
  it.each([
    ["stauts", ["status"], 1, "status"],
    ["stat", ["status"], 1, undefined],
    ["stat", ["status"], undefined, "status"],
    ["rebase", ["release"], 2, "release"],
    ["rebase", ["release"], 1, undefined],
  ] as [string, string[], number | undefined, string | undefined][])("%s in %j within %s", (input, candidates, max, expected) => {
    const maxDistance = max === undefined ? undefined : (): number => max;
    expect(closestMatch({ input, candidates, maxDistance })).toBe(expected);
  });
});
