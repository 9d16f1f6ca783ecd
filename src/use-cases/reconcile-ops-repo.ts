import { deployMarker, hasMarker } from "../domain/render-deploy-feedback.js";
import { deployTargets } from "../domain/deploy-targets.js";
import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import type { MetadataSeal } from "../domain/metadata-seal.js";
import { parseCommand } from "../domain/parse-command.js";
import type { Deployment, DeploymentState } from "../github/deployments-port.js";
import type { GitHubPort, MergedPullRequest, ReposPort } from "../github/github-port.js";
import { deployMergedPull } from "./deploy-merged-pull.js";
import { handleDeploymentStatus, type Notify } from "./handle-deployment-status.js";
import type { Lock } from "./keyed-lock.js";
import { asHeld, type LoadedConfig } from "./load-ops-config.js";
import type { Logger } from "./logger.js";
import { runCommandComment } from "./run-command-comment.js";
import { releaseBranch } from "../domain/plan-release.js";
import { releaseEnvironment } from "./release-environment.js";

/** How far back a pass looks for merges and deployments whose work may be unfinished. */
export const RECONCILE_LOOKBACK_MS = 24 * 3_600_000;
/** How far back it looks for unanswered commands. */
export const COMMAND_LOOKBACK_MS = 6 * 3_600_000;
/** Work younger than this (a command, a merge, a final status) is still its own webhook's to do. */
export const GRACE_MS = 2 * 60_000;
/** Deployments per environment looked at. */
const DEPLOYMENTS_PER_ENVIRONMENT = 10;

const FINAL: DeploymentState[] = ["success", "failure", "error"];
const REPLY_MARKER = /<!-- release-bot:reply-to=(\d+) -->/g;

export interface ReconcileReport {
  /** Merged PRs whose missing deployments were created. */
  deployed: number[];
  /** Deployments whose feedback was finished. */
  feedback: number[];
  /** Command comments answered late. */
  commands: number[];
  /** Environments whose pushed release branch got its PR. */
  opened: string[];
}

/**
 * Finishes interrupted work in one ops repo, from what GitHub shows (the bot keeps nothing in
 * memory): a merged release, rollback or `deploy/<env>` PR without its deployment; a deployment
 * with a final status whose "done" record (the PR's success or failure comment, written after the
 * whole fan-out) is missing; a writer's command without an answer; a `release-<env>` branch the
 * bot pushed without opening its PR. Each step is the idempotent use case the webhook runs, so a
 * pass with nothing pending writes nothing.
 */
export async function reconcileOpsRepo(opts: {
  github: GitHubPort;
  loaded: LoadedConfig;
  now: Date;
  lock: Lock;
  log: Logger;
  notify: { url?: string; send: Notify };
  seal?: MetadataSeal;
}): Promise<ReconcileReport> {
  const report: ReconcileReport = { deployed: [], feedback: [], commands: [], opened: [] };
  const since = new Date(opts.now.getTime() - RECONCILE_LOOKBACK_MS).toISOString();
  report.deployed = await finishDeploys({ ...opts, since });
  report.feedback = await finishFeedback({ ...opts, since });
  report.commands = await answerCommands(opts);
  // After the commands: a `/release` cut short after its push is answered (and its PR opened) by its own reply.
  report.opened = await openPushedReleases(opts);
  if (report.deployed.length + report.feedback.length + report.commands.length + report.opened.length > 0) {
    opts.log.info({ repo: opts.loaded.ops.repo, ...report }, "reconciled unfinished work");
  }
  return report;
}

type Opts = Parameters<typeof reconcileOpsRepo>[0];

async function finishDeploys(opts: Opts & { since: string }): Promise<number[]> {
  const { github, loaded } = opts;
  const repo = loaded.ops.repo;
  const known = Object.keys(loaded.parsed.config.environments);
  const done: number[] = [];
  for (const pull of await github.pulls.listMergedPulls(repo, loaded.ops.defaultBranch, opts.since)) {
    // Forks never deploy; the webhook told them why.
    if (pull.headRepo !== repo || opts.now.getTime() - Date.parse(pull.mergedAt) < GRACE_MS) continue;
    const targets = deployTargets({ headRef: pull.headRef, labels: pull.labels, knownEnvironments: known, trustHead: pull.byApp });
    if (targets.kind === "none" || targets.environments.length === 0) continue;
    if (await allDeployed({ github, repo, pull, environments: targets.environments })) continue;
    // The list omits who merged; the deployment records it (the feedback checks the merger's access).
    const full = await github.pulls.getPull(repo, pull.number);
    const created = await isolated(opts.log, { repo, pull: pull.number }, "deploying a merged PR", () => opts.lock.run(`${repo}:deploy`, () =>
      deployMergedPull({
        github,
        loaded,
        pull: { number: pull.number, headRef: pull.headRef, headRepo: pull.headRepo, byApp: pull.byApp, body: full.body, labels: full.labels, mergeSha: pull.mergeSha, mergedBy: full.mergedBy },
        seal: opts.seal,
      }),
    ));
    if (created && created.length > 0) done.push(pull.number);
  }
  return done;
}

async function allDeployed(opts: { github: GitHubPort; repo: string; pull: MergedPullRequest; environments: string[] }): Promise<boolean> {
  for (const environment of opts.environments) {
    const existing = await opts.github.deployments.listDeployments({ repo: opts.repo, environment, sha: opts.pull.mergeSha });
    if (!existing.some((d) => d.byApp && parseDeploymentPayload(d.payload)?.pull === opts.pull.number)) return false;
  }
  return true;
}

async function finishFeedback(opts: Opts & { since: string }): Promise<number[]> {
  const { github, loaded } = opts;
  const repo = loaded.ops.repo;
  const done: number[] = [];
  for (const environment of Object.keys(loaded.parsed.config.environments)) {
    const recent = (await github.deployments.listDeployments({ repo, environment, limit: DEPLOYMENTS_PER_ENVIRONMENT })).filter(
      (d) => d.byApp && Date.parse(d.createdAt) >= Date.parse(opts.since) && parseDeploymentPayload(d.payload),
    );
    for (const deployment of recent) {
      const [latest] = await github.deployments.listDeploymentStatuses(repo, deployment.id);
      if (!latest || !FINAL.includes(latest.state) || opts.now.getTime() - Date.parse(latest.createdAt) < GRACE_MS) continue;
      if (await feedbackDone({ github, repo, deployment, state: latest.state })) continue;
      const finished = await isolated(opts.log, { repo, deployment: deployment.id }, "finishing deploy feedback", () => opts.lock.run(`${repo}:deployment-${deployment.id}`, () =>
        handleDeploymentStatus({
          github,
          loaded,
          event: { deployment: { ...deployment, byApp: true }, status: { state: latest.state, logUrl: latest.logUrl, description: latest.description } },
          notify: opts.notify,
          log: opts.log,
        }),
      ).then(() => true));
      if (finished) done.push(deployment.id);
    }
  }
  return done;
}

/** The "done" record: the bot's success or failure comment on the deployment's PR, written after everything else. */
async function feedbackDone(opts: { github: GitHubPort; repo: string; deployment: Deployment; state: DeploymentState }): Promise<boolean> {
  const payload = parseDeploymentPayload(opts.deployment.payload)!;
  const marker = deployMarker(opts.state === "success" ? "success" : "failure", opts.deployment.id);
  const comments = await opts.github.issues.listComments(opts.repo, payload.pull, opts.deployment.createdAt);
  // A failure comment still marked "notify-pending" is not done: the chat was not told yet.
  const pending = deployMarker("notify-pending", opts.deployment.id);
  return comments.some((c) => c.byApp && hasMarker(c.body, marker) && !hasMarker(c.body, pending));
}

async function answerCommands(opts: Opts): Promise<number[]> {
  const { github, loaded } = opts;
  const repo = loaded.ops.repo;
  const comments = await github.issues.listRepoComments(repo, new Date(opts.now.getTime() - COMMAND_LOOKBACK_MS).toISOString());
  const answered = new Set(comments.filter((c) => c.byApp).flatMap((c) => [...c.body.matchAll(REPLY_MARKER)].map((m) => Number(m[1]))));
  const due = comments.filter(
    (c) => !c.byBot && !answered.has(c.id) && opts.now.getTime() - Date.parse(c.createdAt) >= GRACE_MS && parseCommand(c.body) !== null,
  );
  const done: number[] = [];
  for (const c of due) {
    const answeredNow = await isolated(opts.log, { repo, comment: c.id }, "answering a command", () => runCommandComment({
      github,
      lock: opts.lock,
      comment: { repo, issueNumber: c.issueNumber, commentId: c.id, createdAt: c.createdAt, user: c.user },
      body: c.body,
      now: opts.now,
      log: opts.log,
      seal: opts.seal,
    }));
    if (answeredNow) done.push(c.id);
  }
  return done;
}

/**
 * A `release-<env>` branch with no PR at its head commit, one commit on the current default head,
 * older than the grace period: the bot pushed it and died before opening the PR. The release is
 * planned again and applied with a port that cannot write branches, so the PR opens only when the
 * branch is exactly the plan (apply-release.ts checks its tree); a branch someone else pushed, or
 * one the plan has moved past, is left as it is for the next release run. Rollback branches need
 * no sweep: their PR is opened by the failure feedback or the `/rollback` answer, both resumed above.
 * One GraphQL query per ops repo when nothing is pending.
 */
async function openPushedReleases(opts: Opts): Promise<string[]> {
  const { github, loaded } = opts;
  const repo = loaded.ops.repo;
  const environments = Object.keys(loaded.parsed.config.environments);
  if (environments.length === 0) return [];
  const branches = new Map((await github.repos.listBranches(repo, "release-")).map((b) => [b.name, b]));
  const opened: string[] = [];
  for (const environment of environments) {
    const branch = branches.get(releaseBranch(environment));
    if (!branch || branch.pulls.some((p) => p.headSha === branch.sha)) continue;
    if (branch.parents.length !== 1 || branch.parents[0] !== loaded.ops.head) continue;
    if (opts.now.getTime() - Date.parse(branch.committedAt) < GRACE_MS) continue;
    const outcome = await isolated(opts.log, { repo, environment, branch: branch.name }, "opening the PR of a pushed release branch", () =>
      opts.lock.run(`${repo}:${environment}`, (held) =>
        releaseEnvironment({ github: branchesReadOnly(github), loaded: asHeld(loaded, held), environment, now: opts.now, seal: opts.seal }),
      ),
    );
    if (outcome?.kind === "opened") opened.push(environment);
  }
  return opened;
}

/** Refused by `branchesReadOnly`: the branch is not exactly the plan, so it is not the reconciler's to rewrite. */
class BranchNotAdoptedError extends Error {
  constructor(branch: string) {
    super(`${branch} is not exactly the planned release (someone else pushed it, or the plan moved on); it is left as it is for the next release run`);
    this.name = "BranchNotAdoptedError";
  }
}

/** The port, except that it never writes a branch: the reconciler may open a PR for a pushed branch, never rewrite one. */
function branchesReadOnly(github: GitHubPort): GitHubPort {
  const repos: ReposPort = Object.assign(Object.create(github.repos) as ReposPort, {
    commitFiles: async (o: { branch: string }): Promise<string> => {
      throw new BranchNotAdoptedError(o.branch);
    },
  });
  return { ...github, repos };
}

/** One item's failure (a transient GitHub error, say) is logged and left for the next pass; the others go on. */
async function isolated<T>(log: Logger, where: Record<string, unknown>, what: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    log.warn({ err: error, ...where }, `${what} failed; the next reconcile pass tries again`);
    return undefined;
  }
}
