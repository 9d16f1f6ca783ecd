/**
 * The one answer to "does this environment exist, and may it release, and if not why": every entry point
 * (deploy on merge, `/release`, `/rollback`) asks here, so an environment that is only blocked (say, by a bad
 * cron) is never called unknown, and "known environments" lists every declared one.
 */
import type { ConfigProblem } from "./config-problem.js";
import type { ParsedConfig } from "./parse-config.js";

export type EnvironmentStanding =
  | { kind: "usable" }
  /** Declared, or named by a problem that blocks every environment (a broken file): these problems block it. */
  | { kind: "blocked"; problems: ConfigProblem[] }
  /** Not declared at all; `declared` are the ones that are. */
  | { kind: "unknown"; declared: string[] };

export function environmentStanding(parsed: Pick<ParsedConfig, "config" | "problems" | "declaredEnvironments">, environment: string): EnvironmentStanding {
  if (Object.hasOwn(parsed.config.environments, environment)) return { kind: "usable" };
  const problems = parsed.problems.filter((p) => p.environments === "all" || p.environments.includes(environment));
  if (parsed.declaredEnvironments.includes(environment) || problems.length > 0) return { kind: "blocked", problems };
  return { kind: "unknown", declared: parsed.declaredEnvironments };
}
