/** Issues, pull requests, comments, labels and reactions in GitHub's REST shape. */
import type { Repository } from "../../world/repository.js";
import type { Comment, Issue, IssueEvent, Reaction } from "../../world/records.js";
import { pullCommits, pullFiles } from "../../world/operations/pull-operations.js";
import { renderPerformedVia, renderUser, renderUserOrNull } from "./render-accounts.js";
import { renderRepository } from "./render-repository.js";
import { nodeId, repoApi, repoHtml, template, type Json, type RenderContext } from "./render-context.js";

export function renderLabel(ctx: RenderContext, repo: Repository, name: string): Json {
  const label = repo.labels.get(name.toLowerCase());
  return {
    id: label?.id ?? 0,
    node_id: nodeId("LA", label?.id ?? name),
    url: `${repoApi(ctx, repo.fullName)}/labels/${encodeURIComponent(name)}`,
    name: label?.name ?? name,
    description: label?.description ?? null,
    color: label?.color ?? "ededed",
    default: label?.default ?? false,
  };
}

export function authorAssociation(repo: Repository, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const p = repo.permissionOf(login);
  if (p !== "none") return "COLLABORATOR";
  return "NONE";
}

/** `issue` (also for PRs seen through the issues API, with `pull_request`). */
export function renderIssue(ctx: RenderContext, repo: Repository, issue: Issue): Json {
  const api = repoApi(ctx, repo.fullName);
  const html = repoHtml(ctx, repo.fullName);
  const t = template(ctx, "issue");
  const out: Json = {
    ...t,
    id: issueId(repo, issue),
    node_id: nodeId(issue.pull ? "PR" : "I", issueId(repo, issue)),
    url: `${api}/issues/${issue.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${issue.number}/labels{/name}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    events_url: `${api}/issues/${issue.number}/events`,
    html_url: `${html}/${issue.pull ? "pull" : "issues"}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    title: issue.title,
    body: issue.body,
    user: renderUser(ctx, issue.user),
    pinned_comment: null,
    labels: issue.labels.map((l) => renderLabel(ctx, repo, l)),
    assignee: renderUserOrNull(ctx, issue.assignees[0]),
    assignees: issue.assignees.map((a) => renderUser(ctx, a)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: repo.commentsOn(issue.number).length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.state === "closed" ? renderUserOrNull(ctx, issue.closedBy) : null,
    author_association: authorAssociation(repo, issue.user),
    state_reason: issue.stateReason,
    performed_via_github_app: renderPerformedVia(ctx, issue.user),
    reactions: reactionRollup(`${api}/issues/${issue.number}/reactions`, []),
  };
  if (issue.pull) {
    out.pull_request = {
      url: `${api}/pulls/${issue.number}`,
      html_url: `${html}/pull/${issue.number}`,
      diff_url: `${html}/pull/${issue.number}.diff`,
      patch_url: `${html}/pull/${issue.number}.patch`,
      merged_at: issue.pull.mergedAt,
    };
  } else delete out.pull_request;
  return out;
}

/** `pull-request` (full) or, with `simple`, `pull-request-simple` as lists return. */
export function renderPull(ctx: RenderContext, repo: Repository, issue: Issue, opts: { simple?: boolean } = {}): Json {
  const pull = issue.pull!;
  const api = repoApi(ctx, repo.fullName);
  const html = repoHtml(ctx, repo.fullName);
  const headRepo = ctx.world.findRepo(pull.headRepo);
  const t = template(ctx, opts.simple ? "pull-request-simple" : "pull-request");
  const branchSide = (r: Repository | undefined, ref: string, sha: string): Json => ({
    label: `${r?.owner ?? repo.owner}:${ref}`,
    ref,
    sha,
    user: renderUser(ctx, r?.owner ?? repo.owner),
    repo: r ? renderRepository(ctx, r) : null,
  });
  const out: Json = {
    ...t,
    url: `${api}/pulls/${issue.number}`,
    id: issueId(repo, issue),
    node_id: nodeId("PR", issueId(repo, issue)),
    html_url: `${html}/pull/${issue.number}`,
    diff_url: `${html}/pull/${issue.number}.diff`,
    patch_url: `${html}/pull/${issue.number}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${api}/pulls/${issue.number}/commits`,
    review_comments_url: `${api}/pulls/${issue.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: renderUser(ctx, issue.user),
    body: issue.body,
    labels: issue.labels.map((l) => renderLabel(ctx, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: renderUserOrNull(ctx, issue.assignees[0]),
    assignees: issue.assignees.map((a) => renderUser(ctx, a)),
    requested_reviewers: [],
    requested_teams: [],
    head: branchSide(headRepo, pull.headRef, pull.headSha),
    base: branchSide(repo, pull.baseRef, pull.baseSha),
    _links: {
      self: { href: `${api}/pulls/${issue.number}` },
      html: { href: `${html}/pull/${issue.number}` },
      issue: { href: `${api}/issues/${issue.number}` },
      comments: { href: `${api}/issues/${issue.number}/comments` },
      review_comments: { href: `${api}/pulls/${issue.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${issue.number}/commits` },
      statuses: { href: `${api}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(repo, issue.user),
    auto_merge: null,
    draft: pull.draft,
  };
  if (opts.simple) return out;
  const files = pullFiles(ctx.world, repo, issue);
  let additions = 0;
  let deletions = 0;
  for (const f of files) {
    const before = f.before ? repo.git.blob(f.before)?.toString("utf8").split("\n").length ?? 0 : 0;
    const after = f.after ? repo.git.blob(f.after)?.toString("utf8").split("\n").length ?? 0 : 0;
    additions += Math.max(0, after - before) || (f.status !== "removed" ? 1 : 0);
    deletions += Math.max(0, before - after) || (f.status !== "added" ? 1 : 0);
  }
  return {
    ...out,
    merged: pull.merged,
    mergeable: issue.state === "open" ? true : null,
    rebaseable: issue.state === "open" ? true : null,
    mergeable_state: issue.state === "open" ? "clean" : "unknown",
    merged_by: renderUserOrNull(ctx, pull.mergedBy),
    comments: repo.commentsOn(issue.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pullCommits(repo, issue).length,
    additions,
    deletions,
    changed_files: files.length,
  };
}

export function renderComment(ctx: RenderContext, repo: Repository, comment: Comment): Json {
  const api = repoApi(ctx, repo.fullName);
  const issue = repo.issue(comment.issueNumber);
  const html = `${repoHtml(ctx, repo.fullName)}/${issue?.pull ? "pull" : "issues"}/${comment.issueNumber}#issuecomment-${comment.id}`;
  const out: Json = {
    ...template(ctx, "issue-comment"),
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: html,
    body: comment.body,
    user: renderUser(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(repo, comment.user),
    performed_via_github_app: renderPerformedVia(ctx, comment.user),
    reactions: reactionRollup(`${api}/issues/comments/${comment.id}/reactions`, comment.reactions),
  };
  delete out.pin;
  delete out.minimized;
  return out;
}

/** A `labeled` / `unlabeled` issue event (`labeled-issue-event`, `unlabeled-issue-event`). */
export function renderIssueEvent(ctx: RenderContext, repo: Repository, e: IssueEvent): Json {
  return {
    id: e.id,
    node_id: nodeId(e.event === "labeled" ? "LE" : "UNLE", e.id),
    url: `${repoApi(ctx, repo.fullName)}/issues/events/${e.id}`,
    actor: renderUser(ctx, e.actor),
    event: e.event,
    commit_id: null,
    commit_url: null,
    created_at: e.createdAt,
    performed_via_github_app: renderPerformedVia(ctx, e.actor),
    label: { ...e.label },
  };
}

export function renderReaction(ctx: RenderContext, reaction: Reaction): Json {
  return {
    id: reaction.id,
    node_id: nodeId("REA", reaction.id),
    user: renderUser(ctx, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

/** `reaction-rollup`: counts per reaction, as issues and comments carry them. */
function reactionRollup(url: string, reactions: Reaction[]): Json {
  const count = (content: string) => reactions.filter((r) => r.content === content).length;
  const out: Json = { url, total_count: reactions.length };
  for (const content of ["+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"]) out[content] = count(content);
  return out;
}

/** A repository-unique numeric id for an issue or PR (GitHub's are global; these are stable). */
function issueId(repo: Repository, issue: Issue): number {
  return repo.id * 10000 + issue.number;
}
