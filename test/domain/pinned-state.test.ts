import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/domain/config-schema.js";
import { filesOf, pinLocationsOf } from "../../src/domain/pin-locations.js";
import { pinnedStateOf, pinsResolvingNowhere } from "../../src/domain/pinned-state.js";
import { SHA } from "./pin-test-helpers.js";

const build = { workflow: "ci.yml" };
const config = configSchema.parse({
  components: {
    web: { repo: "acme/web", build },
    search: { repo: "acme/search", build },
    billing: { repo: "acme/billing", build, pin: { file: "deploy/{environment}/values.yaml", version: "billing.image.tag", commit: "billing.image.commit" } },
    ledger: { repo: "acme/ledger", build, pin: { file: "deploy/{environment}/values.yaml", version: "ledger.image.tag" } },
    api: { repo: "acme/platform", build, path: "services/api", pin: { file: "apps/api/overlays/{environment}/kustomization.yaml", image: "ghcr.io/acme/api" } },
    worker: { repo: "acme/platform", build, path: "services/worker", pin: { file: "apps/worker/overlays/{environment}/kustomization.yaml", image: "ghcr.io/acme/worker" } },
  },
  environments: { staging: {} },
});
const locations = pinLocationsOf({ config, environment: "staging" });

const FILES = {
  "environments/staging.yml": `components:\n  web:\n    version: "12"\n    commit: ${SHA}\n`,
  "deploy/staging/values.yaml": `billing:\n  image:\n    tag: 1432\n`,
  "apps/api/overlays/staging/kustomization.yaml": `images:\n  - name: ghcr.io/acme/api\n    newTag: "7"\n`,
  "apps/worker/overlays/staging/kustomization.yaml": null,
};

describe("pinnedStateOf", () => {
  it("releases the components whose pin exists in the environment's files", () => {
    const state = pinnedStateOf({ environment: "staging", locations, files: FILES });
    expect(state.problems).toEqual([]);
    expect(Object.fromEntries(Object.entries(state.pinned).map(([name, p]) => [name, { version: p.version, commit: p.commit, file: p.file }]))).toEqual({
      web: { version: "12", commit: SHA, file: "environments/staging.yml" },
      billing: { version: "1432", commit: undefined, file: "deploy/staging/values.yaml" },
      api: { version: "7", commit: undefined, file: "apps/api/overlays/staging/kustomization.yaml" },
    });
    expect(state.pinned.billing.line).toBe(3);
    expect(state.notPinned).toEqual({
      search: "environments/staging.yml has no components.search",
      ledger: "deploy/staging/values.yaml has no ledger",
      worker: "apps/worker/overlays/staging/kustomization.yaml does not exist",
    });
  });

  it.each<[string, Record<string, string | null>, { file: string; key: string; message: RegExp; fix: RegExp }[], string[]]>([
    [
      "a component's own overlay exists without its image",
      { "apps/worker/overlays/staging/kustomization.yaml": `images:\n  - name: ghcr.io/acme/other\n    newTag: "1"\n` },
      [{ file: "apps/worker/overlays/staging/kustomization.yaml", key: "images", message: /exists but does not pin component "worker": image ghcr.io\/acme\/worker is not listed/, fix: /add an images entry \{ name: ghcr.io\/acme\/worker, newTag: "<version>" \} to apps\/worker\/overlays\/staging\/kustomization.yaml, or correct components.worker.pin/ }],
      ["web", "billing", "api"],
    ],
    [
      "the environment's file is missing",
      { "environments/staging.yml": null },
      [{ file: "environments/staging.yml", key: "(file)", message: /the environment file of "staging" does not exist/, fix: /create environments\/staging.yml .* set environments.staging.file/ }],
      ["billing", "api"],
    ],
    [
      "a shared file cannot be read",
      { "deploy/staging/values.yaml": "billing: [\n" },
      [{ file: "deploy/staging/values.yaml", key: "", message: /YAML syntax error at line/, fix: /fix the YAML syntax of deploy\/staging\/values.yaml/ }],
      ["web", "api"],
    ],
    [
      "a version of the wrong type",
      { "deploy/staging/values.yaml": "billing:\n  image:\n    tag: [1]\n" },
      [{ file: "deploy/staging/values.yaml", key: "billing.image.tag", message: /must be a version \(a string or number\), but it is a list/, fix: /components.billing.pin.version/ }],
      ["web", "api"],
    ],
  ])("a problem when %s", (_name, override, expected, pinned) => {
    const state = pinnedStateOf({ environment: "staging", locations, files: { ...FILES, ...override } });
    expect(state.problems).toHaveLength(expected.length);
    for (const [index, want] of expected.entries()) {
      const problem = state.problems[index];
      expect(problem.file).toBe(want.file);
      expect(problem.key).toBe(want.key);
      expect(problem.message).toMatch(want.message);
      expect(problem.fix).toMatch(want.fix);
      expect(problem.environments).toEqual(["staging"]);
    }
    expect(Object.keys(state.pinned)).toEqual(pinned);
  });

  it("an environment whose every component names its own file needs no file of its own", () => {
    const own = configSchema.parse({ components: { api: config.components.api }, environments: { staging: {} } });
    const here = pinLocationsOf({ config: own, environment: "staging" });
    expect(filesOf(here)).toEqual(["apps/api/overlays/staging/kustomization.yaml"]);
    const state = pinnedStateOf({ environment: "staging", locations: here, files: { "apps/api/overlays/staging/kustomization.yaml": FILES["apps/api/overlays/staging/kustomization.yaml"] } });
    expect(state).toMatchObject({ problems: [], pinned: { api: { version: "7" } } });
  });

  it("a Chef environment in the environment's own JSON file, without commits", () => {
    const chef = configSchema.parse({
      components: { billing: { repo: "acme/billing", build, pin: { version: "override_attributes.billing.version" } }, search: { repo: "acme/search", build, pin: { version: "override_attributes.search.version" } } },
      environments: { staging: { file: "environments/staging.json" } },
    });
    const text = `{\n  "name": "staging",\n  "override_attributes": {\n    "billing": { "version": "1431" }\n  }\n}\n`;
    const state = pinnedStateOf({ environment: "staging", locations: pinLocationsOf({ config: chef, environment: "staging" }), files: { "environments/staging.json": text } });
    expect(state.problems).toEqual([]);
    expect(state.pinned.billing).toMatchObject({ version: "1431", file: "environments/staging.json", line: 4 });
    expect(state.pinned.billing.commit).toBeUndefined();
    expect(state.notPinned).toEqual({ search: "environments/staging.json has no override_attributes.search" });
  });

  it("a file that was not read is a caller's bug, not an absent file", () => {
    expect(() => pinnedStateOf({ environment: "staging", locations, files: {} })).toThrow(/environments\/staging.yml was not read/);
  });
});

describe("pinsResolvingNowhere", () => {
  const state = (over: Record<string, string | null>) => pinnedStateOf({ environment: "staging", locations, files: { ...FILES, ...over } });

  it("reports a pin no environment has, and nothing else", () => {
    const problems = pinsResolvingNowhere({ config, states: { staging: state({}) } });
    expect(problems.map((p) => [p.key, p.environments])).toEqual([
      ["components.ledger.pin", []],
      ["components.worker.pin", []],
    ]);
    expect(problems[0].message).toBe('the pin of component "ledger" resolves in no environment: deploy/staging/values.yaml has no ledger');
    expect(problems[0].fix).toContain("correct components.ledger.pin (its file, version path or image) in .github/release-bot.yml");
  });

  it("a pin with a problem somewhere is reported there, not again", () => {
    const bad = state({ "apps/worker/overlays/staging/kustomization.yaml": "images: []\n" });
    expect(pinsResolvingNowhere({ config, states: { staging: bad } }).map((p) => p.key)).toEqual(["components.ledger.pin"]);
  });

  it("no environments, no report", () => {
    expect(pinsResolvingNowhere({ config, states: {} })).toEqual([]);
  });
});
