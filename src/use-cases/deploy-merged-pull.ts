import { deployTargets, isProductionLike } from "../domain/deploy-targets.js";
import { createDeploymentPayload, deploymentDescription, parseDeploymentPayload } from "../domain/deployment-payload.js";
import { verifiedIssues, type MetadataSeal } from "../domain/metadata-seal.js";
import { parseReleaseMetadata } from "../domain/release-metadata.js";
import {
  foreignBranchRefusal,
  forkRefusal,
  renderBlockedEnvironments,
  renderDispatchFailed,
  renderNotDeployed,
  renderUnknownEnvironments,
  untrustedLabelRefusal,
} from "../domain/render-deploy-refusals.js";
import { GitHubError, type GitHubPort } from "../github/github-port.js";
import { describeError } from "./describe-error.js";
import type { LoadedConfig } from "./load-ops-config.js";
import { latestSuccessfulDeployment } from "./latest-successful-deployment.js";
import { readDeployedComponents, readDeployedIssues } from "./read-deployed-change.js";
import { untrustedDeployLabels } from "./untrusted-deploy-labels.js";
import { environmentStanding } from "../domain/environment-standing.js";

export interface MergedPull {
  number: number;
  headRef: string;
  /** Full name of the head branch's repository (a fork's for fork PRs; null when the fork is gone). */
  headRepo: string | null;
  /** The app opened this PR (its author is the app's bot account). */
  byApp: boolean;
  /** The body at merge: its metadata counts only when sealed by this bot and matching git. */
  body: string;
  labels: string[];
  mergeSha: string;
  mergedBy?: string;
}

const unknownMarker = (pull: number): string => `<!-- release-bot:unknown-environment pull=${pull} -->`;
const refusedMarker = (pull: number): string => `<!-- release-bot:not-deployed pull=${pull} -->`;
const blockedMarker = (pull: number): string => `<!-- release-bot:blocked-environment pull=${pull} -->`;

/**
 * Step 2: a merged `release-<env>` / `rollback-<env>` PR that the bot opened from a branch of the
 * ops repo, or a merged ops-repo PR whose `deploy/<env>` label a writer added, becomes one GitHub
 * Deployment per environment (never two for the same PR and commit). What it deploys is what git
 * shows: the env-file change of the merge, never the PR's (editable) text. A fork PR never deploys.
 */
export async function deployMergedPull(opts: { github: GitHubPort; loaded: LoadedConfig; pull: MergedPull; seal?: MetadataSeal }): Promise<number[]> {
  const { github, loaded, pull } = opts;
  const { config } = loaded.parsed;
  const repo = loaded.ops.repo;
  // Every declared environment resolves a label or branch; one the config blocks is told as blocked, never as unknown.
  const known = loaded.parsed.declaredEnvironments;
  const fromOpsRepo = pull.headRepo === repo;
  const trustHead = fromOpsRepo && pull.byApp;
  // What the PR looks like it asks for, before anything is trusted: used only to say why it is not done.
  const asked = deployTargets({ headRef: pull.headRef, labels: pull.labels, knownEnvironments: known, trustHead: true });
  if (asked.kind === "none") return [];

  const refusals: string[] = [];
  let labels = pull.labels;
  if (!fromOpsRepo) {
    refusals.push(forkRefusal({ headRepo: pull.headRepo, repo }));
    labels = [];
  } else if (!trustHead && asked.kind !== "label") {
    refusals.push(foreignBranchRefusal(pull.headRef));
  }
  if (fromOpsRepo && labels.length > 0) {
    const untrusted = await untrustedDeployLabels({ github, repo, number: pull.number, labels: pull.labels });
    labels = pull.labels.filter((l) => !untrusted.some((u) => u.label === l));
    refusals.push(...untrusted.map(untrustedLabelRefusal));
  }
  const resolved = deployTargets({ headRef: pull.headRef, labels, knownEnvironments: known, trustHead });
  const blocked = resolved.kind === "none" ? [] : resolved.environments.filter((e) => environmentStanding(loaded.parsed, e).kind !== "usable");
  const targets = resolved.kind === "none" ? resolved : { ...resolved, environments: resolved.environments.filter((e) => !blocked.includes(e)) };
  if (blocked.length > 0) {
    await commentOnce({
      github, repo, number: pull.number, marker: blockedMarker(pull.number),
      text: renderBlockedEnvironments(blocked),
    });
  }
  const unknown = targets.kind === "none" ? [] : targets.unknown;
  if (unknown.length > 0) {
    await commentOnce({
      github, repo, number: pull.number, marker: unknownMarker(pull.number),
      text: renderUnknownEnvironments({ unknown, known }),
    });
  }
  if (refusals.length > 0) {
    await commentOnce({ github, repo, number: pull.number, marker: refusedMarker(pull.number), text: renderNotDeployed(refusals) });
  }
  if (targets.kind === "none") return [];

  const kind = targets.kind === "rollback" ? "rollback" : targets.kind === "release" ? "release" : "label";
  const created: number[] = [];
  for (const environment of targets.environments) {
    const existing = await github.deployments.listDeployments({ repo, environment, sha: pull.mergeSha });
    if (existing.some((d) => d.byApp && parseDeploymentPayload(d.payload)?.pull === pull.number)) continue;
    // A rollback is measured against the release it undoes (its first parent); anything else against what is live.
    const live = kind === "rollback" ? null : await latestSuccessfulDeployment({ github, repo, environment });
    const components = await readDeployedComponents({ github, loaded, environment, mergeSha: pull.mergeSha, live: live?.sha });
    // The issues the reviewed PR listed, when its sealed metadata still matches git; else its changelog, read again.
    const sealed = kind === "release" ? verifiedIssues({ metadata: parseReleaseMetadata(pull.body), environment, components, seal: opts.seal }) : null;
    const issues = kind === "rollback" ? [] : (sealed ?? (await readDeployedIssues({ github, loaded, components })));
    const payload = createDeploymentPayload({ environment, pull: pull.number, kind, components, issues, mergedBy: pull.mergedBy });
    const deployment = await github.deployments.createDeployment({
      repo,
      ref: pull.mergeSha,
      environment,
      description: deploymentDescription({ environment, components, pull: pull.number }),
      payload,
      productionEnvironment: isProductionLike(environment),
    });
    created.push(deployment.id);
    const executor = config.environments[environment]?.deploy?.workflow;
    if (executor) {
      try {
        await github.workflows.dispatchWorkflow({
          repo,
          workflow: executor,
          ref: loaded.ops.defaultBranch,
          inputs: { environment, deployment_id: String(deployment.id), ref: pull.mergeSha },
        });
      } catch (error) {
        // The deployment exists but nothing will run it: say so where the merger looks, and how to fix it.
        const forbidden = error instanceof GitHubError && error.kind === "forbidden";
        await github.issues.createComment({
          repo,
          number: pull.number,
          body: renderDispatchFailed({ deploymentId: deployment.id, environment, workflow: executor, cause: describeError(error), forbidden }),
        });
      }
    }
  }
  return created;
}

async function commentOnce(opts: { github: GitHubPort; repo: string; number: number; marker: string; text: string }): Promise<void> {
  const comments = await opts.github.issues.listComments(opts.repo, opts.number);
  if (comments.some((c) => c.byApp && c.body.includes(opts.marker))) return;
  await opts.github.issues.createComment({ repo: opts.repo, number: opts.number, body: `${opts.marker}\n${opts.text}` });
}
