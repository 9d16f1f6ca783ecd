/**
 * Membership: what one environment pins, from its pin locations (pinLocationsOf) and the texts of their files.
 *
 * - An environment releases the components whose pin exists in its file(s).
 * - A file shared by several components (the environment's own file, an umbrella Helm values file) lists
 *   only some of them: a component missing from it is simply not in this environment.
 * - A file that only one component's pin names (one Kustomize overlay per component and environment) is that
 *   component's: when the file exists, the pin must be in it; a missing path or image is a problem naming the
 *   file and the path. When the file does not exist, the component is not in this environment.
 * - The environment's own file must exist when any component is pinned in it (as before pins existed).
 * - A file that cannot be read (syntax, bounds) is one problem; a value of the wrong type is one per component.
 * Every problem blocks this environment. Integration: read each of `filesOf(locations)` at the ops repo's
 * head (`null` when absent), and pass them all; for the bot's own format, also keep running parseEnvFile +
 * checkEnvFile on the environment's file for its typo and unknown-component checks. With every environment's
 * state at hand (the config check run), `pinsResolvingNowhere` reports pins that match in no environment.
 */
import { CONFIG_FILE, type Config } from "./config-schema.js";
import type { ConfigProblem } from "./config-problem.js";
import { describePinLocation, filesOf, type PinLocation } from "./pin-locations.js";
import { readPinFile } from "./pin-file.js";

export interface PinnedComponent {
  version: string;
  /** Absent when the file stores only the version: find it from the version (run number, tag or sha). */
  commit?: string;
  file: string;
  location: PinLocation;
  /** 1-based line of the version in `file`. */
  line?: number;
}

export interface PinnedState {
  /** component → its pin, for the components this environment releases. */
  pinned: Record<string, PinnedComponent>;
  /** component → why it is not in this environment (not a problem), for status and debugging. */
  notPinned: Record<string, string>;
  problems: ConfigProblem[];
}

export interface PinnedStateOfOptions {
  environment: string;
  locations: readonly PinLocation[];
  /** Text of every file of `filesOf(locations)`; null when the file does not exist in the ops repo. */
  files: Readonly<Record<string, string | null>>;
}

export function pinnedStateOf(opts: PinnedStateOfOptions): PinnedState {
  const { environment, locations } = opts;
  const environments = [environment];
  const state: PinnedState = { pinned: {}, notPinned: {}, problems: [] };
  const usersOf = new Map<string, number>();
  for (const location of locations) usersOf.set(location.file, (usersOf.get(location.file) ?? 0) + 1);
  for (const file of filesOf(locations)) {
    const text = opts.files[file];
    if (text === undefined) throw new Error(`pinnedStateOf: ${file} was not read`);
    const here = locations.filter((location) => location.file === file);
    if (text === null) {
      if (here.some((location) => location.environmentFile)) {
        state.problems.push({
          file,
          key: "(file)",
          message: `the environment file of "${environment}" does not exist`,
          fix: `create ${file} pinning each component's version, set environments.${environment}.file in .github/release-bot.yml, or give every component a pin.file`,
          environments,
        });
      }
      for (const location of here) state.notPinned[location.component] = `${file} does not exist`;
      continue;
    }
    const read = readPinFile({ file, text, locations: here });
    if (!read.ok) {
      state.problems.push({ file, ...read.problem, environments });
      continue;
    }
    for (const [index, location] of here.entries()) {
      const result = read.results[index];
      if (result.status === "pinned") {
        state.pinned[location.component] = { ...result.pin, file, location, ...(result.line ? { line: result.line } : {}) };
      } else if (result.status === "problem") {
        state.problems.push({ file, ...result.problem, environments });
      } else if (!location.environmentFile && usersOf.get(file) === 1) {
        const where = describePinLocation(location);
        state.problems.push({
          file,
          key: location.kind === "kustomize" ? "images" : where,
          message: `${file} exists but does not pin component "${location.component}": ${result.reason}`,
          fix: location.kind === "kustomize"
            ? `add an images entry { name: ${location.image}, newTag: "<version>" } to ${file}, or correct components.${location.component}.pin in .github/release-bot.yml`
            : `add ${where} to ${file}, or correct components.${location.component}.pin in .github/release-bot.yml`,
          environments,
        });
      } else {
        state.notPinned[location.component] = result.reason;
      }
    }
  }
  return state;
}

/**
 * Components with a `pin` that no environment pins (and none reports a problem for): most likely a wrong path,
 * image or file. They block nothing; the report tells whoever wrote the config. Needs every environment's state.
 */
export function pinsResolvingNowhere(opts: { config: Pick<Config, "components">; states: Readonly<Record<string, PinnedState>> }): ConfigProblem[] {
  const states = Object.values(opts.states);
  if (states.length === 0) return [];
  const problems: ConfigProblem[] = [];
  for (const [name, component] of Object.entries(opts.config.components)) {
    if (!component.pin) continue;
    // Neither pinned nor "not pinned" in a state: a problem there already names it.
    if (states.some((state) => state.pinned[name] || state.notPinned[name] === undefined)) continue;
    const reasons = [...new Set(states.map((state) => state.notPinned[name]))];
    problems.push({
      file: CONFIG_FILE,
      key: `components.${name}.pin`,
      message: `the pin of component "${name}" resolves in no environment: ${reasons.slice(0, 3).join("; ")}${reasons.length > 3 ? `; and ${reasons.length - 3} more` : ""}`,
      fix: `correct components.${name}.pin (its file, version path or image) in ${CONFIG_FILE}, or pin ${name} in the environments that deploy it`,
      environments: [],
    });
  }
  return problems;
}
