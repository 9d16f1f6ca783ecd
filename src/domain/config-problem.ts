/** One thing wrong with the bot's config or an environment file, phrased for the people who can fix it. */
export interface ConfigProblem {
  /** Path of the file in the ops repo. */
  file: string;
  /** Dotted path of the offending key, e.g. "environments.demo.from" ("" for the whole file). */
  key: string;
  message: string;
  /** A concrete change that fixes it. */
  fix: string;
  /**
   * Environments this problem stops from releasing. "all" for problems that make the whole file unusable.
   * An empty list means "none by itself": e.g. an invalid component blocks only the environments whose file lists it,
   * which `checkEnvFile` reports when that file is read.
   */
  environments: string[] | "all";
  /** 1-based line in `file`, when known. */
  line?: number;
}

export type ProblemPath = readonly (string | number)[];

export function keyOf(path: ProblemPath): string {
  return path.map(String).join(".");
}
