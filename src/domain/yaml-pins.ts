/**
 * Pins in a YAML file (Helm values, Kustomize overlays, the bot's own format, any dotted path): read within
 * read-bounded-yaml.ts's limits, edited by splicing (splice-yaml.ts) so every byte but the values stays.
 *
 * Editing rules: the version must exist (a pin is only ever changed, never created); a commit is replaced,
 * added after the version when it is the version's sibling in the same map, or removed when the new pin has
 * none. Values inside an anchored collection that is aliased elsewhere, or reached through an alias, are not
 * edited (that would change every alias). Use editPinFile / readPinFile (pin-file.ts), which pick the format.
 */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node as YamlNode, type Pair, type YAMLMap } from "yaml";
import { PinEditError } from "./pin-edit-error.js";
import { formatPinPath, type PinLocation, type PinPathSegment } from "./pin-locations.js";
import { readPin, type PinTree, type ReadPinFileResult } from "./read-pin.js";
import { readBoundedYaml } from "./read-bounded-yaml.js";
import { finishYamlEdit, insertYamlPairAfter, removeYamlPair, replaceYamlValue, startYamlEdit } from "./splice-yaml.js";
import type { Pin } from "./types.js";
import { verifyPinEdit, type EditedPin } from "./verify-pin-edit.js";

/** `key:` with nothing after it. */
const EMPTY = Symbol("empty");
type TreeNode = YamlNode | typeof EMPTY;

function pairOf(map: YAMLMap, segment: PinPathSegment): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(segment)) as Pair | undefined;
}

function yamlTree(doc: Document, lineCounter: LineCounter): PinTree<TreeNode> {
  const resolve = (node: unknown): TreeNode => {
    const target = isAlias(node) ? node.resolve(doc) : node;
    return target === null || target === undefined ? EMPTY : (target as YamlNode);
  };
  return {
    root: resolve(doc.contents),
    kindOf(node) {
      if (node === EMPTY) return "null";
      if (isMap(node)) return "map";
      if (isSeq(node)) return "list";
      if (!isScalar(node) || node.value === null || node.value === undefined) return "null";
      if (typeof node.value === "number" || typeof node.value === "bigint") return "number";
      if (typeof node.value === "boolean") return "boolean";
      return "string";
    },
    child(node, segment) {
      if (isMap(node)) {
        const pair = pairOf(node, segment);
        return pair ? resolve(pair.value) : undefined;
      }
      if (isSeq(node) && typeof segment === "number") return segment < node.items.length ? resolve(node.items[segment]) : undefined;
      return undefined;
    },
    items: (node) => (isSeq(node) ? node.items.map(resolve) : []),
    text: (node) => (isScalar(node) ? (typeof node.value === "string" ? node.value : (node.source ?? String(node.value))) : ""),
    line: (node) => (node !== EMPTY && node.range ? lineCounter.linePos(node.range[0]).line : undefined),
  };
}

function parseBounded(opts: { file: string; text: string }) {
  return readBoundedYaml({ file: opts.file, text: opts.text, environments: [], syntaxFix: `fix the YAML syntax of ${opts.file}` });
}

/** Each location's pin in one YAML file, in the order given. */
export function readYamlPins(opts: { file: string; text: string; locations: readonly PinLocation[] }): ReadPinFileResult {
  const read = parseBounded(opts);
  if (!read.ok) {
    const { key, message, fix, line } = read.problem;
    return { ok: false, problem: { key, message, fix, ...(line ? { line } : {}) } };
  }
  const tree = yamlTree(read.yaml.doc, read.yaml.lineCounter);
  return { ok: true, results: opts.locations.map((location) => readPin({ tree, file: opts.file, location })) };
}

interface Slot {
  /** The collection holding the value, as written (no alias on the way). */
  parent: YAMLMap | YamlNode;
  pair?: Pair;
  node: unknown;
}

/** The value at `path` without going through aliases; anchored collections that are aliased elsewhere are refused. */
function slotAt(opts: { doc: Document; file: string; path: readonly PinPathSegment[]; aliased: ReadonlySet<string> }): Slot | undefined {
  const { file, path } = opts;
  let node: unknown = opts.doc.contents;
  let slot: Slot | undefined;
  for (const [index, segment] of path.entries()) {
    const at = formatPinPath(path.slice(0, index));
    if (isAlias(node)) throw new PinEditError(`${at} in ${file} is an alias (*${node.source}); write it out so the bot can edit ${formatPinPath(path)}`);
    if ((isMap(node) || isSeq(node)) && node.anchor && opts.aliased.has(node.anchor)) {
      throw new PinEditError(`${at || "the document"} in ${file} is anchored (&${node.anchor}) and aliased elsewhere; editing ${formatPinPath(path)} would change every alias: write the values out`);
    }
    if (isMap(node)) {
      const pair = pairOf(node, segment);
      if (!pair) return undefined;
      slot = { parent: node, pair, node: pair.value };
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      slot = { parent: node, node: node.items[segment] };
    } else return undefined;
    node = slot.node;
  }
  return slot;
}

function aliasSources(doc: Document): Set<string> {
  const sources = new Set<string>();
  visit(doc, { Alias: (_key, alias) => void sources.add(alias.source) });
  return sources;
}

/** Where a Kustomize image's newTag is (["images", index, "newTag"]); it must exist to be edited. */
function kustomizeTagPath(opts: { tree: PinTree<TreeNode>; file: string; location: PinLocation }): PinPathSegment[] {
  const current = readPin(opts);
  if (current.status === "absent") throw new PinEditError(`component "${opts.location.component}" is not pinned in ${opts.file}: ${current.reason}`);
  if (current.status === "problem") throw new PinEditError(current.problem.message);
  return current.versionPath;
}

/** The edited text; throws a PinEditError (naming the file and path) when an edit cannot be made safely. */
export function editYamlPins(opts: { file: string; text: string; edits: readonly { location: PinLocation; pin: Pin }[] }): string {
  const { file, text } = opts;
  if (opts.edits.length === 0) return text;
  const read = parseBounded({ file, text });
  if (!read.ok) throw new PinEditError(`${file} cannot be edited: ${read.problem.message}`);
  const { doc, lineCounter } = read.yaml;
  const tree = yamlTree(doc, lineCounter);
  const aliased = aliasSources(doc);
  const edit = startYamlEdit({ text, doc });
  const edited: EditedPin[] = [];
  for (const { location, pin } of opts.edits) {
    const versionPath = location.kind === "path" ? location.versionPath : kustomizeTagPath({ tree, file, location });
    const commitPath = location.kind === "path" ? location.commitPath : undefined;
    const version = slotAt({ doc, file, path: versionPath, aliased });
    if (!version) throw new PinEditError(`component "${location.component}" is not pinned in ${file}: it has no ${formatPinPath(versionPath)}`);
    edited.push({ versionPath, ...(commitPath ? { commitPath } : {}), pin });
    replaceYamlValue(edit, { node: version.node, value: pin.version, flow: Boolean((version.parent as YAMLMap).flow) });
    if (!commitPath) continue;
    const commit = slotAt({ doc, file, path: commitPath, aliased });
    if (commit && pin.commit !== undefined) replaceYamlValue(edit, { node: commit.node, value: pin.commit, flow: Boolean((commit.parent as YAMLMap).flow) });
    else if (commit && isMap(commit.parent) && commit.pair) removeYamlPair(edit, { map: commit.parent, pair: commit.pair });
    else if (commit) throw new PinEditError(`${formatPinPath(commitPath)} in ${file} is a list item; the bot cannot remove it`);
    else if (pin.commit !== undefined) {
      const sibling = commitPath.length === versionPath.length && formatPinPath(commitPath.slice(0, -1)) === formatPinPath(versionPath.slice(0, -1));
      if (!sibling || !isMap(version.parent) || !version.pair) {
        throw new PinEditError(`${file} has no ${formatPinPath(commitPath)}; add it once by hand (any value) and the bot keeps it up to date`);
      }
      insertYamlPairAfter(edit, { map: version.parent, after: version.pair, key: String(commitPath[commitPath.length - 1]), value: pin.commit });
    }
  }
  const result = finishYamlEdit(edit);
  const after = parseBounded({ file, text: result });
  if (!after.ok) throw new PinEditError(`editing ${file} would break it: ${after.problem.message}`);
  const afterTree = yamlTree(after.yaml.doc, after.yaml.lineCounter);
  verifyPinEdit({
    file,
    format: "yaml",
    before: read.yaml.data,
    after: after.yaml.data,
    afterTree,
    edited,
  });
  return result;
}
