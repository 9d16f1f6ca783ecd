/** GraphQL views of pull requests and issues, `associatedPullRequests` and `closingIssuesReferences`. */
import type { Repository } from "../world/repository.js";
import type { Issue } from "../world/records.js";
import { pullCommits } from "../world/operations/pull-operations.js";
import { connection, type ConnectionArgs } from "./connection.js";
import { visibleRepo, type GraphQLContext } from "./graphql-context.js";
import { actor, gqlCommit, gqlRepository } from "./git-objects-graphql.js";
import { gqlComments, gqlLabel, gqlTimelineItems, viewerDidAuthor } from "./timeline-graphql.js";

type Obj = Record<string, unknown>;

/**
 * PRs a commit belongs to, as GitHub's `associatedPullRequests` answers: the PR that merged it
 * (merge commit) and the PRs whose commits contain it. Indexed once per GraphQL request.
 */
export function associatedPulls(ctx: GraphQLContext, repo: Repository, sha: string): Issue[] {
  let index = ctx.commitPullIndex.get(repo.fullName);
  if (!index) {
    index = commitPullIndexOf(repo);
    ctx.commitPullIndex.set(repo.fullName, index);
  }
  return (index.get(sha) ?? []).map((n) => repo.pull(n)!).filter(Boolean);
}

/** Each repository's commit → PR numbers index, kept while its PRs' heads, bases and merges stay as they were. */
const pullIndexes = new WeakMap<Repository, { key: string; index: Map<string, number[]> }>();

function commitPullIndexOf(repo: Repository): Map<string, number[]> {
  const pulls = repo.pulls();
  const key = pulls.map((pr) => `${pr.number}:${pr.pull!.headSha}:${pr.pull!.baseSha}:${pr.pull!.mergeCommitSha ?? ""}`).join(",");
  const kept = pullIndexes.get(repo);
  if (kept?.key === key) return kept.index;
  const index = new Map<string, number[]>();
  const add = (s: string, n: number) => {
    const list = index.get(s) ?? [];
    if (!list.includes(n)) list.push(n);
    index.set(s, list);
  };
  for (const pr of pulls) {
    if (pr.pull!.mergeCommitSha) add(pr.pull!.mergeCommitSha, pr.number);
    for (const c of pullCommits(repo, pr)) add(c.sha, pr.number);
  }
  pullIndexes.set(repo, { key, index });
  return index;
}

const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(?:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)?#(\d+)|https?:\/\/[^\s/]+\/([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\/issues\/(\d+))/gi;

/** Issues a PR body closes with keywords (`fixes #3`, `closes acme/x#4`, issue URLs) that exist and are visible. */
export function closingIssues(ctx: GraphQLContext, repo: Repository, body: string | null): { repo: Repository; issue: Issue }[] {
  const out: { repo: Repository; issue: Issue }[] = [];
  for (const m of (body ?? "").matchAll(CLOSING)) {
    const fullName = m[1] ?? m[3] ?? repo.fullName;
    const number = Number(m[2] ?? m[4]);
    const target = fullName.toLowerCase() === repo.fullName.toLowerCase() ? repo : visibleRepo(ctx, fullName);
    const issue = target?.issue(number);
    if (!target || !issue || issue.pull) continue;
    if (!out.some((x) => x.repo === target && x.issue.number === number)) out.push({ repo: target, issue });
  }
  return out;
}

export function gqlPullRequest(ctx: GraphQLContext, repo: Repository, pr: Issue): Obj {
  const pull = pr.pull!;
  const merge = pull.mergeCommitSha ? repo.git.commit(pull.mergeCommitSha) : undefined;
  const self: Obj = {
    __typename: "PullRequest",
    id: `PR_${repo.id}_${pr.number}`,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    url: `${ctx.htmlUrl}/${repo.fullName}/pull/${pr.number}`,
    state: pull.merged ? "MERGED" : pr.state.toUpperCase(),
    merged: pull.merged,
    mergedAt: pull.mergedAt,
    closed: pr.state === "closed",
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    headRefName: pull.headRef,
    headRefOid: pull.headSha,
    baseRefName: pull.baseRef,
    // A deleted fork leaves the PR without its head repository (null), as on GitHub.
    headRepository: () => {
      const head = ctx.world.findRepo(pull.headRepo);
      return head ? gqlRepository(ctx, head) : null;
    },
    isDraft: pull.draft,
    author: actor(ctx, pr.user),
    viewerDidAuthor: viewerDidAuthor(ctx, pr.user),
    mergedBy: pull.mergedBy ? actor(ctx, pull.mergedBy) : null,
    mergeCommit: merge ? gqlCommit(ctx, repo, merge) : null,
    repository: () => gqlRepository(ctx, repo),
    labels: (args: ConnectionArgs) => connection(pr.labels.map((name) => gqlLabel(repo, name)), args, "LabelConnection"),
    closingIssuesReferences: (args: ConnectionArgs) =>
      connection(
        closingIssues(ctx, repo, pr.body).map((x) => gqlIssue(ctx, x.repo, x.issue)),
        args,
        "IssueConnection",
      ),
    comments: (args: ConnectionArgs) => gqlComments(ctx, repo, pr, args),
    timelineItems: (args: Parameters<typeof gqlTimelineItems>[3]) => gqlTimelineItems(ctx, repo, pr, args, () => self),
  };
  return self;
}

export function gqlIssue(ctx: GraphQLContext, repo: Repository, issue: Issue): Obj {
  const self: Obj = {
    __typename: "Issue",
    id: `I_${repo.id}_${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    url: `${ctx.htmlUrl}/${repo.fullName}/issues/${issue.number}`,
    state: issue.state.toUpperCase(),
    closed: issue.state === "closed",
    createdAt: issue.createdAt,
    author: actor(ctx, issue.user),
    viewerDidAuthor: viewerDidAuthor(ctx, issue.user),
    repository: () => gqlRepository(ctx, repo),
    labels: (args: ConnectionArgs) => connection(issue.labels.map((name) => gqlLabel(repo, name)), args, "LabelConnection"),
    comments: (args: ConnectionArgs) => gqlComments(ctx, repo, issue, args),
    timelineItems: (args: Parameters<typeof gqlTimelineItems>[3]) => gqlTimelineItems(ctx, repo, issue, args, () => self),
  };
  return self;
}
