/**
 * Reading and writing pins in one ops-repo file, whatever its format (YAML or JSON, by extension): the entry
 * points of the layout registry. A file is parsed once for all the locations in it.
 *
 * - `readPinFile` returns, per location, the pin (`{ version, commit? }`), "absent", or a problem naming the
 *   file and path; or one problem for the whole file (syntax, size or nesting bounds, duplicate keys).
 * - `editPinFile` changes the given pins and nothing else (every other byte stays; each value keeps its style
 *   and type), re-reads the result to prove it, and throws a PinEditError when the layout makes that unsafe.
 *   A release that changes pins in several files calls it once per file and commits all the texts together.
 */
import { editJsonPins, readJsonPins } from "./json-pins.js";
import { pinFormatOf, type PinLocation } from "./pin-locations.js";
import { MAX_YAML_BYTES } from "./read-bounded-yaml.js";
import type { PinFileProblem, ReadPinFileResult } from "./read-pin.js";
import type { Pin } from "./types.js";
import { editYamlPins, readYamlPins } from "./yaml-pins.js";

export type { PinFileProblem, ReadPinFileResult, ReadPinResult } from "./read-pin.js";
export { PinEditError } from "./pin-edit-error.js";

export interface PinEdit {
  location: PinLocation;
  pin: Pin;
}

export function readPinFile(opts: { file: string; text: string; locations: readonly PinLocation[] }): ReadPinFileResult {
  return pinFormatOf(opts.file) === "json" ? readJsonPins(opts) : readYamlPins(opts);
}

export function editPinFile(opts: { file: string; text: string; edits: readonly PinEdit[] }): string {
  const wrong = opts.edits.find((edit) => edit.location.file !== opts.file);
  if (wrong) throw new Error(`editPinFile: the pin of "${wrong.location.component}" is in ${wrong.location.file}, not ${opts.file}`);
  return pinFormatOf(opts.file) === "json" ? editJsonPins(opts) : editYamlPins(opts);
}

/**
 * A pin file GitHub gives no text of: binary (a NUL byte in its first 8,000 bytes), or larger than the
 * contents API returns (1 MB). One problem for the whole file, as a syntax error is.
 */
export function unreadablePinFileProblem(opts: { file: string; reason: "binary" | "too-large"; byteSize?: number }): PinFileProblem {
  const limit = `${MAX_YAML_BYTES / 1024} KB`;
  if (opts.reason === "binary") {
    return { key: "", message: "the file is binary (it holds NUL bytes), not YAML or JSON text", fix: `store ${opts.file} as UTF-8 YAML or JSON text, or point the pins that read it at another file in .github/release-bot.yml` };
  }
  const size = opts.byteSize === undefined ? "over 1 MB" : `${Math.ceil(opts.byteSize / 1024).toLocaleString("en-US")} KB`;
  return { key: "", message: `the file is ${size}, more than the ${limit} release-bot reads`, fix: `shrink ${opts.file} below ${limit}, or split it into one file per component` };
}
