/**
 * Attacks on where pins may live (found by the layout red team): a pin file outside the pin files a reviewer
 * expects (a workflow, the bot's config, `..`), and two components writing the same value through a commit path.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/domain/parse-config.js";
import { editPinFile, readPinFile } from "../../src/domain/pin-file.js";

const FILE = ".github/release-bot.yml";
const config = (billingPin: string, searchPin = "") => `components:
  billing: { repo: acme/billing, build: { workflow: ci.yml }, pin: ${billingPin} }
  search: { repo: acme/search, build: { checks: [ci] }${searchPin ? `, pin: ${searchPin}` : ""} }
environments:
  staging: {}
  production: {}
`;

describe("a pin file must be an ops-repo pin file", () => {
  it.each([
    ["a workflow", '".github/workflows/deploy.yml"'],
    ["the bot's own config", '".github/release-bot.yml"'],
    ["a parent directory", '"../other/{environment}.yaml"'],
    ["an absolute path", '"/etc/{environment}.yaml"'],
    ["a dot segment", '"./deploy/{environment}.yaml"'],
    ["a traversal into .github", '"deploy/../.github/workflows/{environment}.yml"'],
    ["git internals", '".git/{environment}"'],
    ["a double slash", '"deploy//{environment}.yaml"'],
    ["a backslash", '"deploy\\\\{environment}.yaml"'],
    ["a leading space", '" deploy/{environment}.yaml"'],
  ])("%s is refused, naming the key", (_name, file) => {
    const parsed = parseConfig({ file: FILE, text: config(`{ file: ${file}, version: billing.tag }`) });
    const problem = parsed.problems.find((p) => p.key === "components.billing.pin.file");
    expect(problem, JSON.stringify(parsed.problems)).toBeDefined();
    expect(problem!.message).toMatch(/must be a file of the ops repo/);
  });

  it("an environment's own file is held to the same rule", () => {
    const text = config("{ version: billing.tag }").replace("  staging: {}", "  staging: { file: .github/workflows/staging.yml }");
    expect(parseConfig({ file: FILE, text }).problems.map((p) => p.key)).toContain("environments.staging.file");
  });

  it.each([["deploy/{environment}/values.yaml"], ["apps/billing/overlays/{environment}/kustomization.yaml"], ["deploy/.hidden/{environment}.json"]])("%s is a pin file", (file) => {
    expect(parseConfig({ file: FILE, text: config(`{ file: "${file}", version: billing.tag }`) }).problems).toEqual([]);
  });
});

describe("two components never write the same value", () => {
  it.each([
    ["one's commit path is the other's version path", "{ file: \"deploy/{environment}.yaml\", version: billing.tag, commit: shared.sha }", "{ file: \"deploy/{environment}.yaml\", version: shared.sha }"],
    ["both commit paths are one", "{ file: \"deploy/{environment}.yaml\", version: billing.tag, commit: shared.sha }", "{ file: \"deploy/{environment}.yaml\", version: search.tag, commit: shared.sha }"],
  ])("%s: a problem naming both, blocking the environments", (_name, billing, search) => {
    const parsed = parseConfig({ file: FILE, text: config(billing, search) });
    const problem = parsed.problems.find((p) => /both pinned at deploy\/staging\.yaml shared\.sha/.test(p.message));
    expect(problem, JSON.stringify(parsed.problems)).toBeDefined();
    expect(problem!.message).toContain("releasing one would move the other");
  });

  it("different commit paths in one file are fine", () => {
    const text = config("{ file: \"deploy/{environment}.yaml\", version: billing.tag, commit: billing.sha }", "{ file: \"deploy/{environment}.yaml\", version: search.tag, commit: search.sha }");
    expect(parseConfig({ file: FILE, text }).problems).toEqual([]);
  });
});

describe("a Kustomize image pinned by digest", () => {
  const location = { component: "billing", file: "k.yaml", format: "yaml" as const, environmentFile: false, kind: "kustomize" as const, image: "ghcr.io/acme/billing" };
  const overlay = (extra: string) => `images:\n  - name: ghcr.io/acme/billing\n    newTag: "1431"\n${extra}`;

  it("is a problem naming the digest: moving newTag would deploy nothing new", () => {
    const read = readPinFile({ file: "k.yaml", text: overlay("    digest: sha256:0123456789abcdef\n"), locations: [location] });
    expect(read.ok && read.results[0]).toMatchObject({ status: "problem", problem: { key: "images.0.digest", message: expect.stringContaining("pinned by digest") } });
  });

  it("without a digest (or a null one) newTag is the pin", () => {
    for (const extra of ["", "    digest: null\n"]) {
      const read = readPinFile({ file: "k.yaml", text: overlay(extra), locations: [location] });
      expect(read.ok && read.results[0]).toMatchObject({ status: "pinned", pin: { version: "1431" } });
    }
  });
});

describe("a JSON pin file with a byte order mark", () => {
  const location = { component: "billing", file: "e.json", format: "json" as const, environmentFile: false, kind: "path" as const, versionPath: ["override_attributes", "billing", "version"] };
  const text = '\uFEFF{\r\n  "override_attributes": { "billing": { "version": "1431" } }\r\n}\r\n';

  it("is read, and the edit keeps the mark and every other byte", () => {
    const read = readPinFile({ file: "e.json", text, locations: [location] });
    expect(read.ok && read.results[0]).toMatchObject({ status: "pinned", pin: { version: "1431" } });
    expect(editPinFile({ file: "e.json", text, edits: [{ location, pin: { version: "1433" } }] })).toBe(text.replace('"1431"', '"1433"'));
  });
});
