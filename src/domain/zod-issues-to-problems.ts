/**
 * Turns zod issues into ConfigProblems with a human message and a concrete fix,
 * using the schema's own `.describe()` docs and known keys.
 */
import type { z } from "zod";
import { closestMatch } from "./closest-match.js";
import { keyOf, type ConfigProblem, type ProblemPath } from "./config-problem.js";

type AnySchema = z.ZodType;
type Def = { type: string; innerType?: AnySchema; shape?: Record<string, AnySchema>; valueType?: AnySchema; element?: AnySchema; options?: AnySchema[] };

const defOf = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas that could describe the value at `path` (several below a union). */
export function schemasAt(schema: AnySchema, path: ProblemPath): AnySchema[] {
  let current: AnySchema[] = [schema];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const s of current.flatMap(unwrap)) {
      const def = defOf(s);
      if (def.type === "object" && def.shape && typeof segment === "string" && def.shape[segment]) next.push(def.shape[segment]);
      else if (def.type === "record" && def.valueType) next.push(def.valueType);
      else if (def.type === "array" && def.element) next.push(def.element);
    }
    current = next;
  }
  return current;
}

/** Strips optional/default wrappers and spreads union options. */
function unwrap(schema: AnySchema): AnySchema[] {
  const def = defOf(schema);
  if ((def.type === "optional" || def.type === "default" || def.type === "nullable") && def.innerType) return unwrap(def.innerType);
  if (def.type === "union" && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

/** Keys an object at `path` may have. */
export function knownKeysAt(schema: AnySchema, path: ProblemPath): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, path).flatMap(unwrap)) {
    const def = defOf(s);
    if (def.type === "object" && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return [...keys];
}

/** The first `.describe()` text found on the schema at `path` or its wrappers. */
export function descriptionAt(schema: AnySchema, path: ProblemPath): string | undefined {
  for (const s of schemasAt(schema, path)) {
    let cursor: AnySchema | undefined = s;
    while (cursor) {
      if (cursor.description) return cursor.description;
      cursor = defOf(cursor).innerType;
    }
  }
  return undefined;
}

function valueAt(data: unknown, path: ProblemPath): unknown {
  let cursor = data;
  for (const segment of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<string | number, unknown>)[segment];
  }
  return cursor;
}

function kindOf(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${quoted(value)}`;
}

/** A value as JSON, cut to 80 characters: a message quotes the value, not a whole hostile file. */
function quoted(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

const EXPECTED: Record<string, string> = { object: "a map", record: "a map", array: "a list", string: "a string", number: "a number", boolean: "true or false" };

export interface ZodIssuesToProblemsOptions {
  file: string;
  issues: readonly z.core.$ZodIssue[];
  /** The schema that produced the issues, for docs and known keys. */
  schema: AnySchema;
  /** The data that was validated. */
  data: unknown;
  /** Path of `data` inside the file. */
  prefix: ProblemPath;
  environments: string[] | "all";
  lineOf?: (path: ProblemPath) => number | undefined;
}

export function zodIssuesToProblems(opts: ZodIssuesToProblemsOptions): ConfigProblem[] {
  const { file, schema, data, prefix, environments } = opts;
  const problems: ConfigProblem[] = [];
  const add = (path: ProblemPath, message: string, fix: string) => {
    const full = [...prefix, ...path];
    const line = opts.lineOf?.(full);
    problems.push({ file, key: keyOf(full), message, fix, environments, ...(line ? { line } : {}) });
  };
  for (const issue of opts.issues) {
    const path = issue.path as (string | number)[];
    const dotted = keyOf([...prefix, ...path]);
    // Named in fixes: a hostile key (YAML allows long explicit keys) is cut, the problem's own `key` stays whole.
    const key = dotted.length > 120 ? `${dotted.slice(0, 119)}…` : dotted;
    const doc = descriptionAt(schema, path);
    const value = valueAt(data, path);
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, path);
      for (const unknown of issue.keys) {
        const guess = closestMatch({ input: unknown, candidates: known });
        add(
          [...path, unknown],
          `unknown key ${quoted(unknown)}${guess ? `; did you mean "${guess}"?` : ""}`,
          guess ? `rename ${quoted(unknown)} to "${guess}"` : `remove ${quoted(unknown)}; keys allowed here: ${known.join(", ")}`,
        );
      }
    } else if (issue.code === "invalid_key") {
      const detail = issue.issues[0]?.message ?? issue.message;
      const name = quoted(String(path[path.length - 1]));
      add(path, `invalid name ${name}: ${detail}`, `rename ${name}`);
    } else if ((issue.code === "invalid_type" || issue.code === "invalid_union") && value === undefined) {
      add(path, `missing required key ${quoted(String(path[path.length - 1]))}`, `add ${key}${doc ? `: ${doc}` : ""}`);
    } else if (issue.code === "invalid_type") {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      add(path, `expected ${expected}, got ${kindOf(value)}`, `set ${key} to ${expected}${doc ? `. ${doc}` : ""}`);
    } else if (issue.code === "invalid_union") {
      add(path, `${kindOf(value)} is not a valid value here`, `set ${key}: ${doc ?? "see the config reference"}`);
    } else {
      add(path, `${typeof value === "string" ? quoted(value) : kindOf(value)}: ${issue.message}`, `set ${key}${doc ? `: ${doc}` : " to a valid value"}`);
    }
  }
  return problems;
}
