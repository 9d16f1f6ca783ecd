/**
 * The release planner's batched read (`readBranchWindows`, `readHistoryPages`): every component's branch
 * window in one aliased GraphQL query, split only when GitHub's node limit requires (window-queries.ts).
 * A repository the app cannot see, or a branch that does not exist, comes back as null for that
 * component alone (NOT_FOUND / FORBIDDEN parts of a batch); any other failure fails the read.
 */
import type { IssueRef, RepoName } from "../domain/types.js";
import type { BranchWindow, BranchWindowRequest, CheckState, CommitPull, HistoryPage, HistoryPageRequest, WindowCommit } from "./github-port.js";
import { split } from "./octokit-client.js";
import { OctokitFileReads } from "./octokit-file-reads.js";
import { toCheck } from "./octokit-history-reads.js";
import { branchWindowsQuery, FIRST_PAGE, historyPagesQuery, LATER_PAGE, packByNodes, PULLS_PER_LATER_COMMIT, REPOS_PER_PAGE_QUERY, windowNodes } from "./window-queries.js";

type PullNode = {
  number: number; title: string; body: string | null; url: string; merged: boolean; author: { login: string } | null;
  closingIssuesReferences: { nodes: ({ number: number; repository: { nameWithOwner: string } } | null)[] } | null;
};
type SuiteNode = {
  status: string; conclusion: string | null; updatedAt: string; branch: { name: string; repository: { nameWithOwner: string } | null } | null;
  workflowRun: { databaseId: number | null; runNumber: number; event: string; url: string; updatedAt: string; file: { path: string } | null } | null;
};
type ContextNode = { __typename: string; name?: string; status?: string; conclusion?: string | null; context?: string; state?: string };
type CommitNode = {
  oid: string; url: string; message: string; committedDate: string;
  author: { name: string | null; user: { login: string } | null } | null;
  parents: { nodes: ({ oid: string } | null)[] };
  associatedPullRequests: { nodes: (PullNode | null)[] } | null;
  checkSuites?: { nodes: (SuiteNode | null)[] } | null;
  statusCheckRollup?: { contexts: { nodes: (ContextNode | null)[] } } | null;
};
type HistoryNode = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (CommitNode | null)[] };
type TagNode = { name: string; target: { __typename: string; oid: string; target?: { oid: string } } | null } | null;

function toPull(n: PullNode): CommitPull {
  const closingIssues: IssueRef[] = (n.closingIssuesReferences?.nodes ?? []).flatMap((i) => (i ? [{ repo: i.repository.nameWithOwner, number: i.number }] : []));
  return { number: n.number, title: n.title, body: n.body ?? "", url: n.url, merged: n.merged, author: n.author?.login, closingIssues };
}

/** A suite's run as the REST runs list gives it, so the domain's build pick reads both alike. */
function toRuns(suites: (SuiteNode | null)[], sha: string): WindowCommit["runs"] {
  return suites.flatMap((s) => {
    const run = s?.workflowRun;
    if (!s || !run || run.databaseId === null || !run.file) return [];
    return [{
      id: run.databaseId,
      runNumber: run.runNumber,
      headSha: sha,
      headBranch: s.branch?.name ?? null,
      event: run.event,
      status: s.status.toLowerCase(),
      conclusion: s.conclusion?.toLowerCase() ?? null,
      htmlUrl: run.url,
      updatedAt: run.updatedAt,
      // The suite's branch lives where the run's head does: a fork's run names the fork (never a green build here).
      headRepository: s.branch?.repository?.nameWithOwner ?? null,
      workflowPath: run.file.path,
    }];
  });
}

function toCommit(n: CommitNode): WindowCommit {
  const checks: Record<string, CheckState> = Object.fromEntries((n.statusCheckRollup?.contexts.nodes ?? []).flatMap((c) => (c ? [toCheck(c)] : [])));
  return {
    sha: n.oid,
    message: n.message,
    author: n.author?.user?.login ?? n.author?.name ?? undefined,
    url: n.url,
    committedAt: n.committedDate,
    parents: n.parents.nodes.flatMap((p) => (p ? [p.oid] : [])),
    pulls: (n.associatedPullRequests?.nodes ?? []).flatMap((p) => (p ? [toPull(p)] : [])),
    runs: toRuns(n.checkSuites?.nodes ?? [], n.oid),
    checks,
  };
}

const pageOf = (history: HistoryNode): HistoryPage => ({
  commits: history.nodes.flatMap((n) => (n ? [toCommit(n)] : [])),
  hasMore: history.pageInfo.hasNextPage,
  endCursor: history.pageInfo.endCursor,
});

export class OctokitWindowReads extends OctokitFileReads {
  async readBranchWindows(requests: BranchWindowRequest[]): Promise<Record<string, BranchWindow | null>> {
    type Data = Record<string, {
      url: string;
      branch: { name: string; target: { oid?: string; history?: HistoryNode } | null } | null;
      tags?: { nodes: TagNode[] } | null;
    } | null>;
    const out: Record<string, BranchWindow | null> = {};
    const indexed = requests.map((r, i) => ({ r, alias: `r${i}` }));
    for (const batch of packByNodes(indexed, ({ r }) => windowNodes({ first: FIRST_PAGE, builds: r.builds, tags: r.tags }))) {
      const query = branchWindowsQuery(batch.map(({ r, alias }) => ({ alias, ...split(r.repo), name: split(r.repo).repo, branch: r.branch, builds: r.builds, tags: r.tags })));
      const data = await this.graphqlPartial<Data>(query);
      for (const { r, alias } of batch) {
        const node = data[alias];
        const target = node?.branch?.target;
        if (!node || !node.branch || !target?.oid || !target.history) {
          out[r.key] = null;
          continue;
        }
        const tags = node.tags?.nodes.flatMap((t) => (t?.target ? [{ name: t.name, commit: t.target.target?.oid ?? t.target.oid }] : []));
        out[r.key] = { ...pageOf(target.history), branch: node.branch.name, head: target.oid, repoUrl: node.url, ...(tags ? { tags } : {}) };
      }
    }
    return out;
  }

  async readHistoryPages(requests: HistoryPageRequest[]): Promise<Record<string, HistoryPage | null>> {
    type Data = Record<string, { object: { history?: HistoryNode } | null } | null>;
    const out: Record<string, HistoryPage | null> = {};
    const indexed = requests.map((r, i) => ({ r, alias: `r${i}` }));
    for (const batch of packByNodes(indexed, () => windowNodes({ first: LATER_PAGE, builds: "none", tags: false, pullsPerCommit: PULLS_PER_LATER_COMMIT }), REPOS_PER_PAGE_QUERY)) {
      const query = historyPagesQuery(batch.map(({ r, alias }) => ({ alias, ...split(r.repo), name: split(r.repo).repo, head: r.head, after: r.after, first: LATER_PAGE })));
      const data = await this.graphqlPartial<Data>(query);
      for (const { r, alias } of batch) {
        const history = data[alias]?.object?.history;
        out[r.key] = history ? pageOf(history) : null;
      }
    }
    return out;
  }
}
