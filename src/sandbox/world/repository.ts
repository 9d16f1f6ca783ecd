/**
 * One repository of the world: its git objects and refs, issues and pull requests (one
 * number sequence), comments, labels, checks, statuses, workflow runs and deployments.
 * Reads and raw storage only; changes that GitHub announces go through the world operations
 * (`world/operations/*`), which emit events.
 */
import { GitObjects, type GitCommit } from "./git-objects.js";
import type {
  CheckRun,
  Comment,
  CommitStatus,
  Deployment,
  Issue,
  IssueEvent,
  Label,
  Permission,
  Workflow,
  WorkflowRun,
} from "./records.js";

export class Repository {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  defaultBranch: string;
  private: boolean;
  /** full name of the parent when this repository is a fork. */
  readonly forkOf?: string;
  readonly createdAt: string;
  pushedAt: string;
  updatedAt: string;

  readonly git = new GitObjects();
  /** "refs/heads/main" → sha, "refs/tags/v1.2.0" → sha. */
  readonly refs = new Map<string, string>();
  readonly collaborators = new Map<string, Permission>();
  readonly issues = new Map<number, Issue>();
  readonly comments = new Map<number, Comment>();
  readonly labels = new Map<string, Label>();
  /** Label events of issues and PRs, oldest first. */
  readonly issueEvents: IssueEvent[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly statuses: CommitStatus[] = [];
  readonly workflows: Workflow[] = [];
  readonly workflowRuns: WorkflowRun[] = [];
  readonly deployments: Deployment[] = [];
  private lastNumber = 0;

  constructor(opts: { id: number; owner: string; name: string; defaultBranch: string; private: boolean; createdAt: string; forkOf?: string }) {
    this.id = opts.id;
    this.owner = opts.owner;
    this.name = opts.name;
    this.fullName = `${opts.owner}/${opts.name}`;
    this.defaultBranch = opts.defaultBranch;
    this.private = opts.private;
    this.forkOf = opts.forkOf;
    this.createdAt = opts.createdAt;
    this.pushedAt = opts.createdAt;
    this.updatedAt = opts.createdAt;
  }

  /** Next issue/PR number; `wanted` reserves a specific one (scenario seeds). */
  takeNumber(wanted?: number): number {
    if (wanted !== undefined) {
      if (this.issues.has(wanted)) throw new Error(`${this.fullName}#${wanted} already exists`);
      this.lastNumber = Math.max(this.lastNumber, wanted);
      return wanted;
    }
    return ++this.lastNumber;
  }

  branchHead(branch: string): string | undefined {
    return this.refs.get(`refs/heads/${branch}`);
  }

  branches(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [ref, sha] of this.refs) if (ref.startsWith("refs/heads/")) out.set(ref.slice(11), sha);
    return out;
  }

  tags(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [ref, sha] of this.refs) if (ref.startsWith("refs/tags/")) out.set(ref.slice(10), sha);
    return out;
  }

  /**
   * A commit named by sha (full or 7+ prefix), branch, tag or fully qualified ref, as GitHub
   * resolves `ref` parameters. Undefined when nothing matches.
   */
  resolveCommit(refOrSha: string): GitCommit | undefined {
    const trimmed = refOrSha.trim();
    // git revision suffixes: `rev~2`, `rev^`, `rev^2` (nth parent)
    const suffix = /^(.+?)(\^\d*|~\d*)$/.exec(trimmed);
    if (suffix) {
      const base = this.resolveCommit(suffix[1]);
      if (!base) return undefined;
      const [op, digits] = [suffix[2][0], suffix[2].slice(1)];
      const n = digits === "" ? 1 : Number(digits);
      if (op === "^") return n === 0 ? base : this.git.commit(base.parents[n - 1] ?? "");
      let commit: GitCommit | undefined = base;
      for (let i = 0; i < n && commit; i++) commit = this.git.commit(commit.parents[0] ?? "");
      return commit;
    }
    const r = trimmed === "HEAD" ? this.defaultBranch : trimmed;
    const viaRef =
      this.refs.get(r) ?? this.refs.get(`refs/heads/${r}`) ?? this.refs.get(`refs/tags/${r}`) ?? this.refs.get(`refs/${r}`);
    if (viaRef) return this.git.commit(viaRef);
    if (/^[0-9a-f]{7,40}$/i.test(r)) return this.git.commitByPrefix(r);
    return undefined;
  }

  /** A file's content at a ref or sha; undefined when the ref or the file is missing. */
  fileAt(refOrSha: string, path: string): string | undefined {
    const commit = this.resolveCommit(refOrSha);
    return commit ? this.git.fileIn(commit.tree, path)?.content.toString("utf8") : undefined;
  }

  /** Every file of a ref: path → content. */
  filesAt(refOrSha: string): Record<string, string> {
    const commit = this.resolveCommit(refOrSha);
    if (!commit) return {};
    const out: Record<string, string> = {};
    for (const [path, entry] of this.git.flatten(commit.tree)) out[path] = this.git.blob(entry.sha)?.toString("utf8") ?? "";
    return out;
  }

  issue(number: number): Issue | undefined {
    return this.issues.get(number);
  }

  /** Pull requests only (issues carrying pull data), by number. */
  pulls(): Issue[] {
    return [...this.issues.values()].filter((i) => i.pull).sort((a, b) => a.number - b.number);
  }

  pull(number: number): Issue | undefined {
    const issue = this.issues.get(number);
    return issue?.pull ? issue : undefined;
  }

  commentsOn(number: number): Comment[] {
    return [...this.comments.values()].filter((c) => c.issueNumber === number).sort((a, b) => a.id - b.id);
  }

  eventsOf(number: number): IssueEvent[] {
    return this.issueEvents.filter((e) => e.issueNumber === number);
  }

  permissionOf(login: string): Permission {
    if (login === this.owner) return "admin";
    return this.collaborators.get(login) ?? "none";
  }

  workflowByIdOrFile(idOrFile: string | number): Workflow | undefined {
    const key = String(idOrFile);
    return this.workflows.find((w) => String(w.id) === key || w.path === key || w.path.endsWith(`/${key}`));
  }
}
