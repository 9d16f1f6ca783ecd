/**
 * The CI and history reads of the GitHub port: workflow runs (and dispatch), branch checks, tags, compares, the
 * PRs of commits and the commits touching monorepo paths (batched GraphQL). `OctokitGitHub` extends
 * it with the rest of the port.
 */
import type { IssueRef, RepoName } from "../domain/types.js";
import { GitHubError, type CheckState, type CommitChecks, type CommitPull, type Comparison, type PathHistory, type PathHistoryRequest, type WorkflowRun } from "./github-port.js";
import { chunk, OctokitClient, split } from "./octokit-client.js";
import { branchChecksQuery, commitPullsQuery, COMMITS_PER_QUERY, pathHistoryQuery, type PathHistoryQueryRequest } from "./queries.js";

/** `history(path:)` connections per query: 100 pages of at most 100 oids keep a document far under GitHub's node limit. */
const HISTORIES_PER_QUERY = 100;

export class OctokitHistoryReads extends OctokitClient {
  async listWorkflowRuns(opts: { repo: RepoName; workflow: string; branch: string; page?: number; perPage?: number }): Promise<WorkflowRun[]> {
    type Run = {
      id: number; run_number: number; head_sha: string; head_branch: string | null; event: string; status: string | null;
      conclusion: string | null; html_url: string; updated_at: string; head_repository?: { full_name: string } | null;
    };
    const data = await this.find<{ workflow_runs: Run[] }>("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
      ...split(opts.repo),
      workflow_id: opts.workflow,
      branch: opts.branch,
      event: "push",
      status: "success",
      exclude_pull_requests: true,
      per_page: opts.perPage ?? 30,
      ...(opts.page && opts.page > 1 ? { page: opts.page } : {}),
    });
    return (data?.workflow_runs ?? []).map((run) => ({
      id: run.id,
      runNumber: run.run_number,
      headSha: run.head_sha,
      headBranch: run.head_branch,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      htmlUrl: run.html_url,
      updatedAt: run.updated_at,
      headRepository: run.head_repository?.full_name ?? null,
    }));
  }

  async dispatchWorkflow(opts: { repo: RepoName; workflow: string; ref: string; inputs: Record<string, string> }): Promise<void> {
    await this.call("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...split(opts.repo),
      workflow_id: opts.workflow,
      ref: opts.ref,
      inputs: opts.inputs,
    });
  }

  async listBranchChecks(requests: { key: string; repo: RepoName; branch: string; depth: number }[]): Promise<Record<string, CommitChecks[]>> {
    if (requests.length === 0) return {};
    const aliased = requests.map((r, i) => ({ alias: `r${i}`, ...split(r.repo), name: split(r.repo).repo, branch: r.branch, depth: r.depth }));
    type Context = { __typename: string; name?: string; status?: string; conclusion?: string | null; context?: string; state?: string };
    type Node = { oid: string; committedDate: string; url: string; statusCheckRollup: { contexts: { nodes: (Context | null)[] } } | null };
    type Data = Record<string, { ref: { target: { history?: { nodes: Node[] } } } | null } | null>;
    const data = await this.graphql<Data>(branchChecksQuery(aliased));
    const out: Record<string, CommitChecks[]> = {};
    requests.forEach((r, i) => {
      const nodes = data[`r${i}`]?.ref?.target.history?.nodes ?? [];
      out[r.key] = nodes.map((node) => ({
        sha: node.oid,
        committedAt: node.committedDate,
        url: node.url,
        checks: Object.fromEntries(
          (node.statusCheckRollup?.contexts.nodes ?? []).flatMap((c) => (c ? [toCheck(c)] : [])),
        ),
      }));
    });
    return out;
  }

  async listTags(repo: RepoName): Promise<{ name: string; commit: string }[]> {
    const tags = await this.paginate<{ name: string; commit: { sha: string } }>("GET /repos/{owner}/{repo}/tags", split(repo));
    return tags.map((t) => ({ name: t.name, commit: t.commit.sha }));
  }

  async compare(opts: { repo: RepoName; base: string; head: string; maxCommits: number }): Promise<Comparison | null> {
    type Data = {
      status: Comparison["status"]; ahead_by: number; behind_by: number; total_commits: number; html_url: string;
      commits: {
        sha: string; html_url: string; author: { login: string } | null;
        commit: { message: string; author: { name?: string } | null; committer: { date?: string } | null };
      }[];
    };
    const params = { ...split(opts.repo), basehead: `${opts.base}...${opts.head}`, per_page: 100 };
    const first = await this.find<Data>("GET /repos/{owner}/{repo}/compare/{basehead}", { ...params, page: 1 });
    if (!first) return null;
    const commits = [...first.commits];
    const wanted = Math.min(opts.maxCommits, first.total_commits);
    for (let page = 2; commits.length < wanted; page++) {
      const next = await this.call<Data>("GET /repos/{owner}/{repo}/compare/{basehead}", { ...params, page });
      if (next.commits.length === 0) break;
      commits.push(...next.commits);
    }
    return {
      status: first.status,
      aheadBy: first.ahead_by,
      behindBy: first.behind_by,
      totalCommits: first.total_commits,
      htmlUrl: first.html_url,
      commits: commits.slice(0, opts.maxCommits).map((c) => ({
        sha: c.sha,
        message: c.commit.message,
        author: c.author?.login ?? c.commit.author?.name ?? undefined,
        url: c.html_url,
        ...(c.commit.committer?.date ? { committedAt: c.commit.committer.date } : {}),
      })),
    };
  }

  async getPathHistory(requests: PathHistoryRequest[]): Promise<Record<string, PathHistory>> {
    type Data = Record<string, { object: Record<string, HistoryPage> | null } | null>;
    const shas = requests.map(() => new Set<string>());
    const complete = requests.map(() => true);
    let pending: PendingHistory[] = requests.flatMap((r, ri) => r.paths.map((_, pi) => ({ ri, pi, pages: 0 })));
    while (pending.length > 0) {
      const next: PendingHistory[] = [];
      for (const batch of chunk(pending, HISTORIES_PER_QUERY)) {
        const data = await this.graphql<Data>(pathHistoryQuery(historyQueryOf(requests, batch)));
        for (const item of batch) {
          const r = requests[item.ri];
          const object = data[`r${item.ri}`]?.object;
          // The compare just found this commit: a history that cannot be read is a failed read, never "no commits".
          if (!object) throw new GitHubError({ kind: "not-found", route: "POST /graphql", message: `${r.repo}: commit ${r.head.slice(0, 7)} not found reading the history of ${r.paths[item.pi]}` });
          const page = object[`h${item.pi}`];
          for (const node of page?.nodes ?? []) if (node) shas[item.ri].add(node.oid);
          if (!page?.pageInfo.hasNextPage || !page.pageInfo.endCursor) continue;
          if (item.pages + 1 < r.maxPages) next.push({ ...item, after: page.pageInfo.endCursor, pages: item.pages + 1 });
          else complete[item.ri] = false;
        }
      }
      pending = next;
    }
    return Object.fromEntries(requests.map((r, ri) => [r.key, { shas: [...shas[ri]], complete: complete[ri] }]));
  }

  async getCommitPulls(commits: { repo: RepoName; sha: string }[]): Promise<Record<string, CommitPull[]>> {
    type PullNode = {
      number: number; title: string; body: string; url: string; merged: boolean; author: { login: string } | null;
      closingIssuesReferences: { nodes: ({ number: number; repository: { nameWithOwner: string } } | null)[] } | null;
    };
    type Data = Record<string, Record<string, { oid: string; associatedPullRequests: { nodes: (PullNode | null)[] } | null } | null> | null>;
    const out: Record<string, CommitPull[]> = {};
    for (const batch of chunk(commits, COMMITS_PER_QUERY)) {
      const byRepo = new Map<RepoName, { sha: string; alias: string }[]>();
      batch.forEach((c, i) => byRepo.set(c.repo, [...(byRepo.get(c.repo) ?? []), { sha: c.sha, alias: `c${i}` }]));
      const repos = [...byRepo.entries()].map(([repo, list], i) => ({ alias: `r${i}`, owner: split(repo).owner, name: split(repo).repo, repo, commits: list }));
      const data = await this.graphql<Data>(commitPullsQuery(repos));
      for (const r of repos) {
        for (const c of r.commits) {
          const nodes = data[r.alias]?.[c.alias]?.associatedPullRequests?.nodes ?? [];
          out[`${r.repo}@${c.sha}`] = nodes.flatMap((n) => (n ? [toCommitPull(n)] : []));
        }
      }
    }
    return out;

    function toCommitPull(n: PullNode): CommitPull {
      const closingIssues: IssueRef[] = (n.closingIssuesReferences?.nodes ?? []).flatMap((i) =>
        i ? [{ repo: i.repository.nameWithOwner, number: i.number }] : [],
      );
      return { number: n.number, title: n.title, body: n.body ?? "", url: n.url, merged: n.merged, author: n.author?.login, closingIssues };
    }
  }
}

/** One `history(path:)` connection still to read: request `ri`, its path `pi`, from `after`. */
interface PendingHistory {
  ri: number;
  pi: number;
  after?: string;
  pages: number;
}

type HistoryPage = { nodes: ({ oid: string } | null)[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null;

function historyQueryOf(requests: PathHistoryRequest[], batch: PendingHistory[]): PathHistoryQueryRequest[] {
  const byRequest = new Map<number, PendingHistory[]>();
  for (const item of batch) byRequest.set(item.ri, [...(byRequest.get(item.ri) ?? []), item]);
  return [...byRequest.entries()].map(([ri, items]) => {
    const r = requests[ri];
    return {
      alias: `r${ri}`, owner: split(r.repo).owner, name: split(r.repo).repo, head: r.head, since: r.since, until: r.until, first: r.first,
      paths: items.map((item) => ({ alias: `h${item.pi}`, path: r.paths[item.pi], after: item.after })),
    };
  });
}

export function toCheck(c: { __typename: string; name?: string; status?: string; conclusion?: string | null; context?: string; state?: string }): [string, CheckState] {
  if (c.__typename === "StatusContext") {
    const state = c.state === "SUCCESS" ? "success" : c.state === "FAILURE" || c.state === "ERROR" ? "failure" : "pending";
    return [c.context ?? "", state];
  }
  if (c.status !== "COMPLETED") return [c.name ?? "", "pending"];
  const conclusion = c.conclusion ?? "";
  const state: CheckState =
    conclusion === "SUCCESS" ? "success" : conclusion === "NEUTRAL" ? "neutral" : conclusion === "SKIPPED" ? "skipped" : "failure";
  return [c.name ?? "", state];
}
