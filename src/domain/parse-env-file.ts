/**
 * Reads an environment file (`components: { name: { version, commit } }`) into Pins.
 * Versions and commits are read as the text written in the file: `version: 1.10` is "1.10", not 1.1,
 * and a short sha like `1234e56` stays a sha. Keys other than version/commit are left to the deployer,
 * except likely typos of them (`comit`), which are problems.
 */
import { isAlias, isMap, isScalar, type Document, type Node as YamlNode } from "yaml";
import { closestMatch } from "./closest-match.js";
import type { Config } from "./config-schema.js";
import type { ConfigProblem } from "./config-problem.js";
import { readBoundedYaml } from "./read-bounded-yaml.js";
import type { Pin, Pins } from "./types.js";

export interface ParseEnvFileOptions {
  file: string;
  text: string;
  /** The environment the file belongs to: its problems block it. Without it, problems block no environment. */
  environment?: string;
}

export interface ParsedEnvFile {
  pins: Pins;
  problems: ConfigProblem[];
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The scalar's text as written (plain numbers keep their source form), or null when empty / not a scalar. */
function scalarText(node: unknown): string | null {
  if (!isScalar(node) || node.value === null || node.value === undefined) return null;
  if (typeof node.value === "string") return node.value;
  return node.source ?? String(node.value);
}

export function parseEnvFile(opts: ParseEnvFileOptions): ParsedEnvFile {
  const { file, text } = opts;
  const environments = opts.environment ? [opts.environment] : [];
  const problems: ConfigProblem[] = [];
  const read = readBoundedYaml({ file, text, environments, syntaxFix: "fix the YAML syntax of the environment file" });
  if (!read.ok) return { pins: {}, problems: [read.problem] };
  const { doc, lineCounter } = read.yaml;
  const lineAt = (node: unknown) => {
    const offset = (node as YamlNode | null)?.range?.[0];
    return offset === undefined ? {} : { line: lineCounter.linePos(offset).line };
  };
  const add = (key: string, message: string, fix: string, node?: unknown) => problems.push({ file, key, message, fix, environments, ...lineAt(node) });

  const root = resolve(doc, doc.contents);
  if (root === null || (isScalar(root) && root.value === null)) return { pins: {}, problems };
  if (!isMap(root)) {
    add("", "the environment file must be a map with a `components:` key", "start the file with `components:` followed by one entry per component", root);
    return { pins: {}, problems };
  }
  const pins: Pins = {};
  for (const pair of root.items) {
    const key = scalarText(pair.key);
    if (key !== "components") {
      // Other keys may belong to the deployer; only a likely typo of `components` is a problem.
      if (key && closestMatch({ input: key, candidates: ["components"] })) add(key, `unknown key "${key}"; did you mean "components"?`, `rename "${key}" to "components"`, pair.key);
      continue;
    }
    const components = resolve(doc, pair.value);
    if (components === null || (isScalar(components) && components.value === null)) continue;
    if (!isMap(components)) {
      add("components", "components must be a map of name → { version, commit }", 'write e.g. `components:\\n  billing:\\n    version: "1432"`', components);
      continue;
    }
    for (const entry of components.items) {
      const name = scalarText(entry.key) ?? "";
      const body = resolve(doc, entry.value);
      if (!isMap(body)) {
        add(`components.${name}`, `component "${name}" must be a map with a version`, `write \`${name}: { version: "<version>" }\``, entry.key);
        continue;
      }
      const pin: Partial<Pin> = {};
      let versionReported = false;
      for (const field of body.items) {
        const fieldName = scalarText(field.key) ?? "";
        const value = scalarText(resolve(doc, field.value));
        if (fieldName !== "version" && fieldName !== "commit") {
          // Other keys (replicas, image, …) may belong to the deployer; only likely typos are problems.
          const guess = closestMatch({ input: fieldName, candidates: ["version", "commit"] });
          if (guess) add(`components.${name}.${fieldName}`, `unknown key "${fieldName}"; did you mean "${guess}"?`, `rename "${fieldName}" to "${guess}"`, field.key);
        } else if (value === null || value === "") {
          if (fieldName === "version") versionReported = true;
          add(`components.${name}.${fieldName}`, `${fieldName} of component "${name}" is empty`, fieldName === "version" ? `set components.${name}.version to the deployed version, e.g. "1432"` : `set components.${name}.commit to the build's commit sha, or remove it`, field.key);
        } else pin[fieldName] = value;
      }
      if (pin.version === undefined) {
        if (!versionReported) add(`components.${name}.version`, `component "${name}" has no version`, `add version: "<version>" under components.${name}`, entry.key);
        continue;
      }
      pins[name] = pin.commit ? { version: pin.version, commit: pin.commit } : { version: pin.version };
    }
  }
  return { pins, problems };
}

export interface CheckEnvFileOptions {
  file: string;
  environment: string;
  pins: Pins;
  config: Pick<Config, "components">;
  /** From ParsedConfig: components present in the config but invalid. */
  invalidComponents?: readonly string[];
}

/** Components the environment file lists that the config cannot release; they block this environment only. */
export function checkEnvFile(opts: CheckEnvFileOptions): ConfigProblem[] {
  const { file, environment, pins, config } = opts;
  const invalid = new Set(opts.invalidComponents ?? []);
  const problems: ConfigProblem[] = [];
  let guesses = 0;
  const known = Object.keys(config.components);
  for (const name of Object.keys(pins)) {
    if (config.components[name]) continue;
    if (invalid.has(name)) {
      problems.push({
        file,
        key: `components.${name}`,
        message: `component "${name}" is pinned here, but its entry in the bot's config is invalid`,
        fix: `fix components.${name} in .github/release-bot.yml (see its own problem), or remove ${name} from ${file}`,
        environments: [environment],
      });
      continue;
    }
    // Each guess compares with every component: bounded, so a file pinning thousands of unknown names stays linear.
    const guess = guesses++ < 100 ? closestMatch({ input: name, candidates: known }) : undefined;
    problems.push({
      file,
      key: `components.${name}`,
      message: `component "${name}" is pinned here but is not in the bot's config${guess ? `; did you mean "${guess}"?` : ""}`,
      fix: guess
        ? `rename "${name}" to "${guess}" in ${file}, or add components.${name} (repo, build) to .github/release-bot.yml`
        : `add components.${name} (repo, build) to .github/release-bot.yml, or remove it from ${file}`,
      environments: [environment],
    });
  }
  return problems;
}
