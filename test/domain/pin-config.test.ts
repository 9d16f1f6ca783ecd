import { describe, expect, it } from "vitest";
import { componentPathsOf } from "../../src/domain/config-schema.js";
import { configJsonSchema } from "../../src/domain/config-json-schema.js";
import { parseConfig } from "../../src/domain/parse-config.js";

const FILE = ".github/release-bot.yml";

/** A config with the given component lines (indented under `components:`) and environments. */
const config = (components: string, environments = "  staging: {}\n  production: { from: staging }\n") =>
  `components:\n  web: { repo: acme/web, build: { workflow: ci.yml } }\n${components}environments:\n${environments}`;

describe("components.<name>.pin and .path in the config", () => {
  it.each([
    ["Helm values per environment", "  billing:\n    repo: acme/billing\n    build: { workflow: ci.yml }\n    pin:\n      file: \"deploy/{environment}/values.yaml\"\n      version: billing.image.tag\n      commit: billing.image.commit\n"],
    ["Kustomize overlay per component", "  api:\n    repo: acme/platform\n    path: services/api\n    build: { workflow: api.yml }\n    pin: { file: \"apps/api/overlays/{environment}/kustomization.yaml\", image: ghcr.io/acme/api }\n"],
    ["a list of monorepo paths", "  api: { repo: acme/platform, path: [services/api, libs/shared/], build: { workflow: api.yml } }\n"],
    ["a pin that only moves the file", "  billing: { repo: acme/billing, build: { workflow: ci.yml }, pin: { file: \"pins/{environment}.yml\" } }\n"],
  ])("accepts %s", (_name, components) => {
    const parsed = parseConfig({ file: FILE, text: config(components) });
    expect(parsed.problems).toEqual([]);
    expect(parsed.usableEnvironments).toEqual(["staging", "production"]);
  });

  it("a Chef environment file may be JSON, its versions pinned without commits", () => {
    const text = config("  billing: { repo: acme/billing, build: { workflow: ci.yml }, pin: { version: override_attributes.billing.version } }\n", "  staging: { file: environments/staging.json }\n");
    expect(parseConfig({ file: FILE, text }).problems).toEqual([]);
  });

  it.each([
    ["an empty path segment", "pin: { version: billing..tag }", "components.billing.pin.version", "must be a dotted path such as billing.image.tag"],
    ["a glob path", "path: \"services/*\"", "components.billing.path", "no globs"],
    ["a parent path", "path: [services/api, ../x]", "components.billing.path.1", 'no "." or ".." segments'],
    ["an absolute path", "path: /services/api", "components.billing.path", "relative"],
    ["an empty path list", "path: []", "components.billing.path", "must list at least one path"],
    ["an unknown pin key", "pin: { tag: billing.tag }", "components.billing.pin.tag", 'unknown key "tag"'],
    ["an image with spaces", "pin: { image: \"ghcr.io/acme/a b\" }", "components.billing.pin.image", "without spaces"],
  ])("reports %s as a schema problem of the component", (_name, extra, key, message) => {
    const parsed = parseConfig({ file: FILE, text: config(`  billing: { repo: acme/billing, build: { workflow: ci.yml }, ${extra} }\n`) });
    const problem = parsed.problems.find((p) => p.key === key);
    expect(problem, JSON.stringify(parsed.problems)).toBeDefined();
    expect(problem!.message).toContain(message);
    expect(parsed.invalidComponents).toEqual(["billing"]);
  });

  it.each<[string, string, string, string, string, string[], string[]]>([
    // name, components, environments, message fragment, fix fragment, environments blocked, usable
    [
      "image beside a version path",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: k/kustomization.yaml, image: ghcr.io/acme/api, version: a.b } }\n",
      "  staging: {}\n",
      'component "api" pins a Kustomize image and a version path at once',
      "remove pin.version from components.api",
      [],
      ["staging"],
    ],
    [
      "version and commit at the same path",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { version: a.tag, commit: a.tag } }\n",
      "  staging: { file: environments/staging.json }\n",
      "pins its version and its commit at the same path a.tag",
      "point components.api.pin.commit at the commit's own key",
      [],
      ["staging"],
    ],
    [
      "an unknown placeholder",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: \"deploy/{env}/values.yaml\", version: a.tag } }\n",
      "  staging: {}\n",
      'has the placeholder {env}; only {environment} is replaced',
      "write {environment} instead of {env} in components.api.pin.file",
      [],
      ["staging"],
    ],
    [
      "a file neither YAML nor JSON",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: deploy/values.toml, version: a.tag } }\n",
      "  staging: {}\n",
      'pin.file "deploy/values.toml" of component "api" is neither YAML nor JSON',
      "point components.api.pin.file at a .yaml, .yml or .json file",
      [],
      ["staging"],
    ],
    [
      "an image in a file that is not a Kustomization",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: \"deploy/{environment}/values.yaml\", image: ghcr.io/acme/api } }\n",
      "  staging: {}\n",
      "pins the Kustomize image ghcr.io/acme/api in deploy/{environment}/values.yaml, which is not a Kustomization",
      'set components.api.pin.file to the overlay\'s kustomization.yaml, e.g. "overlays/{environment}/kustomization.yaml"',
      [],
      ["staging"],
    ],
    [
      "an image without a file, read from an environment file that is not a Kustomization",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { image: ghcr.io/acme/api } }\n",
      "  staging: { file: overlays/staging/kustomization.yaml }\n  production: { from: staging, file: environments/production.yml }\n",
      'without pin.file, so it is read from the file of environment "production", and environments/production.yml is not a Kustomization',
      "or set environments.production.file to its kustomization.yaml",
      ["production"],
      ["staging"],
    ],
    [
      "two components at the same place",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: \"deploy/{environment}.yaml\", version: image.tag } }\n  worker: { repo: acme/worker, build: { workflow: ci.yml }, pin: { file: \"deploy/{environment}.yaml\", version: image.tag } }\n",
      "  staging: {}\n",
      'components "api" and "worker" are both pinned at deploy/staging.yaml image.tag in environment "staging"',
      "give components.worker.pin its own version and commit paths or file",
      ["staging"],
      [],
    ],
    [
      "two Kustomize components at the same image",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: \"o/{environment}/kustomization.yaml\", image: ghcr.io/acme/x } }\n  worker: { repo: acme/worker, build: { workflow: ci.yml }, pin: { file: \"o/{environment}/kustomization.yaml\", image: ghcr.io/acme/x } }\n",
      "  staging: {}\n",
      'components "api" and "worker" are both pinned at o/staging/kustomization.yaml image ghcr.io/acme/x',
      "give components.worker.pin its own image or file",
      ["staging"],
      [],
    ],
    [
      "one component in two environments at the same place (no {environment})",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: deploy/values.yaml, version: api.tag } }\n",
      "  staging: {}\n  production: { from: staging }\n",
      'environments "staging" and "production" all pin component "api" at deploy/values.yaml api.tag: releasing one would deploy the others',
      'put {environment} in components.api.pin.file, e.g. "deploy/{environment}/values.yaml"',
      ["staging", "production"],
      [],
    ],
    [
      "a pin colliding with another component's own-format entry",
      "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { version: components.web.version } }\n",
      "  staging: {}\n",
      'components "web" and "api" are both pinned at environments/staging.yml components.web.version',
      "give components.api.pin its own version and commit paths or file",
      ["staging"],
      [],
    ],
  ])("reports %s, naming the key and the fix", (_name, components, environments, message, fix, blocked, usable) => {
    const parsed = parseConfig({ file: FILE, text: config(components, environments) });
    const problem = parsed.problems.find((p) => p.message.includes(message));
    expect(problem, JSON.stringify(parsed.problems, null, 2)).toBeDefined();
    expect(problem!.file).toBe(FILE);
    expect(problem!.key).toMatch(/^components\.[a-z]+\.pin$/);
    expect(problem!.fix).toContain(fix);
    expect(problem!.line).toBeGreaterThan(0);
    expect(problem!.environments).toEqual(blocked);
    const component = problem!.key.split(".")[1];
    expect(parsed.invalidComponents).toContain(component);
    expect(parsed.usableEnvironments).toEqual(usable);
  });

  it.each([
    ["a Chef path", "pin: { version: override_attributes.billing.version }", "environments/staging.json", 'the pin of "billing" reads its version from the environment\'s file in a layout of its own'],
    ["a Kustomize image", "pin: { image: ghcr.io/acme/billing }", "overlays/staging/kustomization.yaml", 'the pin of "billing" reads its version'],
  ])("an environment without a file, read by %s, is reported naming the environment", (_name, pin, stagingFile, message) => {
    const text = config(`  billing: { repo: acme/billing, build: { workflow: ci.yml }, ${pin} }\n`, `  staging: { file: ${stagingFile} }\n  production: { from: staging }\n`);
    const parsed = parseConfig({ file: FILE, text });
    const problems = parsed.problems.filter((p) => p.key.startsWith("environments."));
    expect(problems.map((p) => [p.key, p.environments])).toEqual([["environments.production.file", ["production"]]]);
    expect(problems[0].message).toContain(`environment "production" sets no file, but ${message}`);
    expect(problems[0].fix).toBe(`set environments.production.file to the file that pins it (e.g. environments/production.json for a Chef environment), or set components.billing.pin.file`);
    expect(problems[0].line).toBeGreaterThan(0);
    expect(parsed.invalidComponents).toEqual([]);
    expect(parsed.usableEnvironments).toEqual(["staging"]);
  });

  it("environments that share a file no component reads are not reported", () => {
    const components = "  api: { repo: acme/api, build: { workflow: ci.yml }, pin: { file: \"o/{environment}/kustomization.yaml\", image: ghcr.io/acme/api } }\n";
    const text = `components:\n${components}environments:\n  staging: { file: envs/x.yml }\n  production: { file: envs/x.yml }\n`;
    expect(parseConfig({ file: FILE, text }).problems).toEqual([]);
  });

  it("environments that share a file some component reads still are", () => {
    const text = config("", "  staging: { file: envs/x.yml }\n  production: { file: envs/x.yml }\n");
    expect(parseConfig({ file: FILE, text }).problems.map((p) => p.message)).toEqual(['environments "staging" and "production" share the file envs/x.yml']);
  });

  it.each([
    [undefined, []],
    ["services/api", ["services/api"]],
    [["a", "b/"], ["a", "b/"]],
  ])("componentPathsOf(%j)", (path, paths) => {
    expect(componentPathsOf(path === undefined ? {} : { path })).toEqual(paths);
  });

  it("the JSON Schema documents pin and path", () => {
    const component = JSON.parse(configJsonSchema()).properties.components.additionalProperties;
    for (const key of ["pin", "path"]) expect(component.properties[key].description, key).toBeTruthy();
    for (const [key, field] of Object.entries<{ description?: string }>(component.properties.pin.properties)) expect(field.description, key).toBeTruthy();
  });
});
