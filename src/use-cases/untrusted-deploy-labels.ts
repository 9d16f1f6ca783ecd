import { DEPLOY_LABEL_PREFIX } from "../domain/deploy-targets.js";
import type { GitHubPort, Permission } from "../github/github-port.js";

const WRITERS: Permission[] = ["admin", "maintain", "write"];

export interface UntrustedLabel {
  label: string;
  /** Who last added it ("" when GitHub names nobody). */
  actor: string;
  permission: Permission;
}

/**
 * The `deploy/<env>` labels on a PR that no writer added: for each, the newest `labeled` event
 * names who added it, and only a user with write access to the ops repo counts. One read of
 * the PR's events, one permission read per distinct adder.
 */
export async function untrustedDeployLabels(opts: { github: GitHubPort; repo: string; number: number; labels: string[] }): Promise<UntrustedLabel[]> {
  const deployLabels = opts.labels.filter((l) => l.slice(0, DEPLOY_LABEL_PREFIX.length).toLowerCase() === DEPLOY_LABEL_PREFIX);
  if (deployLabels.length === 0) return [];
  const events = await opts.github.pulls.listLabelEvents(opts.repo, opts.number);
  const adderOf = (label: string): string => events.filter((e) => e.event === "labeled" && e.label === label).at(-1)?.actor ?? "";
  const permissions = new Map<string, Permission>();
  const out: UntrustedLabel[] = [];
  for (const label of deployLabels) {
    const actor = adderOf(label);
    if (actor && !permissions.has(actor)) permissions.set(actor, await opts.github.repos.getPermission(opts.repo, actor));
    const permission = actor ? permissions.get(actor)! : "none";
    if (!WRITERS.includes(permission)) out.push({ label, actor, permission });
  }
  return out;
}
