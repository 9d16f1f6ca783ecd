/**
 * The check every pin edit passes before its text is returned: the edited file reads back the new pins,
 * and its data, with the edited paths left out, equals the data before. Anything else is a bug, not a release.
 */
import { PinEditError } from "./pin-edit-error.js";
import { formatPinPath, type PinFormat, type PinPathSegment } from "./pin-locations.js";
import { readPin, type PinTree } from "./read-pin.js";
import type { Pin } from "./types.js";

export interface EditedPin {
  versionPath: PinPathSegment[];
  commitPath?: PinPathSegment[];
  pin: Pin;
}

function without(data: unknown, paths: readonly PinPathSegment[][]): unknown {
  // A JSON copy: YAML aliases become separate values, so leaving out one place never hides a change in another.
  const copy: unknown = JSON.parse(JSON.stringify(data ?? null));
  for (const path of paths) {
    let node = copy as Record<string, unknown> | unknown[] | null;
    for (const segment of path.slice(0, -1)) {
      node = node !== null && typeof node === "object" ? ((node as Record<string, unknown>)[String(segment)] as typeof node) : null;
    }
    if (node === null || typeof node !== "object") continue;
    const last = String(path[path.length - 1]);
    if (Array.isArray(node)) node[Number(last)] = null;
    else delete node[last];
  }
  return copy;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export function verifyPinEdit<N>(opts: { file: string; format: PinFormat; before: unknown; after: unknown; afterTree: PinTree<N>; edited: readonly EditedPin[] }): void {
  const { file, format, edited } = opts;
  for (const edit of edited) {
    const location = { component: "", file, format, environmentFile: false, kind: "path" as const, versionPath: edit.versionPath, ...(edit.commitPath ? { commitPath: edit.commitPath } : {}) };
    const read = readPin({ tree: opts.afterTree, file, location });
    const got = read.status === "pinned" ? read.pin : undefined;
    const wanted = edit.commitPath && edit.pin.commit !== undefined ? edit.pin : { version: edit.pin.version };
    if (!got || got.version !== wanted.version || got.commit !== wanted.commit) {
      throw new PinEditError(`editing ${file} would not produce the intended pin at ${formatPinPath(edit.versionPath)} (got ${JSON.stringify(got)}, wanted ${JSON.stringify(wanted)})`);
    }
  }
  const paths = edited.flatMap((e) => (e.commitPath ? [e.versionPath, e.commitPath] : [e.versionPath]));
  if (!deepEqual(without(opts.before, paths), without(opts.after, paths))) {
    throw new PinEditError(`editing ${file} would change more than the pinned values (an anchor or alias shares them?); the file is left as it is`);
  }
}
