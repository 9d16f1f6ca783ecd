/**
 * The last plan of each environment's open release PR, kept by the process that made it, so a refresh
 * after one component's build plans only that component again (release-environment.ts). A kept plan is
 * used only while it still is what GitHub shows: the default branch is at the head it was planned on
 * (so every other pin is unchanged) and the open PR's body is exactly the body rendered from it (so nobody
 * edited it and no other process refreshed it since). Anything else plans the whole environment again.
 * Bounded: the oldest plans go first.
 */
import type { ComponentChange, SkippedComponent } from "../domain/types.js";

export interface KeptPlan {
  /** Default-branch head the plan was made on. */
  head: string;
  /** The PR body rendered from it. */
  body: string;
  changes: ComponentChange[];
  skipped: SkippedComponent[];
}

/** Environments kept: a plan of 200 components × 600 commits is tens of megabytes at most. */
export const KEPT_PLANS = 64;

export class ReleasePlanCache {
  private readonly plans = new Map<string, KeptPlan>();

  constructor(private readonly capacity = KEPT_PLANS) {}

  /** The plan kept for this ops repo's environment, if it still matches `head` and `body`. */
  current(opts: { repo: string; environment: string; head: string; body: string | undefined }): KeptPlan | undefined {
    const key = `${opts.repo.toLowerCase()}:${opts.environment}`;
    const plan = this.plans.get(key);
    if (!plan) return undefined;
    if (plan.head !== opts.head || plan.body !== opts.body) {
      this.plans.delete(key);
      return undefined;
    }
    return plan;
  }

  keep(opts: { repo: string; environment: string; plan: KeptPlan }): void {
    const key = `${opts.repo.toLowerCase()}:${opts.environment}`;
    this.plans.delete(key);
    this.plans.set(key, opts.plan);
    for (const oldest of this.plans.keys()) {
      if (this.plans.size <= this.capacity) break;
      this.plans.delete(oldest);
    }
  }

  forget(opts: { repo: string; environment: string }): void {
    this.plans.delete(`${opts.repo.toLowerCase()}:${opts.environment}`);
  }
}
