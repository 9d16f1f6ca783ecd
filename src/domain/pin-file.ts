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
import type { ReadPinFileResult } from "./read-pin.js";
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
