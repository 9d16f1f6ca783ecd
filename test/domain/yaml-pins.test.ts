import { describe, expect, it } from "vitest";
import { editPinFile, PinEditError, readPinFile } from "../../src/domain/pin-file.js";
import { pinLocationOf, type PinLocation } from "../../src/domain/pin-locations.js";
import { MAX_YAML_BYTES } from "../../src/domain/read-bounded-yaml.js";
import type { Pin } from "../../src/domain/types.js";
import { at, image, OLD, SHA, swap } from "./pin-test-helpers.js";

const VALUES = "deploy/staging/values.yaml";
const KUSTOMIZATION = "apps/api/overlays/staging/kustomization.yaml";
const own = (name: string, file = "environments/staging.yml"): PinLocation => pinLocationOf({ name, component: {}, environment: "staging", environmentFile: file });

const HELM = `# Helm values for staging
replicaCount: 2

billing:
  image:
    repository: ghcr.io/acme/billing  # registry
    tag: 1431        # build number
    pullPolicy: IfNotPresent
  resources: &res
    limits: { cpu: 500m }
search:
  resources: *res
  image:
    tag: "88"
`;

const KUSTOMIZE = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
images:
  - name: ghcr.io/acme/web
    newTag: "77"
  # the API image, bumped by release-bot
  - name: ghcr.io/acme/api
    newName: registry.acme.dev/api
    newTag: '1431'
`;

describe("editPinFile: YAML keeps every byte but the values", () => {
  it.each<[string, string, string, { location: PinLocation; pin: Pin }[], [string, string][]]>([
    ["Helm values: plain number stays plain, comments and anchors stay", VALUES, HELM, [{ location: at(VALUES, "billing.image.tag"), pin: { version: "1432" } }], [["tag: 1431 ", "tag: 1432 "]]],
    ["Helm values: double quotes stay", VALUES, HELM, [{ location: at(VALUES, "search.image.tag", undefined, "search"), pin: { version: "89" } }], [['tag: "88"', 'tag: "89"']]],
    ["two components of one umbrella file in one edit", VALUES, HELM, [{ location: at(VALUES, "billing.image.tag"), pin: { version: "1432" } }, { location: at(VALUES, "search.image.tag", undefined, "search"), pin: { version: "90" } }], [["tag: 1431 ", "tag: 1432 "], ['tag: "88"', 'tag: "90"']]],
    ["single quotes stay, with an apostrophe doubled", VALUES, "billing:\n  tag: '1431'\n", [{ location: at(VALUES, "billing.tag"), pin: { version: "it's" } }], [["'1431'", "'it''s'"]]],
    ["plain string stays plain", VALUES, "billing:\n  tag: v1.2.3 # semver\n", [{ location: at(VALUES, "billing.tag"), pin: { version: "v1.2.4" } }], [["v1.2.3", "v1.2.4"]]],
    ["plain string is quoted when the new value would read as a number", VALUES, "billing:\n  tag: v1.2.3\n", [{ location: at(VALUES, "billing.tag"), pin: { version: "1.10" } }], [["v1.2.3", '"1.10"']]],
    ["flow map", VALUES, "billing: { image: { repository: x, tag: \"1\" } } # flow\n", [{ location: at(VALUES, "billing.image.tag"), pin: { version: "2" } }], [['"1"', '"2"']]],
    ["flow sequence item by numeric segment", VALUES, "tags: [\"1\", '2']\n", [{ location: at(VALUES, "tags.1"), pin: { version: "3" } }], [["'2'", "'3'"]]],
    ["block sequence of maps by numeric segment", VALUES, "services:\n  - name: a\n    tag: \"1\"\n  - name: billing\n    tag: \"5\"\n", [{ location: at(VALUES, "services.1.tag"), pin: { version: "6" } }], [['"5"', '"6"']]],
    ["CRLF line endings", VALUES, "billing:\r\n  image:\r\n    tag: \"1\"\r\n    commit: abc\r\n", [{ location: at(VALUES, "billing.image.tag", "billing.image.commit"), pin: { version: "2", commit: SHA } }], [['"1"', '"2"'], ["abc", SHA]]],
    ["no trailing newline", VALUES, "billing:\n  tag: \"1\"", [{ location: at(VALUES, "billing.tag"), pin: { version: "2" } }], [['"1"', '"2"']]],
    ["commit added after the version, same indentation and line ending", VALUES, "billing:\r\n  image:\r\n    tag: \"1\" # v\r\n    pullPolicy: Always\r\n", [{ location: at(VALUES, "billing.image.tag", "billing.image.commit"), pin: { version: "2", commit: SHA } }], [['"1" # v\r\n', `"2" # v\r\n    commit: ${SHA}\r\n`]]],
    ["commit removed when the new pin has none", VALUES, `billing:\n  tag: "1"\n  commit: ${OLD} # old\n  x: 1\n`, [{ location: at(VALUES, "billing.tag", "billing.commit"), pin: { version: "2" } }], [['"1"', '"2"'], [`  commit: ${OLD} # old\n`, ""]]],
    ["anchored version keeps its aliases at the old value", VALUES, "billing:\n  tag: &t \"1\"\nsearch:\n  tag: *t\n", [{ location: at(VALUES, "billing.tag"), pin: { version: "2" } }], [['&t "1"', '&t "2"'], ["*t", '"1"']]],
    ["the bot's own format at the default location", "environments/staging.yml", `components:\n  billing:\n    version: "1431" # v\n    commit: ${OLD}\n`, [{ location: own("billing"), pin: { version: "1432", commit: SHA } }], [['"1431"', '"1432"'], [OLD, SHA]]],
    ["Kustomize overlay: newTag of the named image, single quotes stay", KUSTOMIZATION, KUSTOMIZE, [{ location: image(KUSTOMIZATION, "ghcr.io/acme/api"), pin: { version: "1432" } }], [["'1431'", "'1432'"]]],
    ["Kustomize overlay in flow style", KUSTOMIZATION, "images: [{ name: ghcr.io/acme/api, newTag: \"1\" }, { name: x, newTag: \"1\" }]\n", [{ location: image(KUSTOMIZATION, "ghcr.io/acme/api"), pin: { version: "2" } }], [['newTag: "1" }, {', 'newTag: "2" }, {']]],
    ["unchanged value changes nothing", VALUES, "billing:\n  tag:   '1431'   # same\n", [{ location: at(VALUES, "billing.tag"), pin: { version: "1431" } }], []],
  ])("%s", (_name, file, before, edits, swaps) => {
    const after = editPinFile({ file, text: before, edits });
    expect(after).toBe(swap(before, swaps));
    const read = readPinFile({ file, text: after, locations: edits.map((e) => e.location) });
    expect(read.ok && read.results.map((r) => (r.status === "pinned" ? r.pin : r))).toEqual(edits.map((e) => (e.location.kind === "path" && e.location.commitPath ? e.pin : { version: e.pin.version })));
  });

  it.each<[string, string, PinLocation, Pin, RegExp]>([
    ["the version path does not exist", "billing:\n  image: {}\n", at(VALUES, "billing.image.tag"), { version: "2" }, /"billing" is not pinned in deploy\/staging\/values.yaml: it has no billing.image.tag/],
    ["the image is not listed", KUSTOMIZE, image(KUSTOMIZATION, "ghcr.io/acme/nope"), { version: "2" }, /image ghcr.io\/acme\/nope is not listed/],
    ["the value is inside an anchored map aliased elsewhere", "base: &b\n  tag: \"1\"\nbilling: *b\n", at(VALUES, "base.tag"), { version: "2" }, /anchored \(&b\) and aliased elsewhere/],
    ["the path goes through an alias", "base: &b\n  tag: \"1\"\nbilling: *b\n", at(VALUES, "billing.tag"), { version: "2" }, /billing in .* is an alias \(\*b\)/],
    ["the commit is missing and not the version's sibling", "billing:\n  tag: \"1\"\n", at(VALUES, "billing.tag", "meta.commit"), { version: "2", commit: SHA }, /has no meta.commit; add it once by hand/],
    ["the version is a map", "billing:\n  tag: { a: 1 }\n", at(VALUES, "billing.tag"), { version: "2" }, /expected a scalar value/],
    ["the file is not valid YAML", "billing: [\n", at(VALUES, "billing.tag"), { version: "2" }, /cannot be edited: YAML syntax error/],
  ])("refuses when %s", (_name, text, location, pin, message) => {
    const file = location.file;
    expect(() => editPinFile({ file, text, edits: [{ location, pin }] })).toThrow(PinEditError);
    expect(() => editPinFile({ file, text, edits: [{ location, pin }] })).toThrow(message);
  });

  it("refuses a location of another file", () => {
    expect(() => editPinFile({ file: "a.yaml", text: "x: 1\n", edits: [{ location: at("b.yaml", "x"), pin: { version: "2" } }] })).toThrow(/is in b.yaml, not a.yaml/);
  });
});

describe("readPinFile: YAML", () => {
  it.each<[string, string, PinLocation, unknown]>([
    ["number read as written", "billing:\n  tag: 1.10\n", at(VALUES, "billing.tag"), { status: "pinned", pin: { version: "1.10" } }],
    ["string with commit", "billing:\n  tag: \"1432\"\n  commit: 1234e56\n", at(VALUES, "billing.tag", "billing.commit"), { status: "pinned", pin: { version: "1432", commit: "1234e56" } }],
    ["commit path configured but absent", "billing:\n  tag: \"1\"\n", at(VALUES, "billing.tag", "billing.commit"), { status: "pinned", pin: { version: "1" } }],
    ["empty commit is no commit", "billing:\n  tag: \"1\"\n  commit:\n", at(VALUES, "billing.tag", "billing.commit"), { status: "pinned", pin: { version: "1" } }],
    ["through an alias", "base: &b { tag: \"7\" }\nbilling: *b\n", at(VALUES, "billing.tag"), { status: "pinned", pin: { version: "7" } }],
    ["top key absent", "search:\n  tag: \"1\"\n", at(VALUES, "billing.image.tag"), { status: "absent", reason: `${VALUES} has no billing` }],
    ["leaf absent", "billing:\n  image: { repository: x }\n", at(VALUES, "billing.image.tag"), { status: "absent", reason: `${VALUES} has no billing.image.tag` }],
    ["empty file", "", at(VALUES, "billing.tag"), { status: "absent", reason: `${VALUES} has no billing` }],
    ["Kustomize image", KUSTOMIZE, image(KUSTOMIZATION, "ghcr.io/acme/api"), { status: "pinned", pin: { version: "1431" }, versionPath: ["images", 1, "newTag"] }],
    ["Kustomize image absent", KUSTOMIZE, image(KUSTOMIZATION, "ghcr.io/acme/nope"), { status: "absent", reason: `image ghcr.io/acme/nope is not listed in images of ${KUSTOMIZATION}` }],
    ["Kustomize image without newTag", "images:\n  - name: a\n    newName: b\n", image(KUSTOMIZATION, "a"), { status: "absent", reason: `image a in ${KUSTOMIZATION} has no newTag` }],
    ["Kustomize image pinned by digest", "images:\n  - name: a\n    digest: sha256:0\n", image(KUSTOMIZATION, "a"), { status: "problem", problem: { key: "images.0.digest" } }],
    ["Kustomize without images", "resources: [../base]\n", image(KUSTOMIZATION, "a"), { status: "absent", reason: `${KUSTOMIZATION} has no images: list` }],
  ])("%s", (_name, text, location, expected) => {
    const read = readPinFile({ file: location.file, text, locations: [location] });
    expect(read.ok).toBe(true);
    expect(read.ok && read.results[0]).toMatchObject(expected as object);
  });

  it.each<[string, string, PinLocation, string, RegExp]>([
    ["version is a map", "billing:\n  tag: { a: 1 }\n", at(VALUES, "billing.tag"), "billing.tag", /billing.tag of component "billing" in deploy\/staging\/values.yaml must be a version \(a string or number\), but it is a map/],
    ["version is a list", "billing:\n  tag: [1]\n", at(VALUES, "billing.tag"), "billing.tag", /but it is a list/],
    ["version is a boolean", "billing:\n  tag: true\n", at(VALUES, "billing.tag"), "billing.tag", /but it is true or false/],
    ["version is empty", "billing:\n  tag:\n", at(VALUES, "billing.tag"), "billing.tag", /is empty/],
    ["commit is a map", "billing:\n  tag: \"1\"\n  commit: { sha: x }\n", at(VALUES, "billing.tag", "billing.commit"), "billing.commit", /must be a commit sha, but it is a map/],
    ["images is a map", "images: { a: 1 }\n", image(KUSTOMIZATION, "a"), "images", /images in .* must be a list/],
    ["image listed twice", "images:\n  - { name: a, newTag: \"1\" }\n  - { name: a, newTag: \"2\" }\n", image(KUSTOMIZATION, "a"), "images.1", /listed twice/],
  ])("a problem when %s", (_name, text, location, key, message) => {
    const read = readPinFile({ file: location.file, text, locations: [location] });
    const result = read.ok ? read.results[0] : undefined;
    expect(result?.status).toBe("problem");
    if (result?.status !== "problem") return;
    expect(result.problem.key).toBe(key);
    expect(result.problem.message).toMatch(message);
    expect(result.problem.fix).toContain(location.file);
    expect(result.problem.line).toBeGreaterThan(0);
  });

  it.each([
    ["a syntax error", "billing: [\n", /YAML syntax error at line/],
    ["a duplicate key", "billing: 1\nbilling: 2\n", /Map keys must be unique/],
    ["too many aliases", `a: &a x\nb: [${Array(20).fill("*a").join(", ")}]\n`, /aliases/],
    ["more than the size bound", `x: "${"a".repeat(MAX_YAML_BYTES)}"\n`, /more than the 512 KB release-bot reads/],
  ])("one problem for the whole file on %s", (_name, text, message) => {
    const read = readPinFile({ file: VALUES, text, locations: [at(VALUES, "billing.tag")] });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem.message).toMatch(message);
  });
});
