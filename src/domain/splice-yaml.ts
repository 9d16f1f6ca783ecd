/**
 * Format-preserving YAML edits by splicing text at the offsets the `yaml` parser reports, so every other byte
 * (comments, order, quoting, blank lines, CRLF, trailing newline) stays as it was.
 *
 * Usage: `const edit = startYamlEdit({ text, doc })`, then any of `replaceYamlValue`, `insertYamlPairAfter`,
 * `removeYamlPair`, then `finishYamlEdit(edit)` for the new text. Values keep the style of the scalar they
 * replace: single or double quotes stay, a plain number stays plain when the new value is a number too, and a
 * plain string is quoted only when the new value would otherwise read as something else. An anchored scalar
 * that changes leaves its aliases at the old value. Callers re-parse and check the result.
 */
import { isAlias, isScalar, parse, visit, type Alias, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from "yaml";
import { PinEditError } from "./pin-edit-error.js";

interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface YamlEdit {
  text: string;
  doc: Document;
  splices: Splice[];
  /** Alias nodes this edit replaces itself (they need no protection). */
  replacedAliases: Set<Alias>;
  /** Anchored scalars whose value changes: other aliases to them must keep the old value. */
  changedAnchors: Map<string, string>;
}

export function startYamlEdit(opts: { text: string; doc: Document }): YamlEdit {
  return { text: opts.text, doc: opts.doc, splices: [], replacedAliases: new Set(), changedAnchors: new Map() };
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

/** `value` written in the style of the scalar it replaces (`like`), or plain-if-safe when there is none. */
export function renderYamlScalar(opts: { value: string; like: Scalar | null; flow: boolean }): string {
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

/** Replaces a value node (a pair's value or a list item) with `value`, keeping its quoting style. */
export function replaceYamlValue(edit: YamlEdit, opts: { node: unknown; value: string; flow: boolean }): void {
  const { value, flow } = opts;
  const node = opts.node as YamlNode | null;
  if (isAlias(node)) {
    const target = node.resolve(edit.doc);
    if (isScalar(target) && String(target.value) === value) return;
    edit.replacedAliases.add(node);
    edit.splices.push({ start: node.range![0], end: node.range![1], text: renderYamlScalar({ value, like: isScalar(target) ? target : null, flow }) });
    return;
  }
  if (!isScalar(node)) throw new PinEditError(`expected a scalar value, found ${node === null ? "nothing" : "a collection"}`);
  const current = node.value === null ? "" : typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
  if (current === value && node.value !== null) return;
  let [start, end] = node.range!;
  if (node.value === null && start === end) {
    edit.splices.push({ start, end, text: ` ${renderYamlScalar({ value, like: null, flow })}` });
    return;
  }
  let like: Scalar | null = node;
  if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
    like = null;
    const source = edit.text.slice(start, end);
    end -= source.endsWith("\r\n") ? 2 : source.endsWith("\n") ? 1 : 0;
  }
  if (node.anchor) edit.changedAnchors.set(node.anchor, edit.text.slice(start, end));
  edit.splices.push({ start, end, text: renderYamlScalar({ value, like, flow }) });
}

/** Adds `key: value` right after `after` in `map`, in the same layout (its own line in a block map, `, key: value` in a flow map). */
export function insertYamlPairAfter(edit: YamlEdit, opts: { map: YAMLMap; after: Pair; key: string; value: string }): void {
  const { text } = edit;
  const { map, after } = opts;
  const valueEnd = (after.value as YamlNode | null)?.range?.[1] ?? (after.key as YamlNode).range![1];
  const flow = Boolean(map.flow);
  const pairText = `${renderYamlScalar({ value: opts.key, like: null, flow })}: ${renderYamlScalar({ value: opts.value, like: null, flow })}`;
  if (flow) {
    edit.splices.push({ start: valueEnd, end: valueEnd, text: `, ${pairText}` });
    return;
  }
  if (!isScalar(after.value) && !isAlias(after.value) && after.value !== null) throw new PinEditError(`cannot add ${opts.key} after a nested value; add it once by hand (any value) and the bot keeps it up to date`);
  const keyStart = (after.key as YamlNode).range![0];
  const lineStart = lineStartAt(text, keyStart);
  const prefix = text.slice(lineStart, keyStart);
  const indent = /^[ \t]*$/.test(prefix) ? prefix : " ".repeat(prefix.length);
  const line = `${indent}${pairText}`;
  const { end, eol } = lineEndAt(text, Math.max(valueEnd - 1, keyStart));
  if (eol) edit.splices.push({ start: end + eol.length, end: end + eol.length, text: `${line}${eol}` });
  else edit.splices.push({ start: text.length, end: text.length, text: `${fileEol(text)}${line}` });
}

/** Removes `pair` from `map` (its whole line in a block map). */
export function removeYamlPair(edit: YamlEdit, opts: { map: YAMLMap; pair: Pair }): void {
  const { text } = edit;
  const { map, pair } = opts;
  const keyStart = (pair.key as YamlNode).range![0];
  const valueEnd = (pair.value as YamlNode | null)?.range?.[1] ?? (pair.key as YamlNode).range![1];
  if (map.flow) {
    const index = map.items.indexOf(pair);
    if (index > 0) {
      const previousEnd = (map.items[index - 1].value as YamlNode | null)?.range?.[1] ?? keyStart;
      edit.splices.push({ start: previousEnd, end: valueEnd, text: "" });
    } else {
      const next = map.items[index + 1];
      edit.splices.push({ start: keyStart, end: next ? (next.key as YamlNode).range![0] : valueEnd, text: "" });
    }
    return;
  }
  const lineStart = lineStartAt(text, keyStart);
  const { end, eol } = lineEndAt(text, valueEnd);
  if (!/^[ \t]*$/.test(text.slice(lineStart, keyStart)) || !/^[ \t]*(#.*)?$/.test(text.slice(valueEnd, end))) {
    throw new PinEditError("cannot remove a key that shares its line with other content");
  }
  edit.splices.push({ start: lineStart, end: end + eol.length, text: "" });
}

/** The edited text: aliases of changed anchors keep the old value, then every splice is applied. */
export function finishYamlEdit(edit: YamlEdit): string {
  if (edit.changedAnchors.size > 0) {
    visit(edit.doc, {
      Alias(_key, alias) {
        const old = edit.changedAnchors.get(alias.source);
        if (old !== undefined && !edit.replacedAliases.has(alias)) edit.splices.push({ start: alias.range![0], end: alias.range![1], text: old });
      },
    });
  }
  const sorted = [...edit.splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = edit.text;
  let limit = Infinity;
  for (const splice of sorted) {
    if (splice.end > limit) throw new PinEditError("overlapping edits; the file layout is too unusual to edit safely");
    result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
    limit = splice.start;
  }
  return result;
}
