/**
 * What one environment pins, in whatever layout the ops repo has (issue 9): the bot's own
 * `components:` file, Helm values, Chef environment JSON, Kustomize overlays, any YAML/JSON path,
 * across one or several files. Every use case that reads or writes pins goes through here:
 * releases and promotions (the target's pins, the source's versions), deploy feedback (the pins at
 * the merge and at what is live), rollbacks (the files as they were) and `/status`.
 *
 * - Reading: the files of the environment's pin locations (pin-locations.ts) at one ref (one REST
 *   read for one file, one GraphQL query for several: `readFiles`), then `pinnedStateOf` (membership
 *   and problems); a binary or too large file is one problem of its own. The environment's own file in the
 *   bot's format also gets its typo and unknown-component checks (parse-env-file.ts).
 * - Writing: `editEnvironmentPins` edits every file that pins a moving component (pin-file.ts:
 *   every other byte stays), and answers only the files that changed, for one commit.
 */
import { envFileOf } from "../domain/config-schema.js";
import type { ConfigProblem } from "../domain/config-problem.js";
import { checkEnvFile, parseEnvFile } from "../domain/parse-env-file.js";
import { editPinFile, unreadablePinFileProblem } from "../domain/pin-file.js";
import { filesOf, pinLocationsOf, type PinLocation } from "../domain/pin-locations.js";
import { pinnedStateOf, type PinnedComponent } from "../domain/pinned-state.js";
import type { Pin, Pins } from "../domain/types.js";
import { knownFile, type FileAtRef, type GitHubPort } from "../github/github-port.js";
import type { LoadedConfig } from "./load-ops-config.js";

export interface EnvironmentPins {
  environment: string;
  /** component → its pin, for the components this environment releases. */
  pins: Pins;
  pinned: Record<string, PinnedComponent>;
  /** component → why it is not in this environment (not a problem). */
  notPinned: Record<string, string>;
  /** Every file of the environment's pin locations at the ref read; null when absent. */
  files: Record<string, string | null>;
  locations: PinLocation[];
  /** Problems that block this environment (its files', its pins'). */
  problems: ConfigProblem[];
}

export async function readEnvironmentPins(opts: { github: GitHubPort; loaded: LoadedConfig; environment: string; ref: string }): Promise<EnvironmentPins> {
  const { github, loaded, environment } = opts;
  const { config } = loaded.parsed;
  const locations = pinLocationsOf({ config, environment });
  const envConfig = config.environments[environment];
  const ownFile = envConfig ? envFileOf(environment, envConfig) : undefined;
  // The environment's own file is read even when no location uses it: a file pinning unknown components is reported.
  const paths = [...new Set([...filesOf(locations), ...(ownFile && usesOwnFormat(locations, ownFile) ? [ownFile] : [])])];
  // At the loaded head, the load's snapshot may hold them already; the rest: one REST read for one file, one GraphQL query for several.
  const known = opts.ref === loaded.ops.head ? loaded.snapshot?.files : undefined;
  const read: Record<string, FileAtRef | null> = {};
  for (const path of paths) {
    const file = knownFile(known, path);
    if (file !== undefined) read[path] = file;
  }
  const unknown = paths.filter((path) => !(path in read));
  if (unknown.length === 1) read[unknown[0]] = await github.repos.readFile(loaded.ops.repo, unknown[0], opts.ref);
  else if (unknown.length > 1) Object.assign(read, await github.repos.readFiles(loaded.ops.repo, unknown, opts.ref));
  // A binary or too large file has no text to read pins from (nor to restore): its own problem, no pins.
  const unreadable = paths.flatMap((path) => (read[path]?.unreadable ? [{ file: path, reason: read[path].unreadable, byteSize: read[path].byteSize }] : []));
  const files: Record<string, string | null> = Object.fromEntries(paths.map((path) => [path, read[path]?.unreadable ? null : (read[path]?.content ?? null)]));
  const state = pinnedStateOf({ environment, locations: locations.filter((l) => !unreadable.some((u) => u.file === l.file)), files });
  const problems = [...state.problems, ...unreadable.map((u) => ({ file: u.file, ...unreadablePinFileProblem(u), environments: [environment] }))];
  const ownText = ownFile ? files[ownFile] : undefined;
  const own = ownFile && typeof ownText === "string" && usesOwnFormat(locations, ownFile) ? { file: ownFile, parsed: parseEnvFile({ file: ownFile, text: ownText, environment }) } : null;
  if (own) {
    const reported = new Set(problems.map((p) => `${p.file}\0${p.key}`));
    for (const problem of [...own.parsed.problems, ...checkEnvFile({ file: own.file, environment, pins: own.parsed.pins, config, invalidComponents: loaded.parsed.invalidComponents })]) {
      if (!reported.has(`${problem.file}\0${problem.key}`)) problems.push(problem);
    }
  }
  const pins: Pins = Object.fromEntries(Object.entries(state.pinned).map(([name, p]) => [name, { version: p.version, ...(p.commit ? { commit: p.commit } : {}) }]));
  // The own file's pins of components the config does not know: a problem for releases, but what a hand edit deploys.
  for (const [name, pin] of Object.entries(own?.parsed.pins ?? {})) if (!config.components[name]) pins[name] = pin;
  return { environment, pins, pinned: state.pinned, notPinned: state.notPinned, files, locations, problems };
}

/** A location in the bot's own `components.<name>` format, in the environment's own file. */
function usesOwnFormat(locations: readonly PinLocation[], ownFile: string): boolean {
  return locations.length === 0 || locations.some((l) => l.file === ownFile && l.kind === "path" && l.versionPath[0] === "components");
}

/**
 * The new text of every file that pins a moving component. A pin whose location stores no commit
 * gets only its version. Throws `PinEditError` when a file cannot be edited without touching
 * anything else (an aliased value).
 */
export function editEnvironmentPins(opts: { pins: EnvironmentPins; changes: Record<string, Pin> }): Record<string, string> {
  const byFile = new Map<string, { location: PinLocation; pin: Pin }[]>();
  for (const [component, pin] of Object.entries(opts.changes)) {
    const pinned = opts.pins.pinned[component];
    if (!pinned) continue;
    const stored = pinned.location.kind === "path" && pinned.location.commitPath ? pin : { version: pin.version };
    byFile.set(pinned.file, [...(byFile.get(pinned.file) ?? []), { location: pinned.location, pin: stored }]);
  }
  const out: Record<string, string> = {};
  for (const [file, edits] of byFile) {
    const text = opts.pins.files[file];
    if (typeof text !== "string") continue;
    const edited = editPinFile({ file, text, edits });
    if (edited !== text) out[file] = edited;
  }
  return out;
}
