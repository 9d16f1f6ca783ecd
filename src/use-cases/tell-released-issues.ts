import { transitionsOf } from "../domain/config-schema.js";
import type { DeploymentPayload } from "../domain/deployment-payload.js";
import { planIssueTransition } from "../domain/plan-issue-transition.js";
import { deployMarker, hasMarker, renderIssueReleasedComment } from "../domain/render-deploy-feedback.js";
import { mergerCannotTriageReason, mergerUnknownReason, unreachableIssueReason } from "../domain/render-deploy-refusals.js";
import type { IssueRef } from "../domain/types.js";
import { GitHubError, issueKey, type GitHubPort, type IssueState, type Permission } from "../github/github-port.js";
import { isTransientFailure, RetryLaterError } from "./read-failed.js";
import { asFanOut, isContentBudgetDeferral } from "../github/content-budget.js";
import { describeError } from "./describe-error.js";
import type { LoadedConfig } from "./load-ops-config.js";

export interface FanOutResult {
  commented: number;
  skipped: { ref: IssueRef; reason: string }[];
}

/** The roles that may label and close an issue on GitHub: the bot does so only on behalf of a merger who has one. */
const TRIAGERS: Permission[] = ["admin", "maintain", "write", "triage"];

/**
 * Why the bot tells no issue of `repo` for this deployment, or null when the merger may triage its issues. Any repo
 * with a config is an ops repo, and its admin can merge a release there, so the deployment alone proves nothing
 * about the component repos: the bot comments on, relabels and closes only issues the person who merged could
 * triage. The comment too: it says in the bot's voice that the issue shipped and how its labels moved.
 */
async function refusal(opts: { repo: string; pull: number; mergedBy?: string; permissionOf: (repo: string, user: string) => Promise<Permission> }): Promise<string | null> {
  if (!opts.mergedBy) return mergerUnknownReason({ repo: opts.repo, pull: opts.pull });
  const permission = await opts.permissionOf(opts.repo, opts.mergedBy);
  if (TRIAGERS.includes(permission)) return null;
  return mergerCannotTriageReason({ mergedBy: opts.mergedBy, pull: opts.pull, permission, repo: opts.repo });
}

/**
 * After a successful deploy: one comment on every referenced issue and its label transition, for the issues whose
 * repo the merger may triage (the others are skipped, with the reason).
 * Serialized (one issue at a time), paced by the installation's content budget (content-budget.ts: it runs as
 * a fan-out, within its share of 80 a minute / 500 an hour, leaving a reserve for interactive work), resumable:
 * an issue that already has this deployment's comment is not commented again, and labels are compared before
 * they are changed. A run that the budget defers (its share used up, or the run bound reached so the lock it
 * holds is released in time) stops with a `RetryLaterError`: no done record is written, and the reconciler
 * resumes it at a later pass.
 */
export function tellReleasedIssues(opts: Parameters<typeof tellAll>[0]): Promise<FanOutResult> {
  return asFanOut(() => tellAll(opts)).catch((error: unknown) => {
    if (isContentBudgetDeferral(error)) throw new RetryLaterError({ message: `telling the released issues is paused by the content budget; it resumes later (${describeError(error)})`, cause: error });
    throw error;
  });
}

async function tellAll(opts: {
  github: GitHubPort;
  loaded: LoadedConfig;
  deployment: { id: number; createdAt: string };
  payload: DeploymentPayload;
  issues: IssueRef[];
  githubUrl: string;
}): Promise<FanOutResult> {
  const { github, loaded, payload } = opts;
  const transitions = transitionsOf(loaded.parsed.config, payload.environment);
  const marker = deployMarker("issue", opts.deployment.id);
  const result: FanOutResult = { commented: 0, skipped: [] };
  // One batched read of every issue's state, labels and latest comments; REST only where GraphQL can't resolve one.
  const states = await github.issues.getIssueStates(opts.issues).catch(() => ({}) as Record<string, IssueState | null>);
  // One permission read per repo (GitHub compares names ignoring case), only once one of its issues was read.
  const permissions = new Map<string, Promise<Permission>>();
  const permissionOf = (repo: string, user: string): Promise<Permission> => {
    const key = repo.toLowerCase();
    if (!permissions.has(key)) permissions.set(key, github.repos.getPermission(repo, user));
    return permissions.get(key)!;
  };
  for (const ref of opts.issues) {
    try {
      // Read first: an issue the app cannot reach is reported as such, whoever merged.
      const issue = states[issueKey(ref)] ?? (await readIssueState({ github, ref, since: opts.deployment.createdAt }));
      const refused = await refusal({ repo: ref.repo, pull: payload.pull, mergedBy: payload.mergedBy, permissionOf });
      if (refused) {
        result.skipped.push({ ref, reason: refused });
        continue;
      }
      const plan = planIssueTransition({ labels: issue.labels, transitions });
      if (!issue.ownComments.some((body) => hasMarker(body, marker))) {
        await github.issues.createComment({
          repo: ref.repo,
          number: ref.number,
          body: renderIssueReleasedComment({
            environment: payload.environment,
            deploymentId: opts.deployment.id,
            components: payload.components,
            pull: { repo: loaded.ops.repo, number: payload.pull },
            links: loaded.parsed.config.links,
            githubUrl: opts.githubUrl,
            transition: { added: plan.add, removed: plan.remove, closed: plan.close && issue.state === "open" },
          }),
        });
        result.commented++;
      }
      // Add before removing: a crash in between leaves both labels, and the next attempt only removes.
      await github.issues.addLabels({ repo: ref.repo, number: ref.number, labels: plan.add });
      for (const label of plan.remove) await github.issues.removeLabel({ repo: ref.repo, number: ref.number, label });
      if (plan.close && issue.state === "open") await github.issues.closeIssue({ repo: ref.repo, number: ref.number });
    } catch (error) {
      // GitHub's trouble (5xx, timeout, rate limit) is no reason to skip an issue: the fan-out stops before its
      // done record, and the redelivery or the reconciler resumes it, telling nobody twice (the marker above).
      if (isTransientFailure(error)) throw error;
      if (error instanceof GitHubError && (error.kind === "not-found" || error.kind === "forbidden")) {
        result.skipped.push({ ref, reason: unreachableIssueReason({ repo: ref.repo, status: error.status ?? error.kind }) });
        continue;
      }
      result.skipped.push({ ref, reason: describeError(error) });
    }
  }
  return result;
}

async function readIssueState(opts: { github: GitHubPort; ref: IssueRef; since: string }): Promise<IssueState> {
  const issue = await opts.github.issues.getIssue(opts.ref.repo, opts.ref.number);
  const comments = await opts.github.issues.listComments(opts.ref.repo, opts.ref.number, opts.since);
  return { state: issue.state, labels: issue.labels, ownComments: comments.filter((c) => c.byApp).map((c) => c.body) };
}
