/**
 * Which environments a merged ops-repo PR deploys: its head branch (`release-<env>`, `rollback-<env>`)
 * and its `deploy/<env>` labels. Pure: the use case passes the PR's head ref, labels and the configured environments.
 */

export type DeployKind = "release" | "rollback" | "label" | "none";

export interface DeployTargets {
  kind: DeployKind;
  /** Known environments to deploy, deduplicated, head-derived first, then labels in their order. */
  environments: string[];
  /** Names that are not configured environments (say so on the PR; nothing is deployed for them). */
  unknown: string[];
}

export const RELEASE_BRANCH_PREFIX = "release-";
export const ROLLBACK_BRANCH_PREFIX = "rollback-";
export const DEPLOY_LABEL_PREFIX = "deploy/";

/** The configured name for `name`: exact match first, else the one configured name equal ignoring case. */
function resolve(name: string, known: string[]): string | null {
  if (known.includes(name)) return name;
  const folded = known.filter((k) => k.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : null;
}

function headTarget(headRef: string): { kind: "release" | "rollback"; name: string } | null {
  const branch = headRef.replace(/^refs\/heads\//, "");
  for (const [kind, prefix] of [["release", RELEASE_BRANCH_PREFIX], ["rollback", ROLLBACK_BRANCH_PREFIX]] as const) {
    if (branch.startsWith(prefix) && branch.length > prefix.length) return { kind, name: branch.slice(prefix.length) };
  }
  return null;
}

/**
 * Head `release-<env>` → kind release; `rollback-<env>` → kind rollback; otherwise `deploy/<env>` labels → kind label.
 * A head-derived environment is merged with the label environments. Label prefixes match ignoring case (GitHub labels do).
 * The head branch counts only with `trustHead` (the bot opened the PR from a branch of the ops repo): anyone can name a branch.
 */
export function deployTargets(opts: { headRef: string; labels: string[]; knownEnvironments: string[]; trustHead: boolean }): DeployTargets {
  const head = opts.trustHead ? headTarget(opts.headRef) : null;
  const names = [
    ...(head ? [head.name] : []),
    ...opts.labels
      .filter((label) => label.slice(0, DEPLOY_LABEL_PREFIX.length).toLowerCase() === DEPLOY_LABEL_PREFIX)
      .map((label) => label.slice(DEPLOY_LABEL_PREFIX.length).trim())
      .filter(Boolean),
  ];
  const environments: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const known = resolve(name, opts.knownEnvironments);
    if (known !== null) {
      if (!environments.includes(known)) environments.push(known);
    } else if (!unknown.includes(name)) unknown.push(name);
  }
  const kind: DeployKind = head ? head.kind : names.length > 0 ? "label" : "none";
  return { kind, environments, unknown };
}

/** `production`, `prod`, `<client>-production`, `<client>-prod` (ignoring case): GitHub's `production_environment`. */
export function isProductionLike(env: string): boolean {
  return /^(?:.+-)?prod(?:uction)?$/i.test(env);
}
