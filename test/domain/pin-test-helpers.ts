/** Helpers of the pin-file tests: locations written briefly, and expected texts built from the input by exact swaps. */
import { expect } from "vitest";
import { parsePinPath, pinFormatOf, type PinLocation } from "../../src/domain/pin-locations.js";

export const SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
export const OLD = "3f2a9c1e00000000000000000000000000000000";

/** A dotted-path location in `file`. */
export function at(file: string, version: string, commit?: string, component = "billing"): PinLocation {
  return { component, file, format: pinFormatOf(file), environmentFile: false, kind: "path", versionPath: parsePinPath(version), ...(commit ? { commitPath: parsePinPath(commit) } : {}) };
}

/** A Kustomize image location in `file`. */
export function image(file: string, name: string, component = "api"): PinLocation {
  return { component, file, format: pinFormatOf(file), environmentFile: false, kind: "kustomize", image: name };
}

/**
 * `text` with each `[from, to]` swapped exactly once; `from` must occur exactly once. Building the expected
 * text this way proves byte identity: everything but the swapped values is the input itself.
 */
export function swap(text: string, swaps: readonly (readonly [string, string])[]): string {
  let result = text;
  for (const [from, to] of swaps) {
    const first = result.indexOf(from);
    expect(first, `"${from}" occurs in the input`).toBeGreaterThanOrEqual(0);
    expect(result.indexOf(from, first + 1), `"${from}" occurs once`).toBe(-1);
    result = result.slice(0, first) + to + result.slice(first + from.length);
  }
  return result;
}
