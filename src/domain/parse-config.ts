/**
 * Reads `.github/release-bot.yml` into a Config, piece by piece, so one bad entry never takes down the rest.
 *
 * What a problem blocks:
 * - YAML syntax errors, a non-map file, bad or unknown top-level keys: every environment ("all"),
 *   except a bad timezone, which blocks only scheduled environments (see checkConfigSemantics);
 * - a bad environment: that environment and every environment that copies from it, directly or not;
 * - a bad component: no environment by itself (`environments: []`). It is left out of `config.components`
 *   and listed in `invalidComponents`; `checkEnvFile` then blocks exactly the environments whose file lists it.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode, type Pair, type YAMLMap } from "yaml";
import { z } from "zod";
import { checkConfigSemantics } from "./check-config-semantics.js";
import { ENVIRONMENT_NAME, componentSchema, configSchema, environmentSchema, type Config } from "./config-schema.js";
import type { ConfigProblem, ProblemPath } from "./config-problem.js";
import { readBoundedYaml } from "./read-bounded-yaml.js";
import { zodIssuesToProblems } from "./zod-issues-to-problems.js";

export type { ConfigProblem } from "./config-problem.js";
export { checkConfigSemantics } from "./check-config-semantics.js";

export interface ParsedConfig {
  /** Only the valid parts: blocked environments and invalid components are left out. */
  config: Config;
  problems: ConfigProblem[];
  /** Environments that may release (exactly the keys of `config.environments`). */
  usableEnvironments: string[];
  /** Components whose entry is invalid; environments whose file lists them are blocked by `checkEnvFile`. */
  invalidComponents: string[];
  /** Every environment the file declares, usable or not (for counts such as "1 of 3 environments still release"). */
  declaredEnvironments: string[];
}

const EMPTY: Config = configSchema.parse({});

/** Line (1-based) of the key at `path`, or of the deepest part of it that exists. */
export function lineFinder(opts: { text: string }): (path: ProblemPath) => number | undefined {
  const read = readBoundedYaml({ file: "", text: opts.text, environments: "all", syntaxFix: "" });
  if (!read.ok) return () => undefined;
  return docLineFinder(read.yaml);
}

/**
 * `lineFinder` over an already parsed document. Each map's keys are indexed on first use, so a
 * lookup costs the path's length, not the map's size: thousands of problems stay linear.
 */
function docLineFinder(opts: { doc: Document; lineCounter: LineCounter }): (path: ProblemPath) => number | undefined {
  const { doc, lineCounter } = opts;
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const indexOf = (map: YAMLMap): Map<string, Pair> => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item as Pair);
      indexes.set(map, index);
    }
    return index;
  };
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as YamlNode | null)?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = indexOf(node).get(String(segment));
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function parseConfig(opts: { file: string; text: string }): ParsedConfig {
  const { file, text } = opts;
  const read = readBoundedYaml({ file, text, environments: "all", syntaxFix: "fix the YAML syntax (indentation, quotes, colons); a YAML linter shows the exact spot" });
  if (!read.ok) return fail(read.problem);
  const data: unknown = read.yaml.data ?? {};
  if (!isRecord(data)) {
    return fail({ file, key: "", line: 1, message: "the config must be a map of keys (timezone, components, environments, …)", fix: "start the file with `components:` and `environments:` sections", environments: "all" });
  }

  const lineOf = docLineFinder(read.yaml);
  const problems: ConfigProblem[] = [];
  const { components: rawComponents, environments: rawEnvironments, ...rest } = data;

  const topSchema = configSchema.omit({ components: true, environments: true });
  const top = topSchema.safeParse(rest);
  let topConfig = EMPTY as Omit<Config, "components" | "environments">;
  if (top.success) topConfig = top.data;
  else {
    problems.push(...zodIssuesToProblems({ file, issues: top.error.issues, schema: configSchema, data: rest, prefix: [], environments: "all", lineOf }));
    const partial: Record<string, unknown> = {};
    for (const [key, fieldSchema] of Object.entries(topSchema.shape)) {
      const parsed = (fieldSchema as z.ZodType).safeParse(rest[key]);
      partial[key] = parsed.success ? parsed.data : (fieldSchema as z.ZodType).safeParse(undefined).data;
    }
    topConfig = partial as typeof topConfig;
  }

  const components: Config["components"] = {};
  const invalidComponents: string[] = [];
  if (rawComponents !== undefined && rawComponents !== null && !isRecord(rawComponents)) {
    problems.push({ file, key: "components", message: "components must be a map of name → { repo, build, … }", fix: "write components as a map, e.g. `components:\\n  billing:\\n    repo: acme/billing`", environments: "all", line: lineOf(["components"]) });
  } else {
    for (const [name, raw] of Object.entries(rawComponents ?? {})) {
      const parsed = componentSchema.safeParse(raw);
      if (parsed.success) components[name] = parsed.data;
      else {
        invalidComponents.push(name);
        problems.push(...zodIssuesToProblems({ file, issues: parsed.error.issues, schema: componentSchema, data: raw, prefix: ["components", name], environments: [], lineOf }));
      }
    }
  }

  const environments: Config["environments"] = {};
  const invalidEnvironments: string[] = [];
  if (rawEnvironments !== undefined && rawEnvironments !== null && !isRecord(rawEnvironments)) {
    problems.push({ file, key: "environments", message: "environments must be a map of name → { from, schedule, … }", fix: "write environments as a map, e.g. `environments:\\n  staging:\\n    from: builds`", environments: "all", line: lineOf(["environments"]) });
  } else {
    for (const [name, raw] of Object.entries(rawEnvironments ?? {})) {
      if (!ENVIRONMENT_NAME.test(name)) {
        invalidEnvironments.push(name);
        problems.push({ file, key: `environments.${name}`, message: `"${name}" is not a valid environment name: it becomes the branch release-${name}`, fix: "rename it using letters, digits, '.', '_' and '-', starting with a letter or digit, without '..' or a trailing '.' or '.lock'", environments: [name], line: lineOf(["environments", name]) });
        continue;
      }
      const parsed = environmentSchema.safeParse(raw ?? {});
      if (parsed.success) environments[name] = parsed.data;
      else {
        invalidEnvironments.push(name);
        problems.push(...zodIssuesToProblems({ file, issues: parsed.error.issues, schema: environmentSchema, data: raw, prefix: ["environments", name], environments: [name], lineOf }));
      }
    }
  }

  const config: Config = { ...topConfig, components, environments } as Config;
  const semantic = checkConfigSemantics({ config, file, invalidEnvironments, lineOf });
  problems.push(...semantic);
  for (const problem of semantic) {
    // Semantic problems of a component have the key components.<name>.<field>; names may hold dots.
    if (!problem.key.startsWith("components.")) continue;
    const name = problem.key.slice("components.".length, problem.key.lastIndexOf("."));
    if (components[name]) {
      delete components[name];
      invalidComponents.push(name);
    }
  }

  const declaredEnvironments = isRecord(rawEnvironments) ? Object.keys(rawEnvironments) : [];
  const fromOf = new Map<string, string>([...invalidEnvironments.map((n) => [n, "builds"] as const), ...Object.entries(environments).map(([n, e]) => [n, e.from] as const)]);
  const dependents = withDependents(fromOf);
  for (const problem of problems) {
    if (problem.environments !== "all") problem.environments = dependents(problem.environments);
  }
  const blocked = new Set<string>(invalidEnvironments);
  const blocksAll = problems.some((p) => p.environments === "all");
  for (const problem of problems) if (problem.environments !== "all") for (const env of problem.environments) blocked.add(env);
  for (const name of Object.keys(environments)) if (blocksAll || blocked.has(name)) delete environments[name];

  return { config, problems, usableEnvironments: Object.keys(environments), invalidComponents, declaredEnvironments };
}

/** For a list of environments: it plus every environment that copies from one of them, directly or through others (breadth first, linear). */
function withDependents(fromOf: ReadonlyMap<string, string>): (names: string[]) => string[] {
  const copiedBy = new Map<string, string[]>();
  for (const [env, from] of fromOf) {
    const list = copiedBy.get(from);
    if (list) list.push(env);
    else copiedBy.set(from, [env]);
  }
  return (names) => {
    const result = [...names];
    const seen = new Set(names);
    for (let i = 0; i < result.length; i++) {
      for (const env of copiedBy.get(result[i]) ?? []) {
        if (seen.has(env)) continue;
        seen.add(env);
        result.push(env);
      }
    }
    return result;
  };
}

/** The config of a file that could not be read as text (too large or binary): nothing is usable, and it says why. */
export function unreadableConfig(opts: { file: string; message: string; fix: string }): ParsedConfig {
  return fail({ file: opts.file, key: "", message: opts.message, fix: opts.fix, environments: "all" });
}

function fail(problem: ConfigProblem): ParsedConfig {
  return { config: structuredClone(EMPTY), problems: [problem], usableEnvironments: [], invalidComponents: [], declaredEnvironments: [] };
}
