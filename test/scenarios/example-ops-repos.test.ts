/**
 * The example ops repos beside environments/ (examples/helm, examples/kustomize, examples/chef) can never rot:
 * each config parses without a problem, and every environment's pin files, read from disk, pin the versions
 * their README describes, with no problem and no file left unread.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/domain/parse-config.js";
import { filesOf, pinLocationsOf } from "../../src/domain/pin-locations.js";
import { pinnedStateOf } from "../../src/domain/pinned-state.js";

const BILLING_1431 = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
const BILLING_1433 = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
const SEARCH_PROD = "5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
const SEARCH_STAGING = "0123456789abcdef0123456789abcdef01234567";

type Expected = Record<string, Record<string, { version: string; commit?: string; file: string }>>;

const EXAMPLES: Record<string, Expected> = {
  helm: {
    staging: {
      billing: { version: "1433", commit: BILLING_1433, file: "deploy/staging/values.yaml" },
      search: { version: SEARCH_STAGING, file: "deploy/staging/values.yaml" },
    },
    production: {
      billing: { version: "1431", commit: BILLING_1431, file: "deploy/production/values.yaml" },
      search: { version: SEARCH_PROD, file: "deploy/production/values.yaml" },
    },
  },
  kustomize: {
    staging: {
      billing: { version: "1433", file: "apps/billing/overlays/staging/kustomization.yaml" },
      search: { version: SEARCH_STAGING, file: "apps/search/overlays/staging/kustomization.yaml" },
    },
    production: {
      billing: { version: "1431", file: "apps/billing/overlays/production/kustomization.yaml" },
      search: { version: SEARCH_PROD, file: "apps/search/overlays/production/kustomization.yaml" },
    },
  },
  chef: {
    staging: {
      billing: { version: "1433", commit: BILLING_1433, file: "environments/staging.json" },
      search: { version: SEARCH_STAGING, file: "environments/staging.json" },
    },
    production: {
      billing: { version: "1431", commit: BILLING_1431, file: "environments/production.json" },
      search: { version: SEARCH_PROD, file: "environments/production.json" },
    },
  },
};

/** Every file of an example dir, relative to it. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path)];
  });
}

describe.each(Object.entries(EXAMPLES))("examples/%s", (example, expected) => {
  const dir = join("examples", example);
  const { config, problems, usableEnvironments } = parseConfig({ file: ".github/release-bot.yml", text: readFileSync(join(dir, "release-bot.yml"), "utf8") });

  it("has a README and a config without problems, declaring exactly staging and production", () => {
    expect(existsSync(join(dir, "README.md"))).toBe(true);
    expect(problems).toEqual([]);
    expect(usableEnvironments.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))("%s: its pin files, read from disk, pin the expected versions", (environment) => {
    const locations = pinLocationsOf({ config, environment });
    expect(locations.map((l) => l.component).sort()).toEqual(Object.keys(expected[environment]).sort());
    const files = Object.fromEntries(filesOf(locations).map((file) => [file, existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : null]));
    for (const [file, text] of Object.entries(files)) expect(text, `${dir}/${file} exists`).not.toBeNull();
    const state = pinnedStateOf({ environment, locations, files });
    expect(state.problems).toEqual([]);
    expect(state.notPinned).toEqual({});
    const pinned = Object.fromEntries(
      Object.entries(state.pinned).map(([name, p]) => [name, { version: p.version, ...(p.commit === undefined ? {} : { commit: p.commit }), file: p.file }]),
    );
    expect(pinned).toEqual(expected[environment]);
  });

  it("holds no stray pin file: every file that names an environment is read by that environment", () => {
    const read = new Set(Object.keys(expected).flatMap((environment) => filesOf(pinLocationsOf({ config, environment }))));
    const envFiles = filesUnder(dir).filter((file) => Object.keys(expected).some((env) => file.split(/[/.]/).includes(env)));
    expect(envFiles.sort()).toEqual([...read].sort());
  });
});
