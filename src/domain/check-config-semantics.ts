/**
 * Checks a schema-valid config for what a schema cannot see: unknown or cyclic `from`,
 * bad cron expressions and time zones, shared environment files, impossible version schemes,
 * and pins (components.<name>.pin): unknown placeholders, unreadable formats, `image` outside a
 * Kustomization, `image` beside version paths, two components or environments pinned at the same place.
 * A component's problems have the key components.<name>.<field> (parseConfig then leaves it out).
 */
import { Cron } from "croner";
import { closestMatch } from "./closest-match.js";
import { CONFIG_FILE, envFileOf, type Config } from "./config-schema.js";
import { ENVIRONMENT_PLACEHOLDER, formatPinPath, pinLocationsOf, substituteEnvironment, type PinLocation } from "./pin-locations.js";
import { keyOf, type ConfigProblem, type ProblemPath } from "./config-problem.js";

export interface CheckConfigSemanticsOptions {
  config: Config;
  /** Default: .github/release-bot.yml */
  file?: string;
  /** Environments present in the file but invalid (already reported): `from` naming them is not "unknown". */
  invalidEnvironments?: readonly string[];
  lineOf?: (path: ProblemPath) => number | undefined;
}

/** Why a 5-field cron expression is invalid, or null when it is fine. */
export function cronError(expression: string): string | null {
  if (expression.trim().split(/\s+/).length !== 5) return "a cron expression needs exactly 5 fields (minute hour day-of-month month day-of-week)";
  try {
    new Cron(expression, { paused: true });
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, "");
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every `from` cycle, each listed once from its first member in `names` order ("a", "b", "a"), keyed by
 * that member. Each environment is walked once: linear in the number of environments.
 */
function fromCycles(names: readonly string[], environments: Config["environments"]): Map<string, string[]> {
  const order = new Map(names.map((name, i) => [name, i]));
  const done = new Set<string>();
  const cycles = new Map<string, string[]>();
  for (const start of names) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let cursor: string | undefined = start;
    while (cursor !== undefined && cursor !== "builds" && environments[cursor] && !done.has(cursor)) {
      if (onPath.has(cursor)) {
        const members = path.slice(onPath.get(cursor));
        const first = members.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
        const at = members.indexOf(first);
        const rotated = [...members.slice(at), ...members.slice(0, at)];
        cycles.set(first, [...rotated, first]);
        break;
      }
      onPath.set(cursor, path.length);
      path.push(cursor);
      cursor = environments[cursor].from;
    }
    for (const name of path) done.add(name);
  }
  return cycles;
}

/** The first few names, joined, and how many more: messages stay short however many environments there are. */
function someOf(names: readonly string[], separator = ", ", max = 10): string {
  return names.length <= max ? names.join(separator) : `${names.slice(0, max).join(separator)}${separator}${names.length - max} more`;
}

/** At most this many "did you mean" guesses per check: each compares a name with every environment. */
const MAX_GUESSES = 100;

export function checkConfigSemantics(opts: CheckConfigSemanticsOptions): ConfigProblem[] {
  const { config } = opts;
  const file = opts.file ?? CONFIG_FILE;
  const invalid = new Set(opts.invalidEnvironments ?? []);
  const problems: ConfigProblem[] = [];
  const add = (path: ProblemPath, message: string, fix: string, environments: string[] | "all") => {
    const line = opts.lineOf?.(path);
    problems.push({ file, key: keyOf(path), message, fix, environments, ...(line ? { line } : {}) });
  };
  const envNames = Object.keys(config.environments);

  if (!isValidTimeZone(config.timezone)) {
    const scheduled = envNames.filter((name) => config.environments[name].schedule);
    add(
      ["timezone"],
      `"${config.timezone}" is not an IANA time zone`,
      'set timezone to an IANA name such as "Europe/Rome", "America/New_York" or "UTC"',
      config.freeze?.length ? "all" : scheduled,
    );
  }

  const cycles = fromCycles(envNames, config.environments);
  let guesses = 0;
  for (const name of envNames) {
    const env = config.environments[name];
    if (env.from !== "builds" && !config.environments[env.from] && !invalid.has(env.from)) {
      const guess = guesses++ < MAX_GUESSES ? closestMatch({ input: env.from, candidates: envNames.filter((n) => n !== name) }) : undefined;
      add(
        ["environments", name, "from"],
        `environment "${name}" copies versions from "${env.from}", which is not an environment`,
        guess ? `set environments.${name}.from to "${guess}"` : `set environments.${name}.from to "builds" or one of: ${someOf(envNames.filter((n) => n !== name)) || "(no other environments)"}`,
        [name],
      );
    }
    const cycle = cycles.get(name);
    if (cycle) {
      add(
        ["environments", name, "from"],
        `environments copy versions from each other in a cycle: ${cycle.join(" → ")}`,
        `make one of ${cycle.slice(0, -1).map((n) => `environments.${n}.from`).join(", ")} "builds" or an environment outside the cycle`,
        cycle.slice(0, -1),
      );
    }
    if (env.schedule !== undefined) {
      const error = cronError(env.schedule);
      if (error) {
        add(
          ["environments", name, "schedule"],
          `schedule "${env.schedule}" is not a valid cron expression: ${error}`,
          `set environments.${name}.schedule to 5 fields "minute hour day-of-month month day-of-week", e.g. "0 9 * * 1-5" (09:00 on weekdays)`,
          [name],
        );
      }
    }
  }

  // An environment whose file no component reads (every pin names its own file) shares nothing.
  const readsOwnFile = (name: string) => {
    const file = envFileOf(name, config.environments[name]);
    return Object.values(config.components).some((c) => c.pin?.file === undefined || substituteEnvironment(c.pin.file, name) === file);
  };
  const byFile = new Map<string, string[]>();
  for (const name of envNames.filter(readsOwnFile)) {
    const path = envFileOf(name, config.environments[name]);
    const sharing = byFile.get(path);
    if (sharing) sharing.push(name);
    else byFile.set(path, [name]);
  }
  for (const [path, names] of byFile) {
    if (names.length < 2) continue;
    add(
      ["environments", names[1], "file"],
      `environments ${someOf(names.map((n) => `"${n}"`), " and ")} share the file ${path}`,
      `give each environment its own file, e.g. environments.${names[1]}.file: environments/${names[1]}.yml`,
      names,
    );
  }

  for (const [name, component] of Object.entries(config.components)) {
    if (component.version === "run-number" && "checks" in component.build) {
      add(
        ["components", name, "version"],
        `component "${name}" uses version: run-number, but its builds are found by checks, which have no run number`,
        `set components.${name}.version to "sha" or "tag", or find builds with build.workflow`,
        [],
      );
    }
  }

  checkPins({ config, add });

  for (const [index, freeze] of (config.freeze ?? []).entries()) {
    for (const env of freeze.environments ?? []) {
      if (config.environments[env] || invalid.has(env)) continue;
      const guess = guesses++ < MAX_GUESSES ? closestMatch({ input: env, candidates: envNames }) : undefined;
      add(
        ["freeze", index, "environments"],
        `freeze lists "${env}", which is not an environment`,
        guess ? `replace "${env}" with "${guess}"` : `remove "${env}" from freeze[${index}].environments`,
        "all",
      );
    }
    if ("cron" in freeze) {
      const error = cronError(freeze.cron);
      if (error) add(["freeze", index, "cron"], `freeze cron "${freeze.cron}" is not valid: ${error}`, `set freeze[${index}].cron to 5 fields, e.g. "0 18 * * 5" (Fridays 18:00)`, "all");
    } else if (freeze.from > freeze.to) {
      add(["freeze", index, "to"], `freeze ends (${freeze.to}) before it starts (${freeze.from})`, `swap freeze[${index}].from and freeze[${index}].to`, "all");
    }
  }
  return problems;
}

/** File names kustomize reads as a Kustomization. */
const KUSTOMIZATION = /(?:^|\/)(?:kustomization\.ya?ml|Kustomization)$/;
/** Extensions release-bot reads: YAML, JSON, or none (Kustomization). */
const READABLE = /(?:^|\/)(?:[^/.]+|[^/]*\.(?:ya?ml|json))$/i;

type Add = (path: (string | number)[], message: string, fix: string, environments: string[]) => void;

function checkPins(opts: { config: Config; add: Add }): void {
  const { config, add } = opts;
  const envNames = Object.keys(config.environments);
  for (const [name, component] of Object.entries(config.components)) {
    const pin = component.pin;
    if (!pin) continue;
    const key = ["components", name, "pin"];
    if (pin.image !== undefined && (pin.version !== undefined || pin.commit !== undefined)) {
      add(key, `component "${name}" pins a Kustomize image and ${pin.version !== undefined ? "a version" : "a commit"} path at once`, `remove pin.${pin.version !== undefined ? "version" : "commit"} from components.${name} (a Kustomize pin's version is the image's newTag), or remove pin.image to pin a dotted path`, []);
      continue;
    }
    if (pin.version !== undefined && pin.commit === pin.version) {
      add(key, `component "${name}" pins its version and its commit at the same path ${pin.version}`, `point components.${name}.pin.commit at the commit's own key, or remove it`, []);
    }
    if (pin.file !== undefined) {
      const placeholder = [...pin.file.matchAll(/\{[^}]*\}/g)].map((m) => m[0]).find((p) => p !== ENVIRONMENT_PLACEHOLDER);
      if (placeholder) {
        add(key, `pin.file "${pin.file}" of component "${name}" has the placeholder ${placeholder}; only ${ENVIRONMENT_PLACEHOLDER} is replaced`, `write ${ENVIRONMENT_PLACEHOLDER} instead of ${placeholder} in components.${name}.pin.file`, []);
        continue;
      }
      if (!READABLE.test(pin.file)) {
        add(key, `pin.file "${pin.file}" of component "${name}" is neither YAML nor JSON`, `point components.${name}.pin.file at a .yaml, .yml or .json file: release-bot reads no other format`, []);
        continue;
      }
    }
    if (pin.image === undefined) continue;
    if (pin.file !== undefined && !KUSTOMIZATION.test(pin.file)) {
      add(key, `component "${name}" pins the Kustomize image ${pin.image} in ${pin.file}, which is not a Kustomization`, `set components.${name}.pin.file to the overlay's kustomization.yaml, e.g. "overlays/${ENVIRONMENT_PLACEHOLDER}/kustomization.yaml", or pin a dotted path with pin.version instead of pin.image`, []);
    } else if (pin.file === undefined) {
      // Environments without a file of their own are reported once, by checkEnvironmentFiles.
      const outside = envNames.filter((env) => config.environments[env].file !== undefined && !KUSTOMIZATION.test(envFileOf(env, config.environments[env])));
      if (outside.length > 0) {
        const env = outside[0];
        add(
          key,
          `component "${name}" pins the Kustomize image ${pin.image} without pin.file, so it is read from the file of environment${outside.length > 1 ? "s" : ""} ${someOf(outside.map((e) => `"${e}"`), " and ")}, and ${envFileOf(env, config.environments[env])} is not a Kustomization`,
          `set components.${name}.pin.file to the overlay, e.g. "overlays/${ENVIRONMENT_PLACEHOLDER}/kustomization.yaml", or set environments.${env}.file to its kustomization.yaml`,
          outside,
        );
      }
    }
  }
  checkEnvironmentFiles({ config, add });
  checkPinCollisions({ config, add });
}

/**
 * An environment needs no `file` when every component's pin names its own. A pin that reads the environment's
 * file in another layout (a dotted path, an image) needs that file named: the default environments/<name>.yml
 * is the bot's own format, and a Chef path or Kustomize image read from it is a forgotten `file`.
 */
function checkEnvironmentFiles(opts: { config: Config; add: Add }): void {
  const { config, add } = opts;
  const relying = Object.entries(config.components)
    .filter(([, c]) => c.pin && c.pin.file === undefined && (c.pin.version !== undefined || c.pin.commit !== undefined || c.pin.image !== undefined))
    .map(([name]) => name);
  if (relying.length === 0) return;
  for (const [env, environment] of Object.entries(config.environments)) {
    if (environment.file !== undefined) continue;
    add(
      ["environments", env, "file"],
      `environment "${env}" sets no file, but the pin of ${someOf(relying.map((n) => `"${n}"`), " and ")} reads its version from the environment's file in a layout of its own`,
      `set environments.${env}.file to the file that pins ${relying.length > 1 ? "them" : "it"} (e.g. environments/${env}.json for a Chef environment), or set components.${relying[0]}.pin.file`,
      [env],
    );
  }
}

/** Every value a location writes (its version, and its commit when it stores one), as comparable places. */
function placesOf(location: PinLocation): { place: string; where: string }[] {
  if (location.kind === "kustomize") return [{ place: `${location.file}\0image\0${location.image}`, where: whereOf(location) }];
  const paths = [location.versionPath, ...(location.commitPath ? [location.commitPath] : [])];
  return paths.map((path) => ({ place: `${location.file}\0path\0${formatPinPath(path)}`, where: `${location.file} ${formatPinPath(path)}` }));
}

function whereOf(location: PinLocation): string {
  return `${location.file} ${location.kind === "kustomize" ? `image ${location.image}` : formatPinPath(location.versionPath)}`;
}

/** Two components, or one component in two environments, pinned at the same place: one release would move both. */
function checkPinCollisions(opts: { config: Config; add: Add }): void {
  const { config, add } = opts;
  const first = new Map<string, { environment: string; location: PinLocation }>();
  const sharedAcross = new Map<string, { environments: Set<string>; where: string }>();
  const reportedPairs = new Set<string>();
  for (const environment of Object.keys(config.environments)) {
    for (const location of pinLocationsOf({ config, environment })) {
      for (const { place, where } of placesOf(location)) {
        const seen = first.get(place);
        if (!seen) {
          first.set(place, { environment, location });
          continue;
        }
        // A location's own version and commit at one path is its own problem (checked with the pin).
        if (seen.location === location) continue;
        // Environments that share their own file are reported once, as "share the file".
        if (seen.location.environmentFile && location.environmentFile && seen.environment !== environment) continue;
        if (seen.location.component === location.component) {
          const shared = sharedAcross.get(location.component) ?? { environments: new Set([seen.environment]), where };
          shared.environments.add(environment);
          sharedAcross.set(location.component, shared);
          continue;
        }
        const pair = `${seen.location.component}\0${location.component}`;
        if (reportedPairs.has(pair)) continue;
        reportedPairs.add(pair);
        add(
          ["components", location.component, "pin"],
          `components "${seen.location.component}" and "${location.component}" are both pinned at ${where}${seen.environment === environment ? ` in environment "${environment}"` : ""}: releasing one would move the other`,
          `give components.${location.component}.pin its own ${location.kind === "kustomize" ? "image" : "version and commit paths"} or file`,
          [...new Set([seen.environment, environment])],
        );
      }
    }
  }
  for (const [component, shared] of sharedAcross) {
    const names = [...shared.environments];
    add(
      ["components", component, "pin"],
      `environments ${someOf(names.map((n) => `"${n}"`), " and ")} all pin component "${component}" at ${shared.where}: releasing one would deploy the others`,
      `put ${ENVIRONMENT_PLACEHOLDER} in components.${component}.pin.file, e.g. "deploy/${ENVIRONMENT_PLACEHOLDER}/values.yaml"`,
      names,
    );
  }
}
