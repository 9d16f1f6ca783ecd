/**
 * Changes the `version` / `commit` values of named components in an environment file by splicing text at the
 * offsets the `yaml` parser reports, so every other byte (comments, order, quoting, blank lines, CRLF,
 * trailing newline) stays as it was. The result is re-parsed and checked before it is returned.
 */
import { isAlias, isMap, isScalar, parse, parseDocument, visit, type Alias, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from "yaml";
import { parseEnvFile } from "./parse-env-file.js";
import type { Pin } from "./types.js";

export class EnvFileEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvFileEditError";
  }
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

function keyIs(pair: Pair, name: string): boolean {
  return isScalar(pair.key) && String(pair.key.value) === name;
}

function parsedPlain(value: string, flow: boolean): unknown {
  try {
    const parsed = parse(flow ? `{k: ${value}}` : `k: ${value}`) as { k?: unknown } | null;
    return parsed?.k;
  } catch {
    return Symbol("unparseable");
  }
}

/** Can `value` be written unquoted and still read back as the same text (and, when replacing, the same type)? */
function plainIsSafe(opts: { value: string; flow: boolean; oldValue?: unknown }): boolean {
  const { value, flow } = opts;
  if (value === "" || /[\r\n]/.test(value) || value.trim() !== value) return false;
  const parsed = parsedPlain(value, flow);
  if (typeof parsed === "string") return parsed === value;
  if (typeof parsed === "number" && String(parsed) === value) return opts.oldValue !== undefined && typeof opts.oldValue === "number";
  return false;
}

function doubleQuoted(value: string): string {
  return JSON.stringify(value);
}

/** `value` written in the style of the scalar it replaces. */
function renderScalar(opts: { value: string; like: Scalar | null; flow: boolean }): string {
  const { value, like, flow } = opts;
  switch (like?.type) {
    case "QUOTE_SINGLE":
      return /[\r\n]/.test(value) ? doubleQuoted(value) : `'${value.replace(/'/g, "''")}'`;
    case "QUOTE_DOUBLE":
      return doubleQuoted(value);
    default:
      return plainIsSafe({ value, flow, oldValue: like?.value }) ? value : doubleQuoted(value);
  }
}

function lineEndAt(text: string, offset: number): { end: number; eol: string } {
  const newline = text.indexOf("\n", offset);
  if (newline < 0) return { end: text.length, eol: "" };
  return text[newline - 1] === "\r" ? { end: newline - 1, eol: "\r\n" } : { end: newline, eol: "\n" };
}

function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function fileEol(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

interface EditContext {
  text: string;
  doc: Document;
  splices: Splice[];
  /** Alias nodes this edit replaces itself (they need no protection). */
  replacedAliases: Set<Alias>;
  /** Anchored scalars whose value changes: other aliases to them must keep the old value. */
  changedAnchors: Map<string, string>;
}

/** Replaces the value node of `pair` with `value`, keeping its quoting style. */
function replaceValue(ctx: EditContext, pair: Pair, value: string, flow: boolean): void {
  const node = pair.value as YamlNode | null;
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    if (isScalar(target) && String(target.value) === value) return;
    ctx.replacedAliases.add(node);
    ctx.splices.push({ start: node.range![0], end: node.range![1], text: renderScalar({ value, like: isScalar(target) ? target : null, flow }) });
    return;
  }
  if (!isScalar(node)) throw new EnvFileEditError(`expected a scalar value, found ${node === null ? "nothing" : "a collection"}`);
  const current = node.value === null ? "" : typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
  if (current === value && node.value !== null) return;
  let [start, end] = node.range!;
  if (node.value === null && start === end) {
    ctx.splices.push({ start, end, text: ` ${renderScalar({ value, like: null, flow })}` });
    return;
  }
  let like: Scalar | null = node;
  if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
    like = null;
    const source = ctx.text.slice(start, end);
    end -= source.endsWith("\r\n") ? 2 : source.endsWith("\n") ? 1 : 0;
  }
  if (node.anchor) ctx.changedAnchors.set(node.anchor, ctx.text.slice(start, end));
  ctx.splices.push({ start, end, text: renderScalar({ value, like, flow }) });
}

/** Adds `commit: <sha>` right after the version pair, in the same layout. */
function insertCommit(ctx: EditContext, body: YAMLMap, versionPair: Pair, commit: string): void {
  const { text } = ctx;
  const valueEnd = (versionPair.value as YamlNode | null)?.range?.[1] ?? (versionPair.key as YamlNode).range![1];
  if (body.flow) {
    ctx.splices.push({ start: valueEnd, end: valueEnd, text: `, commit: ${renderScalar({ value: commit, like: null, flow: true })}` });
    return;
  }
  const keyStart = (versionPair.key as YamlNode).range![0];
  const lineStart = lineStartAt(text, keyStart);
  const prefix = text.slice(lineStart, keyStart);
  const indent = /^[ \t]*$/.test(prefix) ? prefix : " ".repeat(prefix.length);
  const line = `${indent}commit: ${renderScalar({ value: commit, like: null, flow: false })}`;
  const { end, eol } = lineEndAt(text, Math.max(valueEnd - 1, keyStart));
  if (eol) ctx.splices.push({ start: end + eol.length, end: end + eol.length, text: `${line}${eol}` });
  else ctx.splices.push({ start: text.length, end: text.length, text: `${fileEol(text)}${line}` });
}

/** Removes the `commit` pair (the new pin has none, and a stale commit would mislead the next changelog). */
function removeCommit(ctx: EditContext, body: YAMLMap, commitPair: Pair): void {
  const { text } = ctx;
  const keyStart = (commitPair.key as YamlNode).range![0];
  const valueEnd = (commitPair.value as YamlNode | null)?.range?.[1] ?? (commitPair.key as YamlNode).range![1];
  if (body.flow) {
    const index = body.items.indexOf(commitPair);
    if (index > 0) {
      const previousEnd = (body.items[index - 1].value as YamlNode | null)?.range?.[1] ?? keyStart;
      ctx.splices.push({ start: previousEnd, end: valueEnd, text: "" });
    } else {
      const next = body.items[index + 1];
      ctx.splices.push({ start: keyStart, end: next ? (next.key as YamlNode).range![0] : valueEnd, text: "" });
    }
    return;
  }
  const lineStart = lineStartAt(text, keyStart);
  const { end, eol } = lineEndAt(text, valueEnd);
  if (!/^[ \t]*$/.test(text.slice(lineStart, keyStart)) || !/^[ \t]*(#.*)?$/.test(text.slice(valueEnd, end))) {
    throw new EnvFileEditError("cannot remove a commit key that shares its line with other content");
  }
  ctx.splices.push({ start: lineStart, end: end + eol.length, text: "" });
}

function componentBody(ctx: EditContext, components: YAMLMap, name: string): YAMLMap {
  const entry = components.items.find((pair) => keyIs(pair, name));
  if (!entry) throw new EnvFileEditError(`component "${name}" is not listed in the environment file`);
  if (isAlias(entry.value)) throw new EnvFileEditError(`component "${name}" is an alias (*${entry.value.source}); write its version and commit out to let the bot edit it`);
  if (!isMap(entry.value)) throw new EnvFileEditError(`component "${name}" must be a map with a version`);
  return entry.value;
}

export interface EditEnvFileOptions {
  text: string;
  /** Component → its new pin. Components not named here are left untouched. */
  changes: Record<string, Pin>;
}

export function editEnvFile(opts: EditEnvFileOptions): string {
  const { text, changes } = opts;
  if (Object.keys(changes).length === 0) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new EnvFileEditError(`the environment file is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  const root = doc.contents;
  const componentsPair = isMap(root) ? root.items.find((pair) => keyIs(pair, "components")) : undefined;
  if (!componentsPair || !isMap(componentsPair.value)) throw new EnvFileEditError("the environment file has no `components:` map");
  const components = componentsPair.value;
  const ctx: EditContext = { text, doc, splices: [], replacedAliases: new Set(), changedAnchors: new Map() };

  for (const [name, pin] of Object.entries(changes)) {
    const body = componentBody(ctx, components, name);
    const versionPair = body.items.find((pair) => keyIs(pair, "version"));
    if (!versionPair) throw new EnvFileEditError(`component "${name}" has no version key`);
    replaceValue(ctx, versionPair, pin.version, Boolean(body.flow));
    const commitPair = body.items.find((pair) => keyIs(pair, "commit"));
    if (pin.commit !== undefined && commitPair) replaceValue(ctx, commitPair, pin.commit, Boolean(body.flow));
    else if (pin.commit !== undefined) insertCommit(ctx, body, versionPair, pin.commit);
    else if (commitPair) removeCommit(ctx, body, commitPair);
  }

  if (ctx.changedAnchors.size > 0) {
    visit(doc, {
      Alias(_key, alias) {
        const old = ctx.changedAnchors.get(alias.source);
        if (old !== undefined && !ctx.replacedAliases.has(alias)) ctx.splices.push({ start: alias.range![0], end: alias.range![1], text: old });
      },
    });
  }

  const result = applySplices(text, ctx.splices);
  verify({ before: text, after: result, changes });
  return result;
}

function applySplices(text: string, splices: Splice[]): string {
  const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const splice of sorted) {
    if (splice.end > limit) throw new EnvFileEditError("overlapping edits; the file layout is too unusual to edit safely");
    result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
    limit = splice.start;
  }
  return result;
}

/** The edit must change exactly the requested pins and nothing else; anything else is a bug, not a release. */
function verify(opts: { before: string; after: string; changes: Record<string, Pin> }): void {
  const parsedBefore = parseEnvFile({ file: "before", text: opts.before });
  const before = parsedBefore.pins;
  const after = parseEnvFile({ file: "after", text: opts.after });
  const expected = { ...before };
  for (const [name, pin] of Object.entries(opts.changes)) expected[name] = pin.commit === undefined ? { version: pin.version } : { ...pin };
  const same = JSON.stringify(Object.entries(after.pins).sort()) === JSON.stringify(Object.entries(expected).sort());
  if (!same || after.problems.length > parsedBefore.problems.length) {
    throw new EnvFileEditError(`editing the environment file would not produce the intended pins (got ${JSON.stringify(after.pins)}, wanted ${JSON.stringify(expected)})`);
  }
}
