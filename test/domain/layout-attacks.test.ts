/**
 * Hostile and odd ops-repo files against the pin layouts (issue 9), as tables: anchors and aliases, duplicate
 * keys, values of the wrong type, number-looking versions, comments and substrings holding the old version,
 * CRLF, BOM and trailing whitespace, Kustomize image lists, and pins that collide in the config. Every edit is
 * checked byte for byte against the input with exactly the pinned values swapped.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/domain/parse-config.js";
import { editPinFile, readPinFile, PinEditError } from "../../src/domain/pin-file.js";
import type { PinLocation } from "../../src/domain/pin-locations.js";
import { at, image, swap, SHA } from "./pin-test-helpers.js";

const Y = "deploy/staging/values.yaml";
const J = "environments/staging.json";
const K = "apps/api/overlays/staging/kustomization.yaml";

const edit = (location: PinLocation, text: string, version: string, commit?: string) =>
  editPinFile({ file: location.file, text, edits: [{ location, pin: commit === undefined ? { version } : { version, commit } }] });
const read = (location: PinLocation, text: string) => readPinFile({ file: location.file, text, locations: [location] });
const pinned = (location: PinLocation, text: string) => {
  const result = read(location, text);
  expect(result.ok).toBe(true);
  return result.ok ? result.results[0] : undefined;
};

describe("anchors and aliases never let one pin's edit change another key", () => {
  it("a version anchored and aliased by another component: only the edited one moves, the alias keeps the old value", () => {
    const text = "billing:\n  tag: &v 1431\nworker:\n  tag: *v   # same build\n";
    const out = edit(at(Y, "billing.tag"), text, "1433");
    expect(out).toBe(swap(text, [["&v 1431", "&v 1433"], ["*v", "1431"]]));
    expect(pinned(at(Y, "worker.tag", undefined, "worker"), out)).toMatchObject({ status: "pinned", pin: { version: "1431" } });
  });

  it("a version that is itself an alias is written out; the anchor's own key stays", () => {
    const text = "defaults:\n  tag: &v 1431\nbilling:\n  tag: *v\n";
    expect(edit(at(Y, "billing.tag"), text, "1433")).toBe(swap(text, [["tag: *v", "tag: 1433"]]));
  });

  it.each([
    ["an anchored map aliased by another key", "base: &b\n  tag: 1431\nbilling: *b\n", "base.tag"],
    ["a version reached through an alias of a map", "base: &b\n  tag: 1431\nbilling: *b\n", "billing.tag"],
    ["an anchored list aliased elsewhere", "tags: &t\n  - 1431\nmirror: *t\n", "tags.0"],
  ])("%s is refused (PinEditError), never edited", (_name, text, path) => {
    expect(() => edit(at(Y, path), text, "1433")).toThrow(PinEditError);
  });

  it("the commit aliased to the version: both are written, the anchor's value moves with the version only", () => {
    const text = "image:\n  tag: &v 1431\n  commit: *v\n";
    expect(edit(at(Y, "image.tag", "image.commit"), text, "1433", SHA)).toBe(swap(text, [["&v 1431", "&v 1433"], ["*v", SHA]]));
  });
});

describe("duplicate keys are a problem for the whole file, never a guess of which one counts", () => {
  it.each([
    ["JSON, the same key twice", J, '{ "billing": { "version": "1431", "version": "9999" } }\n'],
    ["JSON, the same key spelt with an escape", J, '{ "billing": { "version": "1431", "vers\\u0069on": "9999" } }\n'],
    ["YAML, plain and quoted", Y, 'billing:\n  version: 1431\n  "version": 9999\n'],
  ])("%s", (_name, file, text) => {
    const location = at(file, "billing.version");
    const result = read(location, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toMatch(/appears twice/);
    expect(() => edit(location, text, "1433")).toThrow(PinEditError);
  });
});

describe("a version that is not a string or number is a problem naming the path", () => {
  it.each([
    [Y, "billing:\n  tag:\n    major: 1\n", "a map"],
    [Y, "billing:\n  tag: [1431]\n", "a list"],
    [Y, "billing:\n  tag: ~\n", "is empty"],
    [Y, "billing:\n  tag: true\n", "true or false"],
    [Y, 'billing:\n  tag: ""\n', "is empty"],
    [J, '{ "billing": { "tag": { "major": 1 } } }', "a map"],
    [J, '{ "billing": { "tag": [1431] } }', "a list"],
    [J, '{ "billing": { "tag": null } }', "is empty"],
    [J, '{ "billing": { "tag": false } }', "true or false"],
  ])("%s: %j", (file, text, what) => {
    const result = pinned(at(file, "billing.tag"), text);
    expect(result?.status).toBe("problem");
    if (result?.status === "problem") {
      expect(result.problem.key).toBe("billing.tag");
      expect(result.problem.message).toContain(what);
    }
  });
});

describe("number-looking versions are read as written and stay byte-identical when another pin moves", () => {
  it.each([
    [Y, "1.10"],
    [Y, "0x1F"],
    [Y, "1e3"],
    [Y, "012"],
    [J, "1.10"],
    [J, "1e3"],
    [J, "-0"],
  ])("%s: %s", (file, value) => {
    const text = file === J ? `{\n  "billing": { "tag": 1431 },\n  "worker": { "tag": ${value} }\n}\n` : `billing:\n  tag: 1431\nworker:\n  tag: ${value}\n`;
    expect(pinned(at(file, "worker.tag", undefined, "worker"), text)).toMatchObject({ status: "pinned", pin: { version: value } });
    expect(edit(at(file, "billing.tag"), text, "1433")).toBe(swap(text, [["1431", "1433"]]));
    // Writing back the value as read changes nothing.
    expect(edit(at(file, "worker.tag", undefined, "worker"), text, value)).toBe(text);
  });

  it("a new version that a plain YAML number would misread is quoted (1.20 is not 1.2)", () => {
    expect(edit(at(Y, "tag"), "tag: 1.10\n", "1.20")).toBe('tag: "1.20"\n');
    expect(edit(at(Y, "tag"), "tag: 1431\n", "1e3")).toBe('tag: "1e3"\n');
    expect(edit(at(Y, "tag"), "tag: 1431\n", "0x20")).toBe('tag: "0x20"\n');
  });
});

describe("the old version elsewhere in the file is never touched: only the pinned value changes", () => {
  it.each([
    [Y, "# billing was 1431 before\nbilling:\n  tag: 1431  # 1431 = run number\n  note: \"rollback to 1431 if needed\"\n  other: x1431y\nworker:\n  tag: 1431\n", "  tag: 1431  #", "  tag: 1433  #"],
    [J, '{\n  // billing was 1431\n  "billing": { "tag": "1431", "note": "1431" },\n  "worker": { "tag": "1431" } /* 1431 */\n}\n', '"tag": "1431", "note"', '"tag": "1433", "note"'],
  ])("%s", (file, text, from, to) => {
    expect(edit(at(file, "billing.tag"), text, "1433")).toBe(swap(text, [[from, to]]));
  });
});

describe("CRLF, BOM and trailing whitespace stay byte for byte", () => {
  it("YAML with a BOM, CRLF and trailing spaces: version and commit swapped, nothing else", () => {
    const text = `\uFEFF# values \r\nbilling:   \r\n  image:\r\n    tag: "1431"\t \r\n    commit: 3f2a9c1e   \r\n\r\n`;
    expect(edit(at(Y, "billing.image.tag", "billing.image.commit"), text, "1433", SHA)).toBe(swap(text, [['"1431"', '"1433"'], ["3f2a9c1e", SHA]]));
  });

  it("YAML with CRLF: a missing commit is added on its own CRLF line", () => {
    const text = "billing:\r\n  tag: 1431\r\n  replicas: 2\r\n";
    expect(edit(at(Y, "billing.tag", "billing.commit"), text, "1433", SHA)).toBe(`billing:\r\n  tag: 1433\r\n  commit: ${SHA}\r\n  replicas: 2\r\n`);
  });

  it("JSON with CRLF, tabs and trailing spaces: a missing commit is added in the file's own layout", () => {
    const text = '{\r\n\t"billing": {\r\n\t\t"version": "1431",  \r\n\t\t"port": 8080\r\n\t}\r\n}\r\n';
    expect(edit(at(J, "billing.version", "billing.commit"), text, "1433", SHA)).toBe(`{\r\n\t"billing": {\r\n\t\t"version": "1433",\r\n\t\t"commit": "${SHA}",  \r\n\t\t"port": 8080\r\n\t}\r\n}\r\n`);
  });

  it("a Kustomize overlay with CRLF and a BOM", () => {
    const text = '\uFEFFkind: Kustomization\r\nimages:\r\n  - name: ghcr.io/acme/api   \r\n    newTag: "1431" # bot\r\n';
    expect(edit(image(K, "ghcr.io/acme/api"), text, "1433")).toBe(swap(text, [['"1431"', '"1433"']]));
  });
});

describe("Kustomize images", () => {
  it("the same image listed twice is a problem, never edited", () => {
    const text = 'images:\n  - name: ghcr.io/acme/api\n    newTag: "1431"\n  - name: ghcr.io/acme/api\n    newTag: "1432"\n';
    const result = pinned(image(K, "ghcr.io/acme/api"), text);
    expect(result).toMatchObject({ status: "problem", problem: { key: "images.1" } });
    expect(() => edit(image(K, "ghcr.io/acme/api"), text, "1433")).toThrow(PinEditError);
  });

  it("the pin names an entry by `name`: an entry whose newName is the image is not it", () => {
    const text = 'images:\n  - name: api\n    newName: ghcr.io/acme/api\n    newTag: "1431"\n';
    expect(pinned(image(K, "ghcr.io/acme/api"), text)).toMatchObject({ status: "absent" });
    expect(pinned(image(K, "api"), text)).toMatchObject({ status: "pinned", pin: { version: "1431" } });
    expect(edit(image(K, "api"), text, "1433")).toBe(swap(text, [['"1431"', '"1433"']]));
  });

  it("only the named entry moves; other images keep their tags even when they are equal", () => {
    const text = 'images:\n  - name: ghcr.io/acme/worker\n    newTag: "1431"\n  - name: ghcr.io/acme/api\n    newTag: "1431"\n';
    expect(edit(image(K, "ghcr.io/acme/api"), text, "1433")).toBe('images:\n  - name: ghcr.io/acme/worker\n    newTag: "1431"\n  - name: ghcr.io/acme/api\n    newTag: "1433"\n');
  });

  it.each([
    ["a map", "images:\n  ghcr.io/acme/api: { newTag: \"1431\" }\n"],
    ["a string", "images: ghcr.io/acme/api:1431\n"],
  ])("images as %s is a problem naming images", (_name, text) => {
    expect(pinned(image(K, "ghcr.io/acme/api"), text)).toMatchObject({ status: "problem", problem: { key: "images" } });
  });
});

describe("the config refuses pins at the same place", () => {
  const config = (components: string, environments = "  staging: { file: deploy/staging.yaml }\n") => `components:\n${components}environments:\n${environments}`;
  const component = (name: string, pin: string) => `  ${name}: { repo: acme/${name}, build: { workflow: ci.yml }, pin: ${pin} }\n`;

  it("two components at the same version path", () => {
    const parsed = parseConfig({ file: ".github/release-bot.yml", text: config(component("billing", "{ version: image.tag }") + component("worker", "{ version: image.tag }")) });
    expect(parsed.problems.map((p) => p.message)).toEqual([expect.stringContaining('components "billing" and "worker" are both pinned at deploy/staging.yaml image.tag')]);
    expect(parsed.usableEnvironments).toEqual([]);
  });

  it("two components at the same Kustomize image of one overlay", () => {
    const pin = '{ file: "k/{environment}/kustomization.yaml", image: ghcr.io/acme/api }';
    const parsed = parseConfig({ file: ".github/release-bot.yml", text: config(component("api", pin) + component("worker", pin)) });
    expect(parsed.problems.map((p) => p.message)).toEqual([expect.stringContaining('components "api" and "worker" are both pinned at k/staging/kustomization.yaml image ghcr.io/acme/api')]);
  });

  it("one component pinned in a file without {environment} that two environments read", () => {
    const parsed = parseConfig({
      file: ".github/release-bot.yml",
      text: config(component("billing", '{ file: deploy/values.yaml, version: billing.tag }'), "  staging: {}\n  production: { from: staging }\n"),
    });
    expect(parsed.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('environments "staging" and "production" all pin component "billing" at deploy/values.yaml billing.tag'));
    expect(parsed.usableEnvironments).toEqual([]);
  });

  it("two environments sharing one environment file", () => {
    const parsed = parseConfig({ file: ".github/release-bot.yml", text: `components:\n  billing: { repo: acme/billing, build: { workflow: ci.yml } }\nenvironments:\n  staging: { file: environments/shared.yml }\n  demo: { file: environments/shared.yml, from: staging }\n` });
    expect(parsed.problems.map((p) => p.message)).toContainEqual(expect.stringContaining("share the file environments/shared.yml"));
  });
});
