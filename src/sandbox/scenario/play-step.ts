/**
 * Plays one scenario step on the world (as a human or CI would act on GitHub), waits until
 * the bot has handled every webhook it caused, and narrates: the step, then what the bot did.
 */
import type { World } from "../world/world.js";
import { updateRef, writeCommit } from "../world/operations/git-operations.js";
import { copyObjects, mergePull, openPull, seedMergedPull } from "../world/operations/pull-operations.js";
import { addComment, addLabels, createIssue, removeLabel, updateIssue } from "../world/operations/issue-operations.js";
import { addWorkflowRun, createCheckRun, createStatus } from "../world/operations/ci-operations.js";
import { addDeploymentStatus, createDeployment, latestDeployment } from "../world/operations/deployment-operations.js";
import { crashBot, redeliver, registerFault, restartBot, type DurabilityEnv } from "./play-durability-step.js";
import type { ScenarioStep } from "./scenario-schema.js";
import { CommitHandles, commitSpec, ensureFork } from "./seed-world.js";
import { narrateBotEvent, quote, stamp } from "./narrate.js";
import { requireStepPermission } from "./step-permissions.js";

export interface PlayEnv extends DurabilityEnv {
  world: World;
  handles: CommitHandles;
  settle(): Promise<void>;
}

export async function playStep(env: PlayEnv, step: ScenarioStep): Promise<string[]> {
  const { world, webhooks } = env;
  const eventsBefore = world.events.length;
  const deliveriesBefore = webhooks.deliveries.length;
  const crashesBefore = env.bot.crashes.length;
  const performed = "restart" in step ? [await restartBot(env)] : "concurrently" in step ? performAtOnce(env, step.concurrently) : [perform(env, step)];
  await env.settle();
  const lines = [`${stamp(world.clock.now(), world.clock.offsetMinutes)} · ${performed[0]}`, ...performed.slice(1)];
  for (const crash of env.bot.crashes.slice(crashesBefore)) lines.push(`   ✖ ${world.app.slug} killed (${crash.cause})`);
  for (const event of world.events.slice(eventsBefore)) {
    if (event.sender !== world.app.botLogin) continue;
    const text = narrateBotEvent(world, event);
    if (text) lines.push(`   ↳ ${world.app.slug} ${text}`);
  }
  for (const d of webhooks.deliveries.slice(deliveriesBefore)) {
    if (d.status !== undefined && (d.status < 200 || d.status >= 300)) {
      lines.push(`   ⚠ webhook ${d.event}${d.action ? `.${d.action}` : ""} answered ${d.status || d.error}`);
    }
  }
  return lines;
}

/** Performs each step's world changes, then delivers every webhook they caused at the same moment. */
function performAtOnce(env: PlayEnv, steps: ScenarioStep[]): string[] {
  env.webhooks.hold();
  try {
    return ["at the same moment:", ...steps.map((s) => `   ‖ ${perform(env, s)}`)];
  } finally {
    env.webhooks.release();
  }
}

function perform(env: PlayEnv, step: ScenarioStep): string {
  if ("restart" in step || "concurrently" in step) throw new Error("restart and concurrently steps are played, not performed");
  const { world, handles } = env;
  if ("clock" in step) {
    world.clock.set(new Date(step.clock));
    return "the clock moves on";
  }
  if ("comment" in step) {
    const s = step.comment;
    const repo = world.repo(s.repo);
    requireStepPermission(world, { step: "comment", repo, user: s.user, action: "comment" });
    if (!repo.issue(s.issue)) {
      const issue = createIssue(world, repo, { title: "Release requests", body: "ChatOps for release-bot: comment `/release <env>`.", user: s.user, number: s.issue, silent: true });
      issue.createdAt = issue.updatedAt = world.now();
    }
    addComment(world, repo, s.issue, { user: s.user, body: s.body });
    return `${s.user} commented ${quote(s.body)} on ${repo.fullName}#${s.issue}`;
  }
  if ("push" in step) {
    const s = step.push;
    const repo = world.repo(s.repo);
    const branch = s.branch ?? repo.defaultBranch;
    const author = s.user ?? s.commits[0].author ?? "octocat";
    let parent = repo.branchHead(branch) ?? repo.branchHead(repo.defaultBranch);
    for (const c of s.commits) {
      const spec = commitSpec(c, author, world.now(), repo, parent);
      if (c.merges) spec.merges = handles.require(repo, c.merges, `push.commits.merges`);
      const commit = writeCommit(world, repo, parent, spec);
      if (c.id) handles.set(repo.fullName, c.id, commit.sha);
      if (c.pullRequest) {
        const pr = c.pullRequest;
        seedMergedPull(world, repo, { number: pr.number, title: pr.title, body: pr.body, author: pr.author ?? c.author ?? author, labels: pr.labels, commit, mergedBy: pr.mergedBy, baseBranch: branch });
      }
      parent = commit.sha;
    }
    updateRef(world, repo, { ref: `refs/heads/${branch}`, sha: parent!, force: s.force, sender: author });
    return `${author} pushed ${s.commits.length} commit${s.commits.length === 1 ? "" : "s"} to ${repo.fullName}@${branch}`;
  }
  if ("workflowRun" in step) {
    const s = step.workflowRun;
    const repo = world.repo(s.repo);
    const fork = s.fromFork ? ensureFork(world, repo, s.fromFork === true ? "forker" : s.fromFork) : undefined;
    const sha = handles.require(repo, s.commit, "workflowRun.commit");
    const run = addWorkflowRun(world, repo, {
      workflow: s.workflow,
      headSha: sha,
      runNumber: s.runNumber,
      event: s.event,
      status: s.status ?? "completed",
      conclusion: s.conclusion,
      headBranch: s.headBranch ?? repo.defaultBranch,
      headRepo: fork?.fullName,
      actor: s.actor ?? fork?.owner ?? "octocat",
    });
    const from = fork ? ` from fork ${fork.fullName}` : "";
    return `${repo.fullName} ${s.workflow} run #${run.runNumber} (${run.event}${from}) on ${run.headBranch} → ${run.conclusion ?? run.status}`;
  }
  if ("checkRun" in step) {
    const s = step.checkRun;
    const repo = world.repo(s.repo);
    const sha = handles.require(repo, s.commit, "checkRun.commit");
    createCheckRun(world, repo, { headSha: sha, name: s.name, conclusion: s.conclusion, output: { title: s.title ?? null, summary: s.summary ?? null }, app: s.app ?? "ci", sender: "ci-bot" });
    return `check ${quote(s.name)} → ${s.conclusion} on ${repo.fullName}@${sha.slice(0, 7)}`;
  }
  if ("status" in step) {
    const s = step.status;
    const repo = world.repo(s.repo);
    const sha = handles.require(repo, s.commit, "status.commit");
    createStatus(world, repo, { sha, state: s.state, context: s.context, targetUrl: s.targetUrl, description: s.description, creator: "ci-bot" });
    return `status ${quote(s.context)} → ${s.state} on ${repo.fullName}@${sha.slice(0, 7)}`;
  }
  if ("openPull" in step) {
    const s = step.openPull;
    const repo = world.repo(s.repo);
    const base = s.base ?? repo.defaultBranch;
    requireStepPermission(world, { step: "openPull", repo, user: s.user, action: s.fromFork ? "fork-pull" : "push-branch" });
    if (s.labels.length) requireStepPermission(world, { step: "openPull.labels", repo, user: s.user, action: "label" });
    // A fork PR's head branch lives in the fork only; the base repository gains no branch.
    const headRepo = s.fromFork ? ensureFork(world, repo, s.fromFork) : repo;
    const from = headRepo.branchHead(s.head) ?? repo.branchHead(base);
    if (from && headRepo !== repo && repo.git.commit(from)) copyObjects(repo, headRepo, from);
    const commit = writeCommit(world, headRepo, from, commitSpec({ message: s.title, author: s.user, files: s.files }, s.user, world.now(), headRepo, from));
    updateRef(world, headRepo, { ref: `refs/heads/${s.head}`, sha: commit.sha, sender: s.user });
    const head = headRepo === repo ? s.head : `${headRepo.owner}:${s.head}`;
    const pr = openPull(world, repo, { head, base, title: s.title, body: s.body, user: s.user, draft: s.draft });
    if (s.labels.length) addLabels(world, repo, pr.number, s.labels, s.user);
    return `${s.user} opened ${repo.fullName}#${pr.number} ${quote(s.title)} (${head} → ${base})`;
  }
  if ("merge" in step) {
    const s = step.merge;
    const repo = world.repo(s.repo);
    requireStepPermission(world, { step: "merge", repo, user: s.user, action: "merge" });
    const pr = s.pull !== undefined ? repo.pull(s.pull) : repo.pulls().find((p) => p.state === "open" && p.pull!.headRef === s.head);
    if (!pr) throw new Error(`merge: no ${s.pull !== undefined ? `pull request #${s.pull}` : `open pull request from ${s.head}`} in ${repo.fullName}`);
    mergePull(world, repo, pr.number, { user: s.user, method: s.method });
    return `${s.user} merged ${repo.fullName}#${pr.number} ${quote(pr.title)} into ${pr.pull!.baseRef}`;
  }
  if ("label" in step) {
    const s = step.label;
    const repo = world.repo(s.repo);
    requireStepPermission(world, { step: "label", repo, user: s.user, action: "label" });
    const number = (s.issue ?? s.pull)!;
    if (s.labels.length) addLabels(world, repo, number, s.labels, s.user);
    for (const name of s.remove) removeLabel(world, repo, number, name, s.user);
    const parts = [...s.labels.map((l) => `+${l}`), ...s.remove.map((l) => `-${l}`)];
    return `${s.user} labels ${repo.fullName}#${number} ${parts.join(" ")}`;
  }
  if ("closeIssue" in step) {
    const s = step.closeIssue;
    const repo = world.repo(s.repo);
    const issue = repo.issue(s.issue);
    if (!issue || issue.user !== s.user) requireStepPermission(world, { step: "closeIssue", repo, user: s.user, action: "close" });
    updateIssue(world, repo, s.issue, { state: "closed", stateReason: s.reason, sender: s.user });
    return `${s.user} closed ${repo.fullName}#${s.issue}`;
  }
  if ("deploymentStatus" in step) {
    const s = step.deploymentStatus;
    const repo = world.repo(s.repo);
    if (s.user) requireStepPermission(world, { step: "deploymentStatus", repo, user: s.user, action: "deploy" });
    const deployment = s.deployment !== undefined ? repo.deployments.find((d) => d.id === s.deployment) : latestDeployment(repo, s.environment!);
    if (!deployment) {
      const which = s.deployment !== undefined ? `deployment ${s.deployment}` : `deployment to ${s.environment}`;
      throw new Error(`deploymentStatus: no ${which} in ${repo.fullName} yet (the bot creates one when a release merges)`);
    }
    // A deployer always has a log to link; a step without one gets a stable stand-in URL.
    const logUrl = s.logUrl ?? `https://deploy.example/${repo.fullName}/deployments/${deployment.id}/${deployment.statuses.length + 1}`;
    addDeploymentStatus(world, repo, deployment.id, {
      state: s.state,
      logUrl,
      targetUrl: logUrl,
      environmentUrl: s.environmentUrl,
      description: s.description,
      creator: s.user ?? "github-actions[bot]",
    });
    return `deployment ${deployment.id} of ${repo.fullName} to ${deployment.environment} → ${s.state}${s.logUrl ? ` (${s.logUrl})` : ""}`;
  }
  if ("createDeployment" in step) {
    const s = step.createDeployment;
    const repo = world.repo(s.repo);
    requireStepPermission(world, { step: "createDeployment", repo, user: s.user, action: "deploy" });
    const sha = handles.require(repo, s.ref, "createDeployment.ref");
    // A scenario commit id is no git ref: the deployment names its sha.
    const ref = repo.resolveCommit(s.ref) ? s.ref : sha;
    const deployment = createDeployment(world, repo, {
      ref,
      environment: s.environment,
      payload: s.payload,
      description: s.description,
      requiredContexts: [],
      creator: s.user,
    });
    return `${s.user} created deployment ${deployment.id} of ${repo.fullName}@${sha.slice(0, 7)} to ${s.environment}`;
  }
  if ("redeliver" in step) return redeliver(env, step);
  if ("fault" in step) return registerFault(env, step);
  if ("crash" in step) return crashBot(env, step);
  throw new Error(`unknown step ${JSON.stringify(step)}`);
}
