/**
 * Builds the world a scenario describes, silently (seeding sends no webhooks): repositories with
 * an initial commit of their `files`, then `commits` (fixed shas honoured, each `pullRequest` a
 * merged PR whose merge commit is that commit), issues, tags, branches, workflow runs (fork runs
 * from a fork repository), check runs, statuses and installations.
 */
import type { World } from "../world/world.js";
import type { Repository } from "../world/repository.js";
import { writeCommit, type CommitSpec } from "../world/operations/git-operations.js";
import { copyObjects, seedMergedPull } from "../world/operations/pull-operations.js";
import { addLabels, createIssue } from "../world/operations/issue-operations.js";
import { addWorkflowRun, createCheckRun, createStatus } from "../world/operations/ci-operations.js";
import { ScenarioError } from "./load-scenario.js";
import type { CommitSeed, RepoSeed, Scenario } from "./scenario-schema.js";

const HOUR = 3600_000;

/** Scenario handles: per repository, commit id → sha. */
export class CommitHandles {
  private readonly byRepo = new Map<string, Map<string, string>>();

  set(repo: string, id: string, sha: string): void {
    const key = repo.toLowerCase();
    if (!this.byRepo.has(key)) this.byRepo.set(key, new Map());
    this.byRepo.get(key)!.set(id, sha);
  }

  ids(repo: string): string[] {
    return [...(this.byRepo.get(repo.toLowerCase())?.keys() ?? [])];
  }

  /** A commit id, full or short sha, branch or tag of `repo` → sha; undefined when unknown. */
  resolve(repo: Repository, ref: string): string | undefined {
    return this.byRepo.get(repo.fullName.toLowerCase())?.get(ref) ?? repo.resolveCommit(ref)?.sha;
  }

  require(repo: Repository, ref: string, where: string): string {
    const sha = this.resolve(repo, ref);
    if (!sha) {
      const known = this.ids(repo.fullName);
      throw new ScenarioError(`${where}: unknown commit "${ref}" in ${repo.fullName} (known ids: ${known.join(", ") || "none"}; or give a sha, branch or tag)`);
    }
    return sha;
  }
}

/** The user scenario commits and issues are attributed to when they name nobody. */
export function defaultAuthor(seed: RepoSeed): string {
  return Object.entries(seed.collaborators).find(([, p]) => p === "admin" || p === "write" || p === "maintain")?.[0] ?? "octocat";
}

export function seedWorld(world: World, scenario: Scenario): CommitHandles {
  const handles = new CommitHandles();
  const start = Date.parse(scenario.start);
  if (scenario.installations) world.autoInstall = false;
  if (scenario.events) world.app.events.splice(0, world.app.events.length, ...scenario.events);

  for (const [name, seed] of Object.entries(scenario.repos)) {
    const repo = world.createRepo({ fullName: name, defaultBranch: seed.defaultBranch, private: seed.private });
    for (const [login, permission] of Object.entries(seed.collaborators)) {
      world.account(login);
      repo.collaborators.set(login, permission);
    }
  }
  for (const [name, seed] of Object.entries(scenario.repos)) seedRepo(world, handles, world.repo(name), seed, start);
  for (const [i, inst] of (scenario.installations ?? []).entries()) {
    for (const r of inst.repos ?? []) if (!world.findRepo(r)) throw new ScenarioError(`installations[${i}].repos: no repository ${r} in the scenario`);
    world.addInstallation({ account: inst.account, repos: inst.repos, id: inst.id, permissions: inst.permissions });
  }
  return handles;
}

function seedRepo(world: World, handles: CommitHandles, repo: Repository, seed: RepoSeed, start: number): void {
  const where = `repos.${repo.fullName}`;
  const author = defaultAuthor(seed);
  const count = seed.commits.length;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const files = Object.keys(seed.files).length ? (seed.files as Record<string, string | null>) : { "README.md": `# ${repo.name}\n` };
  let head = writeCommit(world, repo, undefined, { message: "Initial commit", author, files, date: iso(start - (count + 24) * HOUR) });
  handles.set(repo.fullName, "initial", head.sha);
  for (const [i, c] of seed.commits.entries()) {
    const spec = commitSpec(c, author, iso(start - (count - i) * HOUR), repo, head.sha);
    if (c.merges) spec.merges = handles.require(repo, c.merges, `${where}.commits[${i}].merges`);
    if (spec.sha && repo.git.commit(spec.sha)) throw new ScenarioError(`${where}.commits[${i}].sha: ${spec.sha} is used twice`);
    head = writeCommit(world, repo, head.sha, spec);
    if (c.id) {
      if (handles.ids(repo.fullName).includes(c.id)) throw new ScenarioError(`${where}.commits[${i}].id: "${c.id}" is used twice`);
      handles.set(repo.fullName, c.id, head.sha);
    }
    if (c.pullRequest) {
      const pr = c.pullRequest;
      if (repo.issue(pr.number)) throw new ScenarioError(`${where}.commits[${i}].pullRequest.number: #${pr.number} is used twice`);
      seedMergedPull(world, repo, { number: pr.number, title: pr.title, body: pr.body, author: pr.author ?? c.author ?? author, labels: pr.labels, commit: head, mergedBy: pr.mergedBy });
    }
  }
  repo.refs.set(`refs/heads/${repo.defaultBranch}`, head.sha);

  for (const [i, issue] of seed.issues.entries()) {
    if (issue.number !== undefined && repo.issue(issue.number)) throw new ScenarioError(`${where}.issues[${i}].number: #${issue.number} is already taken (issues and PRs share numbers)`);
    const created = createIssue(world, repo, { title: issue.title, body: issue.body, user: issue.author ?? author, number: issue.number, state: issue.state, assignees: issue.assignees, silent: true });
    created.createdAt = created.updatedAt = iso(start - 48 * HOUR);
    if (issue.labels.length) addLabels(world, repo, created.number, issue.labels, issue.author ?? author, { at: created.createdAt });
  }
  for (const [tag, ref] of Object.entries(seed.tags)) repo.refs.set(`refs/tags/${tag}`, handles.require(repo, ref, `${where}.tags.${tag}`));
  for (const [branch, ref] of Object.entries(seed.branches)) repo.refs.set(`refs/heads/${branch}`, handles.require(repo, ref, `${where}.branches.${branch}`));

  for (const [i, run] of seed.workflowRuns.entries()) {
    const at = `${where}.workflowRuns[${i}]`;
    const fork = run.fromFork ? ensureFork(world, repo, run.fromFork === true ? "forker" : run.fromFork) : undefined;
    let sha = handles.resolve(repo, run.commit);
    if (!sha && fork) {
      // A commit that exists only on the fork (reachable from the base repository, as on GitHub).
      const commit = writeCommit(world, repo, repo.branchHead(repo.defaultBranch), { message: `Fork change ${run.commit}`, author: fork.owner, date: iso(start - 30 * 60_000) });
      handles.set(repo.fullName, run.commit, commit.sha);
      sha = commit.sha;
    }
    if (!sha) sha = handles.require(repo, run.commit, `${at}.commit`);
    const headBranch = run.headBranch ?? (run.event === "pull_request" ? `feature-${run.commit}` : repo.defaultBranch);
    if (fork && !fork.refs.has(`refs/heads/${headBranch}`)) {
      // A fork's run comes from a branch of the fork (as a fork PR's head does): it exists there, at the run's commit.
      copyObjects(repo, fork, sha);
      fork.refs.set(`refs/heads/${headBranch}`, sha);
    }
    const commitDate = Date.parse(repo.git.commit(sha)!.committer.date);
    const created = run.date ?? iso(Math.min(commitDate + 10 * 60_000, start - 60_000));
    addWorkflowRun(world, repo, {
      workflow: run.workflow,
      headSha: sha,
      runNumber: run.runNumber,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion === undefined ? (run.status && run.status !== "completed" ? null : "success") : run.conclusion,
      headBranch,
      headRepo: fork?.fullName,
      actor: run.actor ?? (fork ? fork.owner : author),
      createdAt: created,
      updatedAt: iso(Date.parse(created) + 5 * 60_000),
      silent: true,
    });
  }
  for (const [i, c] of seed.checkRuns.entries()) {
    const sha = handles.require(repo, c.commit, `${where}.checkRuns[${i}].commit`);
    createCheckRun(world, repo, {
      headSha: sha,
      name: c.name,
      status: c.status,
      conclusion: c.conclusion ?? (c.status && c.status !== "completed" ? null : "success"),
      output: { title: c.title ?? null, summary: c.summary ?? null },
      detailsUrl: c.detailsUrl ?? null,
      app: c.app ?? "ci",
      sender: author,
      silent: true,
    });
  }
  for (const [i, s] of seed.statuses.entries()) {
    const sha = handles.require(repo, s.commit, `${where}.statuses[${i}].commit`);
    createStatus(world, repo, { sha, state: s.state, context: s.context, description: s.description, targetUrl: s.targetUrl, creator: author, silent: true });
  }
}

export function commitSpec(c: CommitSeed, fallbackAuthor: string, date: string, repo: Repository, parent: string | undefined): CommitSpec {
  const files = c.files as Record<string, string | null> | undefined;
  return {
    message: c.message,
    author: c.author ?? fallbackAuthor,
    date: c.date ?? date,
    sha: c.sha?.toLowerCase(),
    files: files && Object.keys(files).length ? files : generatedChange(repo, parent, c.message),
  };
}

/** The tiny change a commit without `files` gets: one line appended to CHANGES.md. */
function generatedChange(repo: Repository, parent: string | undefined, message: string): Record<string, string> {
  const current = (parent && repo.fileAt(parent, "CHANGES.md")) ?? "";
  return { "CHANGES.md": `${current}- ${message.split("\n")[0]}\n` };
}

/** The user's fork of `repo` (created on first use: private like its parent, with its history and default branch). */
export function ensureFork(world: World, repo: Repository, owner: string): Repository {
  const name = `${owner}/${repo.name}`;
  const existing = world.findRepo(name);
  if (existing) return existing;
  const fork = world.createRepo({ fullName: name, defaultBranch: repo.defaultBranch, private: repo.private, forkOf: repo.fullName, ownerType: "User" });
  const head = repo.branchHead(repo.defaultBranch);
  if (head) {
    copyObjects(repo, fork, head);
    fork.refs.set(`refs/heads/${repo.defaultBranch}`, head);
  }
  return fork;
}
