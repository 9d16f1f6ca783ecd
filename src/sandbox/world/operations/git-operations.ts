/**
 * Writing git data: commits from file maps, ref moves with GitHub's fast-forward rule, and the
 * `push` (plus `pull_request.synchronize`) events a ref move announces.
 */
import type { World } from "../world.js";
import type { Repository } from "../repository.js";
import type { GitCommit, GitSignature, TreeChange } from "../git-objects.js";
import { notFound, unprocessable } from "../api-error.js";

/** A signature for a GitHub login (noreply email, as web commits get). */
export function signatureFor(world: World, login: string, date?: string): GitSignature {
  const account = world.account(login);
  const name = account.type === "Bot" ? login : account.name ?? login;
  return { name, email: `${account.id}+${login}@users.noreply.github.com`, date: date ?? world.now(), login };
}

export interface CommitSpec {
  message: string;
  author: string;
  /** path → content; null deletes. */
  files?: Record<string, string | null>;
  date?: string;
  /** Fixed 40-hex sha to honour (scenario pins). */
  sha?: string;
  /** A second parent: the commit is a merge of it into `parent` (its tree is `parent`'s plus `files`). */
  merges?: string;
}

/** Writes one commit on top of `parent` (or a root commit); moves no ref. */
export function writeCommit(world: World, repo: Repository, parent: string | undefined, spec: CommitSpec): GitCommit {
  const parentCommit = parent ? repo.git.commit(parent) : undefined;
  if (parent && !parentCommit) throw notFound();
  const changes: TreeChange[] = Object.entries(spec.files ?? {}).map(([path, content]) =>
    content === null ? { path, sha: null } : { path, content },
  );
  const tree = repo.git.applyChanges(parentCommit?.tree, changes);
  const signature = signatureFor(world, spec.author, spec.date);
  if (spec.merges && !repo.git.commit(spec.merges)) throw notFound();
  const parents = [...(parentCommit ? [parentCommit.sha] : []), ...(spec.merges ? [spec.merges] : [])];
  return repo.git.putCommit({ tree, parents, message: spec.message, author: signature, sha: spec.sha });
}

export interface RefUpdate {
  /** Fully qualified: "refs/heads/main". */
  ref: string;
  sha: string;
  force?: boolean;
  sender: string;
  /** "create" fails when the ref exists (POST git/refs), "update" when it does not (PATCH); default "upsert". */
  mode?: "create" | "update" | "upsert";
}

/** Creates or moves a ref as `POST/PATCH git/refs` do; announces the push. */
export function updateRef(world: World, repo: Repository, update: RefUpdate): void {
  const sha = update.sha.toLowerCase();
  if (!repo.git.commit(sha)) throw unprocessable("Object does not exist");
  const before = repo.refs.get(update.ref);
  if (update.mode === "create" && before) throw unprocessable("Reference already exists");
  if (update.mode === "update" && before === undefined) throw unprocessable("Reference does not exist");
  if (before === sha) return;
  const forced = before !== undefined && !repo.git.isAncestor(before, sha);
  if (forced && !update.force) throw unprocessable("Update is not a fast forward");
  repo.refs.set(update.ref, sha);
  repo.pushedAt = world.now();
  announcePush(world, repo, { ref: update.ref, before, after: sha, forced, sender: update.sender });
}

export function deleteRef(world: World, repo: Repository, ref: string, sender: string): void {
  const before = repo.refs.get(ref);
  if (!before) throw unprocessable("Reference does not exist");
  repo.refs.delete(ref);
  world.emit({ kind: "push", repo: repo.fullName, ref, before, after: ZERO_SHA, commits: [], created: false, deleted: true, forced: false, sender });
}

export const ZERO_SHA = "0000000000000000000000000000000000000000";

/** Commits `specs` one after another on a branch (created from the default branch when missing) and pushes once. */
export function pushCommits(world: World, repo: Repository, opts: { branch: string; commits: CommitSpec[]; sender: string; force?: boolean; from?: string }): GitCommit[] {
  let parent = repo.branchHead(opts.branch) ?? (opts.from ? repo.resolveCommit(opts.from)?.sha : repo.branchHead(repo.defaultBranch));
  const written: GitCommit[] = [];
  for (const spec of opts.commits) {
    const commit = writeCommit(world, repo, parent, spec);
    written.push(commit);
    parent = commit.sha;
  }
  if (parent) updateRef(world, repo, { ref: `refs/heads/${opts.branch}`, sha: parent, force: opts.force ?? true, sender: opts.sender });
  return written;
}

function announcePush(world: World, repo: Repository, p: { ref: string; before?: string; after: string; forced: boolean; sender: string }): void {
  const created = p.before === undefined;
  let commits: string[];
  if (!p.ref.startsWith("refs/heads/")) commits = [];
  else if (created) {
    const base = repo.branchHead(repo.defaultBranch);
    commits = base && base !== p.after ? repo.git.between(base, p.after).map((c) => c.sha) : [];
  } else commits = repo.git.between(p.before!, p.after).map((c) => c.sha);
  world.emit({
    kind: "push",
    repo: repo.fullName,
    ref: p.ref,
    before: p.before ?? ZERO_SHA,
    after: p.after,
    commits,
    created,
    deleted: false,
    forced: p.forced,
    sender: p.sender,
  });
  if (!p.ref.startsWith("refs/heads/")) return;
  const branch = p.ref.slice("refs/heads/".length);
  for (const pr of repo.pulls()) {
    const pull = pr.pull!;
    if (pr.state !== "open") continue;
    if (pull.baseRef === branch) pull.baseSha = p.after;
    if (pull.headRef === branch && pull.headRepo.toLowerCase() === repo.fullName.toLowerCase() && pull.headSha !== p.after) {
      const before = pull.headSha;
      pull.headSha = p.after;
      pr.updatedAt = world.now();
      world.emit({ kind: "pull_request", action: "synchronize", repo: repo.fullName, number: pr.number, before, after: p.after, sender: p.sender });
    }
  }
}
