import { describe, expect, it } from "vitest";
import { MAX_JSON_BYTES, MAX_JSON_NESTING } from "../../src/domain/json-pins.js";
import { editPinFile, PinEditError, readPinFile } from "../../src/domain/pin-file.js";
import { pinLocationOf, type PinLocation } from "../../src/domain/pin-locations.js";
import type { Pin } from "../../src/domain/types.js";
import { at, OLD, SHA, swap } from "./pin-test-helpers.js";

const CHEF = "environments/staging.json";

/** A Chef environment as knife writes it: 2 spaces, versions under override_attributes, no commit. */
const CHEF_ENV = `{
  "name": "staging",
  "description": "Staging, deployed from main",
  "cookbook_versions": {
    "billing": "= 2.1.0"
  },
  "json_class": "Chef::Environment",
  "chef_type": "environment",
  "default_attributes": {},
  "override_attributes": {
    "billing": {
      "version": "1431",
      "workers": 4
    },
    "search": {
      "version": 88
    }
  }
}
`;

const FOUR = `{
    "billing": {
        "image": {
            "tag": "1431",
            "pullPolicy": "IfNotPresent"
        }
    }
}`;

const TABS = `{\n\t"billing": {\n\t\t"tag": "1431"\n\t},\n\t"x": [1, 2]\n}\n`;

const CRLF = `{\r\n  "billing": {\r\n    "version": "1431",\r\n    "commit": "${OLD}"\r\n  }\r\n}\r\n`;

describe("editPinFile: JSON keeps every byte but the values", () => {
  it.each<[string, string, { location: PinLocation; pin: Pin }[], [string, string][]]>([
    ["Chef environment: a quoted version stays a string", CHEF_ENV, [{ location: at(CHEF, "override_attributes.billing.version"), pin: { version: "1432" } }], [['"1431"', '"1432"']]],
    ["Chef environment: a number stays a number", CHEF_ENV, [{ location: at(CHEF, "override_attributes.search.version", undefined, "search"), pin: { version: "89" } }], [["88", "89"]]],
    ["Chef environment: two components at once", CHEF_ENV, [{ location: at(CHEF, "override_attributes.billing.version"), pin: { version: "1432" } }, { location: at(CHEF, "override_attributes.search.version", undefined, "search"), pin: { version: "90" } }], [['"1431"', '"1432"'], ["88", "90"]]],
    ["a number becomes a string only when the version cannot be a number", CHEF_ENV, [{ location: at(CHEF, "override_attributes.search.version", undefined, "search"), pin: { version: "v2.0.0" } }], [["88", '"v2.0.0"']]],
    ["a number keeps its written form", `{"v": 1.9}`, [{ location: at(CHEF, "v"), pin: { version: "1.10" } }], [["1.9", "1.10"]]],
    ["4-space indentation, no trailing newline", FOUR, [{ location: at(CHEF, "billing.image.tag"), pin: { version: "1432" } }], [['"1431"', '"1432"']]],
    ["tabs", TABS, [{ location: at(CHEF, "billing.tag"), pin: { version: "1432" } }], [['"1431"', '"1432"']]],
    ["CRLF with a commit", CRLF, [{ location: at(CHEF, "billing.version", "billing.commit"), pin: { version: "1432", commit: SHA } }], [['"1431"', '"1432"'], [OLD, SHA]]],
    ["commit added after the version (2 spaces)", CHEF_ENV, [{ location: at(CHEF, "override_attributes.billing.version", "override_attributes.billing.commit"), pin: { version: "1432", commit: SHA } }], [['"version": "1431",', `"version": "1432",\n      "commit": "${SHA}",`]]],
    ["commit added after the version (4 spaces)", FOUR, [{ location: at(CHEF, "billing.image.tag", "billing.image.commit"), pin: { version: "1432", commit: SHA } }], [['"tag": "1431",', `"tag": "1432",\n            "commit": "${SHA}",`]]],
    ["commit added with tabs", TABS, [{ location: at(CHEF, "billing.tag", "billing.commit"), pin: { version: "2", commit: SHA } }], [['"tag": "1431"', `"tag": "2",\n\t\t"commit": "${SHA}"`]]],
    ["commit added with CRLF", `{\r\n  "billing": {\r\n    "version": "1"\r\n  }\r\n}\r\n`, [{ location: at(CHEF, "billing.version", "billing.commit"), pin: { version: "2", commit: SHA } }], [['"version": "1"', `"version": "2",\r\n    "commit": "${SHA}"`]]],
    ["commit added in a one-line file", `{"billing":{"version":"1"},"x":2}`, [{ location: at(CHEF, "billing.version", "billing.commit"), pin: { version: "2", commit: SHA } }], [['"version":"1"', `"version":"2","commit":"${SHA}"`]]],
    ["commit added in a spaced one-line object", `{ "billing": { "version": "1" } }\n`, [{ location: at(CHEF, "billing.version", "billing.commit"), pin: { version: "2", commit: SHA } }], [['"version": "1"', `"version": "2", "commit": "${SHA}"`]]],
    ["commit removed when the new pin has none", CRLF, [{ location: at(CHEF, "billing.version", "billing.commit"), pin: { version: "1432" } }], [['"1431",\r\n', '"1432"\r\n'], [`    "commit": "${OLD}"\r\n`, ""]]],
    ["a list item by numeric segment", `{"tags": ["1", "2"]}\n`, [{ location: at(CHEF, "tags.1"), pin: { version: "3" } }], [['"2"', '"3"']]],
    ["the bot's own format in a JSON environment file", `{\n  "components": {\n    "billing": { "version": "1", "commit": "${OLD}" }\n  }\n}\n`, [{ location: pinLocationOf({ name: "billing", component: {}, environment: "staging", environmentFile: CHEF }), pin: { version: "2", commit: SHA } }], [['"1"', '"2"'], [OLD, SHA]]],
    ["Helm values in JSON: billing.image.tag", `{\n  "billing": {\n    "image": { "repository": "ghcr.io/acme/billing", "tag": "1431" }\n  }\n}\n`, [{ location: at(CHEF, "billing.image.tag"), pin: { version: "1432" } }], [['"1431"', '"1432"']]],
    ["JSON with comments", `{\n  // pinned by release-bot\n  "billing": { "tag": "1" } /* end */\n}\n`, [{ location: at(CHEF, "billing.tag"), pin: { version: "2" } }], [['"1"', '"2"']]],
    ["unchanged value changes nothing", CHEF_ENV, [{ location: at(CHEF, "override_attributes.search.version", undefined, "search"), pin: { version: "88" } }], []],
  ])("%s", (_name, before, edits, swaps) => {
    const after = editPinFile({ file: CHEF, text: before, edits });
    expect(after).toBe(swap(before, swaps));
    const read = readPinFile({ file: CHEF, text: after, locations: edits.map((e) => e.location) });
    expect(read.ok && read.results.map((r) => (r.status === "pinned" ? r.pin : r))).toEqual(edits.map((e) => (e.location.kind === "path" && e.location.commitPath ? e.pin : { version: e.pin.version })));
  });

  it.each<[string, string, PinLocation, Pin, RegExp]>([
    ["the version path does not exist", CHEF_ENV, at(CHEF, "override_attributes.web.version"), { version: "2" }, /"billing" is not pinned in environments\/staging.json: it has no override_attributes.web.version/],
    ["the version is an object", CHEF_ENV, at(CHEF, "override_attributes.billing"), { version: "2" }, /must be a string or number to be edited, but it is a map/],
    ["the commit's object does not exist", CHEF_ENV, at(CHEF, "override_attributes.billing.version", "meta.commit"), { version: "2", commit: SHA }, /has no meta to add meta.commit to/],
    ["the file is not valid JSON", `{"a": }`, at(CHEF, "a"), { version: "2" }, /cannot be edited: JSON syntax error/],
  ])("refuses when %s", (_name, text, location, pin, message) => {
    expect(() => editPinFile({ file: CHEF, text, edits: [{ location, pin }] })).toThrow(PinEditError);
    expect(() => editPinFile({ file: CHEF, text, edits: [{ location, pin }] })).toThrow(message);
  });
});

describe("readPinFile: JSON", () => {
  it.each<[string, string, PinLocation, unknown]>([
    ["Chef string version", CHEF_ENV, at(CHEF, "override_attributes.billing.version"), { status: "pinned", pin: { version: "1431" }, line: 12 }],
    ["number read as written", `{"v": 1.10}`, at(CHEF, "v"), { status: "pinned", pin: { version: "1.10" } }],
    ["with commit", CRLF, at(CHEF, "billing.version", "billing.commit"), { status: "pinned", pin: { version: "1431", commit: OLD } }],
    ["null commit is no commit", `{"v": "1", "c": null}`, at(CHEF, "v", "c"), { status: "pinned", pin: { version: "1" } }],
    ["absent", CHEF_ENV, at(CHEF, "override_attributes.web.version"), { status: "absent", reason: `${CHEF} has no override_attributes.web` }],
    ["empty file", "", at(CHEF, "v"), { status: "absent" }],
  ])("%s", (_name, text, location, expected) => {
    const read = readPinFile({ file: CHEF, text, locations: [location] });
    expect(read.ok).toBe(true);
    expect(read.ok && read.results[0]).toMatchObject(expected as object);
  });

  it.each<[string, string, PinLocation, string, RegExp]>([
    ["version is an object", CHEF_ENV, at(CHEF, "override_attributes.billing"), "override_attributes.billing", /in environments\/staging.json must be a version \(a string or number\), but it is a map/],
    ["version is null", `{"v": null}`, at(CHEF, "v"), "v", /is empty/],
    ["version is an empty string", `{"v": ""}`, at(CHEF, "v"), "v", /is empty/],
    ["version is a boolean", `{"v": true}`, at(CHEF, "v"), "v", /true or false/],
    ["commit is a list", `{"v": "1", "c": []}`, at(CHEF, "v", "c"), "c", /must be a commit sha, but it is a list/],
  ])("a problem when %s", (_name, text, location, key, message) => {
    const read = readPinFile({ file: CHEF, text, locations: [location] });
    const result = read.ok ? read.results[0] : undefined;
    expect(result?.status).toBe("problem");
    if (result?.status !== "problem") return;
    expect(result.problem.key).toBe(key);
    expect(result.problem.message).toMatch(message);
    expect(result.problem.fix).toContain(CHEF);
  });

  it.each([
    ["a syntax error", `{\n  "a": 1,\n}`, /JSON syntax error at line 3, column 1: /],
    ["a duplicate key", `{"a": {"v": 1, "v": 2}}`, /"v" appears twice in the same object/],
    ["nesting beyond the bound", `${"[".repeat(MAX_JSON_NESTING + 1)}${"]".repeat(MAX_JSON_NESTING + 1)}`, /nested more than 64 levels/],
    ["deep nesting that would exhaust the parser's stack", "[".repeat(300_000), /nested more than 64 levels/],
    ["more than the size bound", `{"x": "${"a".repeat(MAX_JSON_BYTES)}"}`, /more than the 512 KB release-bot reads/],
  ])("one problem for the whole file on %s", (_name, text, message) => {
    const read = readPinFile({ file: CHEF, text, locations: [at(CHEF, "a")] });
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problem.message).toMatch(message);
      expect(read.problem.fix).toContain(CHEF);
    }
  });
});
