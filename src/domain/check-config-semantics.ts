/**
 * Checks a schema-valid config for what a schema cannot see: unknown or cyclic `from`,
 * bad cron expressions and time zones, shared environment files, impossible version schemes.
 */
import { Cron } from "croner";
import { closestMatch } from "./closest-match.js";
import { CONFIG_FILE, envFileOf, type Config } from "./config-schema.js";
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

  const byFile = new Map<string, string[]>();
  for (const name of envNames) {
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
