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
import { LineCounter, isMap, isScalar, parseDocument, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { checkConfigSemantics } from "./check-config-semantics.js";
import { ENVIRONMENT_NAME, componentSchema, configSchema, environmentSchema, type Config } from "./config-schema.js";
import type { ConfigProblem, ProblemPath } from "./config-problem.js";
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
}

const EMPTY: Config = configSchema.parse({});

/** Line (1-based) of the key at `path`, or of the deepest part of it that exists. */
export function lineFinder(opts: { text: string }): (path: ProblemPath) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(opts.text, { lineCounter });
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as YamlNode | null)?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value;
      } else if (node && typeof node === "object" && "items" in node && typeof segment === "number") {
        const item = (node as { items: unknown[] }).items[segment] as YamlNode | undefined;
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return fail({
      file,
      key: "",
      line,
      message: `YAML syntax error at line ${line}, column ${col}: ${error.message.split("\n")[0]}`,
      fix: "fix the YAML syntax (indentation, quotes, colons); a YAML linter shows the exact spot",
      environments: "all",
    });
  }
  const data: unknown = doc.toJS() ?? {};
  if (!isRecord(data)) {
    return fail({ file, key: "", line: 1, message: "the config must be a map of keys (timezone, components, environments, …)", fix: "start the file with `components:` and `environments:` sections", environments: "all" });
  }

  const lineOf = lineFinder({ text });
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
    const name = Object.keys(components).find((n) => problem.key.startsWith(`components.${n}.`));
    if (name) {
      delete components[name];
      invalidComponents.push(name);
    }
  }

  const allEnvironments = { ...Object.fromEntries(invalidEnvironments.map((n) => [n, "builds"])), ...Object.fromEntries(Object.entries(environments).map(([n, e]) => [n, e.from])) };
  for (const problem of problems) {
    if (problem.environments !== "all") problem.environments = withDependents(problem.environments, allEnvironments);
  }
  const blocked = new Set<string>(invalidEnvironments);
  const blocksAll = problems.some((p) => p.environments === "all");
  for (const problem of problems) if (problem.environments !== "all") for (const env of problem.environments) blocked.add(env);
  for (const name of Object.keys(environments)) if (blocksAll || blocked.has(name)) delete environments[name];

  return { config, problems, usableEnvironments: Object.keys(environments), invalidComponents };
}

/** `names` plus every environment that copies from one of them, directly or through others. */
function withDependents(names: string[], fromOf: Record<string, string>): string[] {
  const result = [...names];
  let grew = true;
  while (grew) {
    grew = false;
    for (const [env, from] of Object.entries(fromOf)) {
      if (!result.includes(env) && result.includes(from)) {
        result.push(env);
        grew = true;
      }
    }
  }
  return result;
}

function fail(problem: ConfigProblem): ParsedConfig {
  return { config: structuredClone(EMPTY), problems: [problem], usableEnvironments: [], invalidComponents: [] };
}
