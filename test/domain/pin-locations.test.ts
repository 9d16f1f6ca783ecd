import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/domain/config-schema.js";
import { describePinLocation, filesOf, parsePinPath, pinFormatOf, pinLocationsOf } from "../../src/domain/pin-locations.js";

const config = configSchema.parse({
  components: {
    web: { repo: "acme/web", build: { workflow: "ci.yml" } },
    billing: { repo: "acme/billing", build: { workflow: "ci.yml" }, pin: { file: "deploy/{environment}/values.yaml", version: "billing.image.tag", commit: "billing.image.commit" } },
    chef: { repo: "acme/chef", build: { workflow: "ci.yml" }, pin: { version: "override_attributes.chef.version" } },
    api: { repo: "acme/platform", path: "services/api", build: { workflow: "api.yml" }, pin: { file: "apps/api/overlays/{environment}/kustomization.yaml", image: "ghcr.io/acme/api" } },
    moved: { repo: "acme/moved", build: { workflow: "ci.yml" }, pin: { file: "pins/{environment}.json" } },
    own: { repo: "acme/own", build: { workflow: "ci.yml" }, pin: { file: "environments/{environment}.json", commit: "meta.own" } },
  },
  environments: { staging: { file: "environments/staging.json" }, production: { from: "staging" } },
});

describe("pinLocationsOf", () => {
  it("lists every component's location in one environment, {environment} replaced", () => {
    expect(pinLocationsOf({ config, environment: "staging" })).toEqual([
      { component: "web", file: "environments/staging.json", format: "json", environmentFile: true, kind: "path", versionPath: ["components", "web", "version"], commitPath: ["components", "web", "commit"] },
      { component: "billing", file: "deploy/staging/values.yaml", format: "yaml", environmentFile: false, kind: "path", versionPath: ["billing", "image", "tag"], commitPath: ["billing", "image", "commit"] },
      { component: "chef", file: "environments/staging.json", format: "json", environmentFile: true, kind: "path", versionPath: ["override_attributes", "chef", "version"] },
      { component: "api", file: "apps/api/overlays/staging/kustomization.yaml", format: "yaml", environmentFile: false, kind: "kustomize", image: "ghcr.io/acme/api" },
      { component: "moved", file: "pins/staging.json", format: "json", environmentFile: false, kind: "path", versionPath: ["components", "moved", "version"], commitPath: ["components", "moved", "commit"] },
      { component: "own", file: "environments/staging.json", format: "json", environmentFile: true, kind: "path", versionPath: ["components", "own", "version"], commitPath: ["meta", "own"] },
    ]);
  });

  it("uses the default environment file", () => {
    const web = pinLocationsOf({ config, environment: "production" })[0];
    expect(web).toMatchObject({ file: "environments/production.yml", format: "yaml", environmentFile: true });
  });

  it("an unknown environment has no locations", () => {
    expect(pinLocationsOf({ config, environment: "nope" })).toEqual([]);
  });

  it("filesOf lists each file once, in first-use order", () => {
    expect(filesOf(pinLocationsOf({ config, environment: "staging" }))).toEqual(["environments/staging.json", "deploy/staging/values.yaml", "apps/api/overlays/staging/kustomization.yaml", "pins/staging.json"]);
  });
});

describe("pin paths and formats", () => {
  it.each([
    ["billing.image.tag", ["billing", "image", "tag"]],
    ["images.0.newTag", ["images", 0, "newTag"]],
    ["a.01.b", ["a", "01", "b"]],
    ["v", ["v"]],
  ])("parsePinPath(%j)", (dotted, path) => {
    expect(parsePinPath(dotted)).toEqual(path);
  });

  it.each([
    ["environments/staging.json", "json"],
    ["x/STAGING.JSON", "json"],
    ["values.yaml", "yaml"],
    ["environments/staging.yml", "yaml"],
    ["overlays/prod/Kustomization", "yaml"],
  ])("pinFormatOf(%j) is %s", (file, format) => {
    expect(pinFormatOf(file)).toBe(format);
  });

  it("describes a Kustomize location by its image", () => {
    expect(describePinLocation(pinLocationsOf({ config, environment: "staging" })[3])).toBe("images[name=ghcr.io/acme/api].newTag");
  });
});
