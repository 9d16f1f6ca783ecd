/**
 * Pins in a JSON file (Chef environments, any dotted path): read with jsonc-parser's `parseTree` within fixed
 * bounds, edited by `applyEdits` of edits at the offsets the tree reports, so indentation (spaces or tabs),
 * key order, line endings, the trailing newline and every other key stay byte for byte.
 *
 * Values keep their type: a string stays a string; a number stays a number when the new version is a JSON
 * number (`1432`), and becomes a string only when it cannot be one (`"v1.2.3"`). A missing commit is added
 * right after the version when it is the version's sibling, or at the end of its object when that exists;
 * a commit the new pin lacks is removed. Use editPinFile / readPinFile (pin-file.ts), which pick the format.
 *
 * Bounds: at most MAX_JSON_BYTES, nesting at most MAX_JSON_NESTING (checked by one linear scan before the
 * recursive parser runs), no duplicate keys (checked with a set per object).
 */
import { applyEdits, createScanner, parseTree, printParseErrorCode, SyntaxKind, type Edit, type Node as JsonNode, type ParseError } from "jsonc-parser";
import { PinEditError } from "./pin-edit-error.js";
import { formatPinPath, type PinLocation, type PinPathSegment } from "./pin-locations.js";
import { readPin, type PinFileProblem, type PinTree, type ReadPinFileResult } from "./read-pin.js";
import { MAX_YAML_BYTES, MAX_YAML_NESTING } from "./read-bounded-yaml.js";
import type { Pin } from "./types.js";
import { verifyPinEdit, type EditedPin } from "./verify-pin-edit.js";

/** Largest JSON pin file read, in bytes (UTF-8): the same as for YAML. */
export const MAX_JSON_BYTES = MAX_YAML_BYTES;
/** Deepest nesting of objects and arrays. */
export const MAX_JSON_NESTING = MAX_YAML_NESTING;

const kb = (bytes: number): string => `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KB`;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, col: offset - starts[low] + 1 };
}

function propertyOf(object: JsonNode, segment: PinPathSegment): JsonNode | undefined {
  return object.children?.find((property) => property.children?.[0]?.value === String(segment));
}

interface ParsedJson {
  root: JsonNode | undefined;
  starts: number[];
  data: unknown;
}

/** The first object key that appears twice, walking the tree with an explicit stack (the depth is bounded anyway). */
function duplicateKey(root: JsonNode | undefined): JsonNode | undefined {
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "object") {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (key && seen.has(String(key.value))) return key;
        if (key) seen.add(String(key.value));
        if (property.children?.[1]) stack.push(property.children[1]);
      }
    } else if (node.type === "array") stack.push(...(node.children ?? []));
  }
  return undefined;
}

function toData(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  if (node.type === "object") return Object.fromEntries((node.children ?? []).map((p) => [String(p.children?.[0]?.value), toData(p.children?.[1])]));
  if (node.type === "array") return (node.children ?? []).map(toData);
  return node.value;
}

function parseBounded(opts: { file: string; text: string }): { ok: true; json: ParsedJson } | { ok: false; problem: PinFileProblem } {
  const { file } = opts;
  // A byte order mark (Windows editors write one) is read as a space: same length, so every offset and edit keeps it.
  const text = opts.text.charCodeAt(0) === 0xfeff ? ` ${opts.text.slice(1)}` : opts.text;
  const bytes = text.length > MAX_JSON_BYTES ? text.length : Buffer.byteLength(text, "utf8");
  if (bytes > MAX_JSON_BYTES) {
    return { ok: false, problem: { key: "", message: `the file is ${bytes === text.length ? "at least " : ""}${kb(bytes)}, more than the ${kb(MAX_JSON_BYTES)} release-bot reads`, fix: `shrink ${file} below ${kb(MAX_JSON_BYTES)}, or split it into one file per component` } };
  }
  const starts = lineStarts(text);
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) depth++;
    else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth--;
    if (depth > MAX_JSON_NESTING) {
      const { line } = lineOf(starts, scanner.getTokenOffset());
      return { ok: false, problem: { key: "", line, message: `JSON nested more than ${MAX_JSON_NESTING} levels deep (line ${line})`, fix: `flatten ${file}: at most ${MAX_JSON_NESTING} levels are read` } };
    }
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
  if (errors.length > 0) {
    const { line, col } = lineOf(starts, errors[0].offset);
    return { ok: false, problem: { key: "", line, message: `JSON syntax error at line ${line}, column ${col}: ${printParseErrorCode(errors[0].error)}`, fix: `fix the JSON syntax of ${file}; a JSON linter shows the exact spot` } };
  }
  const duplicate = duplicateKey(root);
  if (duplicate) {
    const { line, col } = lineOf(starts, duplicate.offset);
    const key = String(duplicate.value).slice(0, 80);
    return { ok: false, problem: { key: "", line, message: `JSON error at line ${line}, column ${col}: "${key}" appears twice in the same object`, fix: `remove or rename one of the two "${key}" keys in ${file}` } };
  }
  return { ok: true, json: { root, starts, data: toData(root) } };
}

function jsonTree(json: ParsedJson, text: string): PinTree<JsonNode> {
  return {
    root: json.root,
    kindOf: (node) => (node.type === "object" ? "map" : node.type === "array" ? "list" : node.type === "property" ? "null" : node.type),
    child(node, segment) {
      if (node.type === "object") return propertyOf(node, segment)?.children?.[1];
      if (node.type === "array" && typeof segment === "number") return node.children?.[segment];
      return undefined;
    },
    items: (node) => node.children ?? [],
    text: (node) => (node.type === "number" ? text.slice(node.offset, node.offset + node.length) : String(node.value)),
    line: (node) => lineOf(json.starts, node.offset).line,
  };
}

/** Each location's pin in one JSON file, in the order given. */
export function readJsonPins(opts: { file: string; text: string; locations: readonly PinLocation[] }): ReadPinFileResult {
  const parsed = parseBounded(opts);
  if (!parsed.ok) return parsed;
  const tree = jsonTree(parsed.json, opts.text);
  return { ok: true, results: opts.locations.map((location) => readPin({ tree, file: opts.file, location })) };
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The edit replacing a value node, keeping its type; none when it already holds `value`. */
function replaceValue(opts: { file: string; node: JsonNode; value: string; text: string; path: string }): Edit[] {
  const { node, value } = opts;
  const current = opts.text.slice(node.offset, node.offset + node.length);
  let content: string;
  if (node.type === "number") content = JSON_NUMBER.test(value) ? value : JSON.stringify(value);
  else if (node.type === "string" || node.type === "null") content = JSON.stringify(value);
  else throw new PinEditError(`${opts.path} in ${opts.file} must be a string or number to be edited, but it is ${node.type === "array" ? "a list" : node.type === "object" ? "a map" : node.type}`);
  if (node.type === "string" && node.value === value) return [];
  return content === current ? [] : [{ offset: node.offset, length: node.length, content }];
}

/** Inserts `"key": value` into `object` after `after` (or as its last property), in the object's layout. */
function insertProperty(opts: { text: string; object: JsonNode; after?: JsonNode; key: string; value: string }): Edit {
  const { text, object } = opts;
  const properties = object.children ?? [];
  const previous = opts.after ?? properties[properties.length - 1];
  const pair = (like: JsonNode | undefined) => {
    const colon = like?.colonOffset !== undefined && like.children?.[0] && like.children[1] ? text.slice(like.children[0].offset + like.children[0].length, like.children[1].offset) : ": ";
    return `${JSON.stringify(opts.key)}${colon}${JSON.stringify(opts.value)}`;
  };
  if (!previous) {
    return { offset: object.offset + 1, length: 0, content: pair(undefined) };
  }
  const end = previous.offset + previous.length;
  const lineStart = text.lastIndexOf("\n", previous.offset - 1) + 1;
  const multiline = text.slice(object.offset, object.offset + object.length).includes("\n");
  if (!multiline) return { offset: end, length: 0, content: `,${/^\{\s/.test(text.slice(object.offset, object.offset + 2)) ? " " : ""}${pair(previous)}` };
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /^[ \t]*/.exec(text.slice(lineStart, previous.offset))?.[0] ?? "";
  return { offset: end, length: 0, content: `,${eol}${indent}${pair(previous)}` };
}

/** Removes `property` from `object` with the comma that joins it. */
function removeProperty(object: JsonNode, property: JsonNode): Edit {
  const properties = object.children ?? [];
  const index = properties.indexOf(property);
  const end = property.offset + property.length;
  if (index > 0) {
    const previous = properties[index - 1];
    return { offset: previous.offset + previous.length, length: end - (previous.offset + previous.length), content: "" };
  }
  const next = properties[index + 1];
  return { offset: property.offset, length: (next ? next.offset : end) - property.offset, content: "" };
}

function nodeAt(root: JsonNode | undefined, path: readonly PinPathSegment[]): { parent: JsonNode; property?: JsonNode; node: JsonNode } | undefined {
  let node = root;
  let found: { parent: JsonNode; property?: JsonNode; node: JsonNode } | undefined;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === "object") {
      const property = propertyOf(node, segment);
      if (!property?.children?.[1]) return undefined;
      found = { parent: node, property, node: property.children[1] };
    } else if (node.type === "array" && typeof segment === "number" && node.children?.[segment]) {
      found = { parent: node, node: node.children[segment] };
    } else return undefined;
    node = found.node;
  }
  return found;
}

/** The edited text; throws a PinEditError (naming the file and path) when an edit cannot be made safely. */
export function editJsonPins(opts: { file: string; text: string; edits: readonly { location: PinLocation; pin: Pin }[] }): string {
  const { file, text } = opts;
  if (opts.edits.length === 0) return text;
  const parsed = parseBounded({ file, text });
  if (!parsed.ok) throw new PinEditError(`${file} cannot be edited: ${parsed.problem.message}`);
  const tree = jsonTree(parsed.json, text);
  const root = parsed.json.root;
  const edits: Edit[] = [];
  const edited: EditedPin[] = [];
  for (const { location, pin } of opts.edits) {
    const current = location.kind === "kustomize" ? readPin({ tree, file, location }) : undefined;
    if (current?.status === "absent") throw new PinEditError(`component "${location.component}" is not pinned in ${file}: ${current.reason}`);
    if (current?.status === "problem") throw new PinEditError(current.problem.message);
    const versionPath = current?.status === "pinned" ? current.versionPath : (location as Extract<PinLocation, { kind: "path" }>).versionPath;
    const commitPath = location.kind === "path" ? location.commitPath : undefined;
    const version = nodeAt(root, versionPath);
    if (!version) throw new PinEditError(`component "${location.component}" is not pinned in ${file}: it has no ${formatPinPath(versionPath)}`);
    edited.push({ versionPath, ...(commitPath ? { commitPath } : {}), pin });
    edits.push(...replaceValue({ file, node: version.node, value: pin.version, text, path: formatPinPath(versionPath) }));
    if (!commitPath) continue;
    const commit = nodeAt(root, commitPath);
    if (commit && pin.commit !== undefined) edits.push(...replaceValue({ file, node: commit.node, value: pin.commit, text, path: formatPinPath(commitPath) }));
    else if (commit?.property) edits.push(removeProperty(commit.parent, commit.property));
    else if (commit) throw new PinEditError(`${formatPinPath(commitPath)} in ${file} is a list item; the bot cannot remove it`);
    else if (pin.commit !== undefined) {
      const parent = commitPath.length === 1 ? (root ? { node: root } : undefined) : nodeAt(root, commitPath.slice(0, -1));
      if (!parent || parent.node.type !== "object") throw new PinEditError(`${file} has no ${formatPinPath(commitPath.slice(0, -1)) || "object"} to add ${formatPinPath(commitPath)} to; add it once by hand (any value) and the bot keeps it up to date`);
      const after = version.parent === parent.node ? version.property : undefined;
      edits.push(insertProperty({ text, object: parent.node, after, key: String(commitPath[commitPath.length - 1]), value: pin.commit }));
    }
  }
  const overlapping = [...edits].sort((a, b) => a.offset - b.offset).some((e, i, all) => i > 0 && all[i - 1].offset + all[i - 1].length > e.offset);
  if (overlapping) throw new PinEditError(`overlapping edits in ${file}; the file layout is too unusual to edit safely`);
  const result = applyEdits(text, edits);
  const after = parseBounded({ file, text: result });
  if (!after.ok) throw new PinEditError(`editing ${file} would break it: ${after.problem.message}`);
  const afterTree = jsonTree(after.json, result);
  verifyPinEdit({
    file,
    format: "json",
    before: parsed.json.data,
    after: after.json.data,
    afterTree,
    edited,
  });
  return result;
}
