/**
 * Parses a YAML file from an ops repo within fixed bounds, so hostile input costs linear time and
 * never throws: too big, too many aliases (a "billion laughs" bomb), nested too deep, a syntax
 * error or a duplicate key each come back as one ConfigProblem naming the file and the fix.
 *
 * The bounds are checked in order of cost: the size before anything is read, then one pass of
 * yaml's lexer (linear, no recursion) for aliases, anchors and nesting, and only then the parser.
 * Deep nesting must be caught before the parser: 256 KB of `[` exhausts its memory and kills the process.
 * yaml's own duplicate-key check is quadratic in a map's size (a 5 MB map took 40 s), so keys
 * are checked here with a set per map instead.
 */
import { CST, LineCounter, Lexer, isScalar, parseDocument, visit, type Document, type Node as YamlNode } from "yaml";
import type { ConfigProblem } from "./config-problem.js";

/** Largest config or env file read, in bytes (UTF-8). */
export const MAX_YAML_BYTES = 512 * 1024;
/** Most alias nodes (`*name`) a file may hold. */
export const MAX_YAML_ALIASES = 10;
/** Most anchors (`&name`) a file may hold. */
export const MAX_YAML_ANCHORS = 100;
/** Deepest flow nesting (`[[[`, `{a: {b:`) and most block indicators (`- - -`, `? ?`) on one line. */
export const MAX_YAML_NESTING = 64;
/**
 * Deepest indentation of a line, in columns. Block nesting needs indentation, so this bounds it: yaml's
 * composer recurses once per level and runs out of stack near 900 levels.
 */
export const MAX_YAML_INDENT = 256;

export interface BoundedYaml {
  doc: Document;
  lineCounter: LineCounter;
  /** The document as plain data; aliases resolved (at most MAX_YAML_ALIASES of them). */
  data: unknown;
}

export type ReadBoundedYamlResult = { ok: true; yaml: BoundedYaml } | { ok: false; problem: ConfigProblem };

export interface ReadBoundedYamlOptions {
  file: string;
  text: string;
  /** Environments a problem with the whole file blocks. */
  environments: string[] | "all";
  /** How to fix a syntax error, in this file's terms. */
  syntaxFix: string;
}

const kb = (bytes: number): string => `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KB`;

/** What the lexer pass found: the first bound broken, if any. */
function scan(text: string): { message: string; fix: string; line: number } | null {
  let aliases = 0;
  let anchors = 0;
  let depth = 0;
  let onLine = 0;
  let line = 1;
  let lineStart = true;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    const first = lineStart;
    lineStart = type === "newline";
    if (type === "newline") {
      line++;
      onLine = 0;
    } else if (first && depth === 0 && type === "space" && token.length > MAX_YAML_INDENT) {
      return {
        line,
        message: `YAML indented more than ${MAX_YAML_INDENT} columns, nested deeper than release-bot reads`,
        fix: "flatten the structure: no config or environment file needs more than a few levels of indentation",
      };
    } else if (type === "alias" && ++aliases > MAX_YAML_ALIASES) {
      return {
        line,
        message: `more than ${MAX_YAML_ALIASES} YAML aliases (\`*name\`); aliases that repeat each other can expand exponentially (a "billion laughs" attack)`,
        fix: `write the repeated values out instead of using anchors and aliases, keeping at most ${MAX_YAML_ALIASES} aliases`,
      };
    } else if (type === "anchor" && ++anchors > MAX_YAML_ANCHORS) {
      return { line, message: `more than ${MAX_YAML_ANCHORS} YAML anchors (\`&name\`)`, fix: `remove anchors that no alias uses, keeping at most ${MAX_YAML_ANCHORS}` };
    } else if (type === "flow-map-start" || type === "flow-seq-start") {
      if (++depth > MAX_YAML_NESTING) return nestingProblem(line);
    } else if (type === "flow-map-end" || type === "flow-seq-end") {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && (type === "seq-item-ind" || type === "explicit-key-ind" || type === "map-value-ind") && ++onLine > MAX_YAML_NESTING) {
      return nestingProblem(line);
    }
    // Linebreaks inside multi-line tokens (quoted scalars, block scalars) count too.
    if (token.length > 1 && type !== "newline") for (let i = token.indexOf("\n"); i >= 0; i = token.indexOf("\n", i + 1)) line++;
  }
  return null;
}

const nestingProblem = (line: number) => ({
  line,
  message: `YAML nested more than ${MAX_YAML_NESTING} levels deep`,
  fix: `flatten the structure: no config or environment file needs more than a few levels, and at most ${MAX_YAML_NESTING} are read`,
});

/** The first duplicate key of any map, with where it is: a set per map, linear in the file. */
function duplicateKey(doc: Document): { key: string; node: YamlNode } | null {
  let found: { key: string; node: YamlNode } | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : null;
        if (key === null) continue;
        if (seen.has(key)) {
          found = { key, node: pair.key as YamlNode };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

export function readBoundedYaml(opts: ReadBoundedYamlOptions): ReadBoundedYamlResult {
  const { file, text, environments } = opts;
  const fail = (problem: Omit<ConfigProblem, "file" | "environments">): ReadBoundedYamlResult => ({ ok: false, problem: { file, environments, ...problem } });
  // Each UTF-16 unit is at least one UTF-8 byte, so a text longer than the cap in units needs no byte count.
  const bytes = text.length > MAX_YAML_BYTES ? text.length : Buffer.byteLength(text, "utf8");
  if (bytes > MAX_YAML_BYTES) {
    return fail({
      key: "",
      message: `the file is ${bytes === text.length ? "at least " : ""}${kb(bytes)}, more than the ${kb(MAX_YAML_BYTES)} release-bot reads`,
      fix: `shrink ${file} below ${kb(MAX_YAML_BYTES)}: remove unused entries, or split components across environment files`,
    });
  }
  try {
    const bound = scan(text);
    if (bound) return fail({ key: "", line: bound.line, message: `${bound.message} (line ${bound.line})`, fix: bound.fix });
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return fail({ key: "", line, message: `YAML syntax error at line ${line}, column ${col}: ${error.message.split("\n")[0]}`, fix: opts.syntaxFix });
    }
    const duplicate = duplicateKey(doc);
    if (duplicate) {
      const offset = duplicate.node.range?.[0] ?? 0;
      const { line, col } = lineCounter.linePos(offset);
      const key = duplicate.key.length > 80 ? `${duplicate.key.slice(0, 80)}…` : duplicate.key;
      return fail({ key: "", line, message: `YAML syntax error at line ${line}, column ${col}: Map keys must be unique; "${key}" appears twice in the same map`, fix: `remove or rename one of the two "${key}" keys: YAML allows a key once per map` });
    }
    // yaml weighs each alias by the aliases inside its anchor: 10 plain aliases weigh 10 to 11, nested ones far more.
    const data: unknown = doc.toJS({ maxAliasCount: 2 * MAX_YAML_ALIASES });
    return { ok: true, yaml: { doc, lineCounter, data } };
  } catch (error) {
    // Not expected past the bounds above; if yaml still gives up (it throws "Excessive alias count"), it is a problem in the file, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    const aliases = /alias/i.test(message);
    return fail({
      key: "",
      message: aliases ? `YAML aliases expand too much: ${message}` : `the file could not be read as YAML: ${message.slice(0, 200)}`,
      fix: aliases ? `write the repeated values out instead of using anchors and aliases, keeping at most ${MAX_YAML_ALIASES} aliases` : opts.syntaxFix,
    });
  }
}
