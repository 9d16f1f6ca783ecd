import {
  renderClosedMessage,
  renderForeignPullBlocked,
  renderNothingLeftComment,
  renderOpenedMessage,
  renderUnchangedMessage,
  renderUpdatedMessage,
} from "../domain/render-release-outcomes.js";
import { shortSha } from "../domain/short-sha.js";
import type { Release, ReleasePlan } from "../domain/types.js";
import { GitHubError, knownFile, type GitHubPort, type OpsSnapshot, type PullRequest, type SnapshotBranch } from "../github/github-port.js";
import type { OpsRepo } from "./load-ops-config.js";

export type ReleaseOutcomeKind = "opened" | "updated" | "unchanged" | "closed" | "nothing" | "blocked";

export interface ReleaseOutcome {
  kind: ReleaseOutcomeKind;
  environment: string;
  /** One Markdown paragraph for the person who asked. */
  message: string;
  pull?: PullRequest;
  release?: Release;
}

const NOTHING_LEFT_MARKER = "<!-- release-bot:nothing-left -->";

/**
 * Makes GitHub hold exactly this release: branch `release-<env>` = default head + the env
 * file change, one open PR with this title and body. Writes nothing that is already so.
 */
export async function applyRelease(input: { github: GitHubPort; ops: OpsRepo; plan: ReleasePlan; snapshot?: OpsSnapshot }): Promise<ReleaseOutcome> {
  // The load's view of the branch and its PR, when the caller has it (and no lock was let go of since: asHeld).
  const branches = input.snapshot?.branches;
  return applyOnce({ ...input, seen: branches ? (branches[input.plan.release.branch] ?? null) : undefined });
}

/** `seen`: the branch as the load's snapshot saw it (null: absent), or undefined to read it now. */
async function applyOnce(input: { github: GitHubPort; ops: OpsRepo; plan: ReleasePlan; seen: SnapshotBranch | null | undefined }): Promise<ReleaseOutcome> {
  const { github, ops, seen } = input;
  const opts = input.plan;
  const { release } = opts;
  const existing = seen !== undefined ? (seen?.pulls[0] ?? null) : await github.pulls.findOpenPull({ repo: ops.repo, head: release.branch });
  if (existing && !existing.byApp) {
    // Someone else's PR from the bot's branch: never edited, closed or taken over. GitHub allows one open PR per head.
    return {
      kind: "blocked",
      environment: release.environment,
      message: renderForeignPullBlocked({ number: existing.number, branch: release.branch }),
      release,
    };
  }

  if (release.changes.length === 0) {
    if (!existing) return { kind: "nothing", environment: release.environment, message: opts.noteWhenEmpty, release };
    await requireStillOpen({ github, ops, pull: existing });
    await github.issues.createComment({
      repo: ops.repo,
      number: existing.number,
      body: `${NOTHING_LEFT_MARKER}\n${renderNothingLeftComment({ environment: release.environment, note: opts.noteWhenEmpty })}`,
    });
    await requireStillOpen({ github, ops, pull: existing });
    const closed = await github.pulls.updatePull({ repo: ops.repo, number: existing.number, state: "closed" });
    return { kind: "closed", environment: release.environment, message: renderClosedMessage({ number: existing.number, note: opts.noteWhenEmpty }), pull: closed, release };
  }

  const committed = await ensureBranch({ github, ops, release, files: opts.files, title: opts.title, pull: existing, seen });

  if (existing) {
    if (existing.title === opts.title && existing.body === opts.body) {
      return { kind: committed ? "updated" : "unchanged", environment: release.environment, message: renderUnchangedMessage({ number: existing.number, rebuilt: committed }), pull: existing, release };
    }
    // Merged or closed since it was read: a merged PR's title and body say what was deployed, never rewritten.
    await requireStillOpen({ github, ops, pull: existing });
    const pull = await github.pulls.updatePull({ repo: ops.repo, number: existing.number, title: opts.title, body: opts.body });
    return { kind: "updated", environment: release.environment, message: renderUpdatedMessage({ number: pull.number, title: opts.title }), pull, release };
  }
  // The plan was made on `ops.head`: a release PR never starts from a default head that has moved on.
  if (!committed) await requireBaseUnmoved({ github, ops });
  try {
    const pull = await github.pulls.createPull({ repo: ops.repo, head: release.branch, base: ops.defaultBranch, title: opts.title, body: opts.body });
    return { kind: "opened", environment: release.environment, message: renderOpenedMessage({ number: pull.number, title: opts.title }), pull, release };
  } catch (error) {
    // Another replica or trigger opened it between our read and our write: update that one.
    if (!(error instanceof GitHubError) || error.kind !== "validation") throw error;
    const raced = await github.pulls.findOpenPull({ repo: ops.repo, head: release.branch });
    if (!raced || !raced.byApp) throw error;
    const pull = raced.body === opts.body && raced.title === opts.title ? raced : await github.pulls.updatePull({ repo: ops.repo, number: raced.number, title: opts.title, body: opts.body });
    return { kind: "updated", environment: release.environment, message: renderUpdatedMessage({ number: pull.number, title: opts.title }), pull, release };
  }
}

/**
 * Points `release-<env>` at one commit on top of the default head holding the new env file; true when it wrote.
 * Just before the branch moves it checks that the default head is still the planned one and the PR still open;
 * the move itself is a compare-and-swap on the head read here, so a branch moved meanwhile is never overwritten.
 * A branch without its PR (pushed, then the bot crashed before opening it) is reused as it is only when its
 * tree is exactly the planned one: one commit on the default head changing the pin files alone, to these texts.
 * Anyone else's commit there (another file changed too, say) is never the head of a bot PR.
 */
async function ensureBranch(opts: {
  github: GitHubPort; ops: OpsRepo; release: Release; files: Record<string, string>; title: string; pull: PullRequest | null; seen: SnapshotBranch | null | undefined;
}): Promise<boolean> {
  const { github, ops, release, seen } = opts;
  const head = seen !== undefined ? (seen?.head ?? null) : await github.repos.getBranchHead(ops.repo, release.branch);
  const paths = Object.keys(opts.files);
  if (head) {
    const parents = seen ? seen.parents : await github.history.getCommitParents(ops.repo, head);
    if (parents.length === 1 && parents[0] === ops.head) {
      const current = await Promise.all(paths.map(async (path) => {
        const known = seen ? knownFile(seen.files, path) : undefined;
        return known !== undefined ? known : github.repos.readFile(ops.repo, path, head);
      }));
      const same = current.every((file, i) => file?.content === opts.files[paths[i]]);
      if (same && (opts.pull || (await onlyChanges({ github, ops, head, files: paths })))) return false;
    }
  }
  const pull = opts.pull;
  await github.repos.commitFiles({
    repo: ops.repo,
    branch: release.branch,
    base: ops.head,
    ...(ops.tree ? { baseTree: ops.tree } : {}),
    expectedHead: head,
    message: opts.title,
    files: opts.files,
    precondition: async () => {
      await requireBaseUnmoved({ github, ops });
      if (pull) await requireStillOpen({ github, ops, pull });
    },
  });
  return true;
}

async function onlyChanges(opts: { github: GitHubPort; ops: OpsRepo; head: string; files: string[] }): Promise<boolean> {
  const changed = await opts.github.history.changedFiles({ repo: opts.ops.repo, base: opts.ops.head, head: opts.head });
  return changed !== null && changed.length === opts.files.length && changed.every((file) => opts.files.includes(file));
}

/** GitHub moved on while a release was being applied: nothing more was written; the next trigger plans again. */
export class ReleaseRacedError extends Error {
  readonly transient = true;

  constructor(message: string) {
    super(message);
    this.name = "ReleaseRacedError";
  }
}

async function requireBaseUnmoved(opts: { github: GitHubPort; ops: OpsRepo }): Promise<void> {
  const now = await opts.github.repos.getBranchHead(opts.ops.repo, opts.ops.defaultBranch);
  if (now !== opts.ops.head) {
    throw new ReleaseRacedError(`${opts.ops.defaultBranch} of ${opts.ops.repo} moved from ${shortSha(opts.ops.head)} to ${now == null ? "(deleted)" : shortSha(now)} while the release was planned; it is planned again on the new head`);
  }
}

async function requireStillOpen(opts: { github: GitHubPort; ops: OpsRepo; pull: PullRequest }): Promise<void> {
  const open = await opts.github.pulls.findOpenPull({ repo: opts.ops.repo, head: opts.pull.headRef });
  if (open?.number !== opts.pull.number) {
    throw new ReleaseRacedError(`#${opts.pull.number} was merged or closed while it was being refreshed; it is left exactly as it was`);
  }
}
