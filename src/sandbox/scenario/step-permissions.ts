/**
 * Scenario steps act as people do on GitHub, so they are held to the acting user's repository
 * role as GitHub holds them: a private repository does not exist for someone without access (404);
 * labelling and closing others' issues needs triage, merging, pushing a branch and deploying need
 * write (403). Anyone may comment on and open fork PRs against a public repository. App bot
 * accounts (`<slug>[bot]`) act through their installation, not a role, and pass.
 */
import { ApiError, forbidden, notFound } from "../world/api-error.js";
import { appForLogin } from "../world/app-profiles.js";
import type { Permission } from "../world/records.js";
import type { Repository } from "../world/repository.js";
import type { World } from "../world/world.js";

export type StepAction = "comment" | "label" | "close" | "merge" | "push-branch" | "fork-pull" | "deploy";

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

const NEEDS: Record<StepAction, { role: Permission; doing: string; answer: () => ApiError }> = {
  comment: { role: "read", doing: "commenting", answer: notFound },
  "fork-pull": { role: "read", doing: "opening a pull request from a fork", answer: notFound },
  label: { role: "triage", doing: "adding or removing labels", answer: () => forbidden("Must have admin rights to Repository.") },
  close: { role: "triage", doing: "closing someone else's issue", answer: () => forbidden("Must have admin rights to Repository.") },
  merge: { role: "write", doing: "merging a pull request", answer: () => forbidden("Must have admin rights to Repository.") },
  deploy: { role: "write", doing: "creating deployments and their statuses", answer: () => forbidden("Must have admin rights to Repository.") },
  "push-branch": { role: "write", doing: "pushing a branch", answer: () => forbidden("Permission to {repo}.git denied to {user}.") },
};

/** A step GitHub would refuse: its status and body are what GitHub answers. */
export class StepRefused extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;

  constructor(step: string, answer: ApiError, why: string) {
    super(`${step}: GitHub answers ${answer.status} "${String(answer.body.message)}": ${why}`);
    this.name = "StepRefused";
    this.status = answer.status;
    this.body = answer.body;
  }
}

/** The role GitHub gives `login` on `repo`: its collaborator role, at least read on a public repository. */
export function effectiveRole(repo: Repository, login: string): Permission {
  const role = repo.permissionOf(login);
  return !repo.private && RANK[role] < RANK.read ? "read" : role;
}

/** Throws StepRefused when `login` may not do `action` on `repo`. */
export function requireStepPermission(world: World, opts: { step: string; repo: Repository; user: string; action: StepAction }): void {
  if (appForLogin(world, opts.user)) return;
  const need = NEEDS[opts.action];
  const role = effectiveRole(opts.repo, opts.user);
  if (RANK[role] >= RANK[need.role]) return;
  const answer = role === "none" && opts.repo.private ? notFound() : need.answer();
  if (typeof answer.body.message === "string") {
    answer.body.message = answer.body.message.replace("{repo}", opts.repo.fullName).replace("{user}", opts.user);
  }
  const has = role === "none" ? `${opts.user} has no access to the private repository ${opts.repo.fullName}` : `${opts.user} has ${role} access to ${opts.repo.fullName}`;
  throw new StepRefused(opts.step, answer, `${has}; ${need.doing} needs ${need.role}`);
}
