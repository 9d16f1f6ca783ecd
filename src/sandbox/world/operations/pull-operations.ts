/**
 * Pull requests: open (with GitHub's 422s), merge (a real merge commit on the base branch),
 * and the merged PRs a scenario seeds under its commits.
 */
import type { World } from "../world.js";
import type { Repository } from "../repository.js";
import type { GitCommit, FileDiff } from "../git-objects.js";
import type { Issue } from "../records.js";
import { ApiError, conflict, notFound, validationFailed } from "../api-error.js";
import { createIssue, addLabels } from "./issue-operations.js";
import { signatureFor, updateRef } from "./git-operations.js";
import { checkBodyLength } from "../body-limits.js";

/** "branch" or "owner:branch" → head repository and branch. */
export function parseHead(world: World, repo: Repository, head: string): { repo: Repository | undefined; branch: string } {
  const i = head.indexOf(":");
  if (i < 0) return { repo, branch: head };
  const owner = head.slice(0, i);
  const branch = head.slice(i + 1);
  if (owner.toLowerCase() === repo.owner.toLowerCase()) return { repo, branch };
  const fork = [...world.repos.values()].find((r) => r.owner.toLowerCase() === owner.toLowerCase() && r.forkOf?.toLowerCase() === repo.fullName.toLowerCase());
  return { repo: fork, branch };
}

export function openPull(
  world: World,
  repo: Repository,
  opts: { head: string; base: string; title: string; body?: string | null; user: string; draft?: boolean; number?: number; silent?: boolean },
): Issue {
  const head = parseHead(world, repo, opts.head);
  const headSha = head.repo?.branchHead(head.branch);
  const baseSha = repo.branchHead(opts.base);
  const errors = [];
  if (!baseSha) errors.push({ resource: "PullRequest", field: "base", code: "invalid" });
  if (!headSha) errors.push({ resource: "PullRequest", field: "head", code: "invalid" });
  if (errors.length) throw validationFailed(errors);
  const headRepo = head.repo!;
  const duplicate = repo
    .pulls()
    .find((p) => p.state === "open" && p.pull!.headRef === head.branch && p.pull!.headRepo.toLowerCase() === headRepo.fullName.toLowerCase() && p.pull!.baseRef === opts.base);
  if (duplicate) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${headRepo.owner}:${head.branch}.` }]);
  }
  if (headRepo === repo && repo.git.between(baseSha!, headSha!).length === 0) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${opts.base} and ${head.branch}` }]);
  }
  if (!opts.title) throw validationFailed([{ resource: "PullRequest", field: "title", code: "missing_field" }]);
  checkBodyLength("PullRequest", opts.body);
  const issue = createIssue(world, repo, { title: opts.title, body: opts.body ?? null, user: opts.user, number: opts.number, silent: true });
  // A fork PR's commits are readable from the base repository, as on GitHub.
  copyObjects(headRepo, repo, headSha!);
  issue.pull = {
    headRef: head.branch,
    headSha: headSha!,
    headRepo: headRepo.fullName,
    baseRef: opts.base,
    baseSha: baseSha!,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    draft: opts.draft ?? false,
  };
  if (!opts.silent) world.emit({ kind: "pull_request", action: "opened", repo: repo.fullName, number: issue.number, sender: opts.user });
  return issue;
}

export type MergeMethod = "merge" | "squash" | "rebase";

/**
 * Merges an open PR: a merge commit on the base branch whose tree is the head's tree when the
 * base has not moved since the head forked from it, else the base's tree plus the PR's changes.
 */
export function mergePull(
  world: World,
  repo: Repository,
  number: number,
  opts: { user: string; method?: MergeMethod; commitTitle?: string; commitMessage?: string; sha?: string },
): GitCommit {
  const issue = repo.pull(number);
  if (!issue) throw notFound();
  const pull = issue.pull!;
  if (issue.state !== "open") throw new ApiError(405, { message: "Pull Request is not mergeable" });
  if (opts.sha && opts.sha.toLowerCase() !== pull.headSha) throw conflict("Head branch was modified. Review and try the merge again.");
  const baseHead = repo.branchHead(pull.baseRef);
  if (!baseHead) throw new ApiError(405, { message: "Base branch was deleted" });
  const headRepo = world.findRepo(pull.headRepo) ?? repo;
  const headCommit = headRepo.git.commit(pull.headSha) ?? repo.git.commit(pull.headSha);
  if (!headCommit) throw new ApiError(405, { message: "Pull Request is not mergeable" });
  copyObjects(headRepo, repo, headCommit.sha);

  const tree = repo.git.isAncestor(baseHead, headCommit.sha) ? headCommit.tree : applyPullChanges(repo, baseHead, pull.baseSha, headCommit);
  const method = opts.method ?? "merge";
  const title =
    opts.commitTitle ??
    (method === "merge" ? `Merge pull request #${number} from ${world.findRepo(pull.headRepo)?.owner ?? repo.owner}/${pull.headRef}` : `${issue.title} (#${number})`);
  const body = opts.commitMessage ?? (method === "merge" ? issue.title : issue.body ?? "");
  const message = body ? `${title}\n\n${body}` : title;
  const parents = method === "merge" ? [baseHead, headCommit.sha] : [baseHead];
  const committer = signatureFor(world, "web-flow");
  committer.name = "GitHub";
  committer.email = "noreply@github.com";
  const commit = repo.git.putCommit({ tree, parents, message, author: signatureFor(world, opts.user), committer });

  const now = world.now();
  pull.baseSha = baseHead;
  pull.merged = true;
  pull.mergedAt = now;
  pull.mergedBy = opts.user;
  pull.mergeCommitSha = commit.sha;
  issue.state = "closed";
  issue.closedAt = now;
  issue.closedBy = opts.user;
  issue.updatedAt = now;
  updateRef(world, repo, { ref: `refs/heads/${pull.baseRef}`, sha: commit.sha, sender: opts.user });
  world.emit({ kind: "pull_request", action: "closed", repo: repo.fullName, number, sender: opts.user });
  return commit;
}

/** The files a PR changes: from the merge base of its base and head to its head. */
export function pullFiles(world: World, repo: Repository, issue: Issue): FileDiff[] {
  const pull = issue.pull!;
  const git = repo.git;
  const head = git.commit(pull.headSha) ?? world.findRepo(pull.headRepo)?.git.commit(pull.headSha);
  if (!head) return [];
  const base = git.commit(pull.baseSha) ? git.mergeBase(pull.baseSha, head.sha) : undefined;
  if (pull.merged && pull.mergeCommitSha === head.sha) {
    // Seeded (rebase-style) PR: the commit itself is the change.
    return git.diff(git.commit(head.parents[0] ?? "")?.tree, head.tree);
  }
  return git.diff(base?.tree, head.tree);
}

/** Commits of a PR: on its head, not on its base. */
export function pullCommits(repo: Repository, issue: Issue): GitCommit[] {
  const pull = issue.pull!;
  if (pull.merged && pull.mergeCommitSha === pull.headSha) return repo.git.commit(pull.headSha) ? [repo.git.commit(pull.headSha)!] : [];
  return repo.git.between(pull.baseSha, pull.headSha);
}

/**
 * A merged PR whose merge commit is `commit` (a rebase/fast-forward merge): what a scenario
 * commit's `pullRequest` seeds, so that `associatedPullRequests` finds it. No events.
 */
export function seedMergedPull(
  world: World,
  repo: Repository,
  opts: { number: number; title: string; body?: string; author: string; labels?: string[]; commit: GitCommit; mergedBy?: string; baseBranch?: string },
): Issue {
  const issue = createIssue(world, repo, { title: opts.title, body: opts.body ?? null, user: opts.author, number: opts.number, silent: true });
  const at = opts.commit.committer.date.replace(/\.\d{3}Z$/, "Z");
  issue.createdAt = at;
  issue.updatedAt = at;
  issue.state = "closed";
  issue.closedAt = at;
  issue.closedBy = opts.mergedBy ?? opts.author;
  issue.stateReason = null;
  issue.pull = {
    headRef: slug(opts.title) || `pr-${opts.number}`,
    headSha: opts.commit.sha,
    headRepo: repo.fullName,
    baseRef: opts.baseBranch ?? repo.defaultBranch,
    baseSha: opts.commit.parents[0] ?? opts.commit.sha,
    merged: true,
    mergedAt: at,
    mergedBy: opts.mergedBy ?? opts.author,
    mergeCommitSha: opts.commit.sha,
    draft: false,
  };
  if (opts.labels?.length) {
    addLabels(world, repo, issue.number, opts.labels, opts.author, { at });
  }
  return issue;
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/\(#\d+\)/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

/** Base head's tree with the PR's own changes (merge base → head) applied on top. */
function applyPullChanges(repo: Repository, baseHead: string, baseSha: string, head: GitCommit): string {
  const git = repo.git;
  const mergeBase = git.mergeBase(baseSha, head.sha) ?? git.mergeBase(baseHead, head.sha);
  const changes = git.diff(mergeBase?.tree, head.tree).map((d) => ({ path: d.path, sha: d.after ?? null }));
  return git.applyChanges(git.commit(baseHead)!.tree, changes);
}

/**
 * Copies the history of `sha` (commits, trees, blobs) from one repository's object store to
 * another's: a fork's commits reachable from its base (as GitHub shares a fork network's objects).
 */
export function copyObjects(from: Repository, to: Repository, sha: string): void {
  if (from === to) return;
  for (const c of from.git.history(sha).reverse()) {
    if (to.git.commit(c.sha)) continue;
    const files = from.git.flatten(c.tree);
    for (const entry of files.values()) {
      const blob = from.git.blob(entry.sha);
      if (blob) to.git.putBlob(blob);
    }
    const tree = to.git.treeFromFlat(files);
    to.git.putCommit({ tree, parents: c.parents, message: c.message, author: c.author, committer: c.committer, sha: c.sha });
  }
}
