/**
 * Reading a pin out of a parsed file, the same way for every format: YAML (yaml-pins.ts) and JSON
 * (json-pins.ts) each expose their parse tree as a `PinTree`, and `readPin` walks it.
 *
 * A version is a string or a number (a number is read as written: `1.10` stays "1.10"). A location that
 * does not exist is "absent" (the component is not pinned there); a value of the wrong type, or an empty
 * one, is a problem naming the file, the path and the fix. A commit that is absent or empty is no commit.
 */
import { describePinLocation, formatPinPath, type PinLocation, type PinPathSegment } from "./pin-locations.js";
import type { Pin } from "./types.js";

export type PinNodeKind = "map" | "list" | "string" | "number" | "boolean" | "null";

/** A parse tree as `readPin` sees it; aliases are already resolved. */
export interface PinTree<N> {
  root: N | undefined;
  kindOf(node: N): PinNodeKind;
  /** The value under a map key (numbers are looked up as their text) or at a list index; undefined when there is none. */
  child(node: N, segment: PinPathSegment): N | undefined;
  /** A list's items (only called on lists). */
  items(node: N): N[];
  /** A string's value, or a number's text as written. */
  text(node: N): string;
  line(node: N): number | undefined;
}

/** A problem inside one pin file; `pinnedStateOf` adds the environments it blocks. */
export interface PinFileProblem {
  key: string;
  message: string;
  fix: string;
  line?: number;
}

export type ReadPinResult =
  | { status: "pinned"; pin: Pin; /** Where the version is: `images.2.newTag` for a Kustomize image. */ versionPath: PinPathSegment[]; line?: number }
  | { status: "absent"; /** Why, for messages: the first path segment that is missing, or the image that is not listed. */ reason: string }
  | { status: "problem"; problem: PinFileProblem };

export type ReadPinFileResult = { ok: true; results: ReadPinResult[] } | { ok: false; problem: PinFileProblem };

const KIND_NAMES: Record<PinNodeKind, string> = { map: "a map", list: "a list", string: "a string", number: "a number", boolean: "true or false", null: "empty" };

function walk<N>(tree: PinTree<N>, path: readonly PinPathSegment[]): { node: N } | { missing: string } {
  let node = tree.root;
  for (const [index, segment] of path.entries()) {
    const next = node === undefined ? undefined : tree.child(node, segment);
    if (next === undefined) return { missing: formatPinPath(path.slice(0, index + 1)) };
    node = next;
  }
  return node === undefined ? { missing: "" } : { node };
}

/** ", or point components.<name>.pin.<field> at it", naming the config key that chose this place. */
function orPoint(location: PinLocation, field: "version" | "commit"): string {
  if (location.kind === "kustomize") return `, or correct components.${location.component}.pin.image`;
  const path = field === "version" ? location.versionPath : location.commitPath;
  const own = path?.[0] === "components" && path[1] === location.component && path[2] === field && path.length === 3;
  return own ? "" : `, or point components.${location.component}.pin.${field} at the ${field === "version" ? "version" : "commit"}`;
}

/** Where a Kustomize image's newTag is: ["images", index, "newTag"], or why it is absent, or a problem. */
function kustomizePath<N>(tree: PinTree<N>, file: string, image: string): { path: PinPathSegment[] } | { absent: string } | { problem: PinFileProblem } {
  const images = walk(tree, ["images"]);
  if ("missing" in images) return { absent: `${file} has no images: list` };
  if (tree.kindOf(images.node) !== "list") {
    return { problem: { key: "images", message: `images in ${file} must be a list of { name, newTag }, but it is ${KIND_NAMES[tree.kindOf(images.node)]}`, fix: `write images in ${file} as a list of entries such as { name: ${image}, newTag: "1432" }`, line: tree.line(images.node) } };
  }
  let found: number | undefined;
  for (const [index, item] of tree.items(images.node).entries()) {
    if (tree.kindOf(item) !== "map") continue;
    const name = tree.child(item, "name");
    if (name === undefined || tree.kindOf(name) !== "string" || tree.text(name) !== image) continue;
    if (found !== undefined) {
      return { problem: { key: `images.${index}`, message: `image ${image} is listed twice in images of ${file} (entries ${found} and ${index})`, fix: `keep one images entry named ${image} in ${file}`, line: tree.line(item) } };
    }
    found = index;
  }
  if (found === undefined) return { absent: `image ${image} is not listed in images of ${file}` };
  // Kustomize deploys a digest over newTag: a release that moved only the tag would deploy nothing new.
  const entry = tree.items(images.node)[found];
  const digest = tree.child(entry, "digest");
  if (digest !== undefined && tree.kindOf(digest) !== "null") {
    return {
      problem: {
        key: `images.${found}.digest`,
        message: `image ${image} in ${file} is pinned by digest, which Kustomize deploys instead of newTag, so moving newTag would change nothing`,
        fix: `remove the digest of ${image} from ${file} and pin it by newTag, or pin the digest with components.<name>.pin.version: images.${found}.digest`,
        line: tree.line(digest),
      },
    };
  }
  return { path: ["images", found, "newTag"] };
}

function valueText<N>(tree: PinTree<N>, node: N): string | null | { kind: PinNodeKind } {
  const kind = tree.kindOf(node);
  if (kind === "string" || kind === "number") return tree.text(node) === "" ? null : tree.text(node);
  if (kind === "null") return null;
  return { kind };
}

export function readPin<N>(opts: { tree: PinTree<N>; file: string; location: PinLocation }): ReadPinResult {
  const { tree, file, location } = opts;
  let versionPath: PinPathSegment[];
  let commitPath: PinPathSegment[] | undefined;
  if (location.kind === "kustomize") {
    const resolved = kustomizePath(tree, file, location.image);
    if ("absent" in resolved) return { status: "absent", reason: resolved.absent };
    if ("problem" in resolved) return { status: "problem", problem: resolved.problem };
    versionPath = resolved.path;
  } else {
    versionPath = location.versionPath;
    commitPath = location.commitPath;
  }
  const key = formatPinPath(versionPath);
  const version = walk(tree, versionPath);
  if ("missing" in version) return { status: "absent", reason: location.kind === "kustomize" ? `image ${location.image} in ${file} has no newTag` : `${file} has no ${version.missing}` };
  const text = valueText(tree, version.node);
  const line = tree.line(version.node);
  if (text === null || typeof text === "object") {
    const what = text === null ? "is empty" : `must be a version (a string or number), but it is ${KIND_NAMES[text.kind]}`;
    return {
      status: "problem",
      problem: { key, message: `${describePinLocation(location)} of component "${location.component}" in ${file} ${what}`, fix: `write the deployed version at ${key} in ${file}, e.g. "1432"${orPoint(location, "version")}`, ...(line ? { line } : {}) },
    };
  }
  let commit: string | undefined;
  if (commitPath) {
    const found = walk(tree, commitPath);
    const value = "missing" in found ? null : valueText(tree, found.node);
    if (value !== null && typeof value === "object" && "node" in found) {
      const commitKey = formatPinPath(commitPath);
      const commitLine = tree.line(found.node);
      return {
        status: "problem",
        problem: { key: commitKey, message: `${commitKey} of component "${location.component}" in ${file} must be a commit sha, but it is ${KIND_NAMES[value.kind]}`, fix: `write the commit sha at ${commitKey} in ${file}, or remove it${orPoint(location, "commit")}`, ...(commitLine ? { line: commitLine } : {}) },
      };
    }
    if (typeof value === "string") commit = value;
  }
  return { status: "pinned", pin: commit === undefined ? { version: text } : { version: text, commit }, versionPath, ...(line ? { line } : {}) };
}
