/**
 * Issues (and the issue side of pull requests): create, edit, close, comment, label, react.
 * Labels are created on first use, as GitHub does. Each change emits the event GitHub sends.
 */
import { createHash } from "node:crypto";
import type { World } from "../world.js";
import type { Repository } from "../repository.js";
import type { Comment, Issue, IssueEvent, Label, Reaction } from "../records.js";
import type { EditChanges } from "../world-event.js";
import { ApiError, notFound, validationFailed } from "../api-error.js";
import { checkBodyLength } from "../body-limits.js";

export function requireIssue(repo: Repository, number: number): Issue {
  const issue = repo.issue(number);
  if (!issue) throw notFound();
  return issue;
}

export function createIssue(
  world: World,
  repo: Repository,
  opts: { title: string; body?: string | null; user: string; labels?: string[]; assignees?: string[]; number?: number; state?: "open" | "closed"; silent?: boolean },
): Issue {
  if (!opts.title || !opts.title.trim()) throw validationFailed([{ resource: "Issue", field: "title", code: "missing_field" }]);
  checkBodyLength("Issue", opts.body);
  world.account(opts.user);
  const now = world.now();
  const issue: Issue = {
    number: repo.takeNumber(opts.number),
    title: opts.title,
    body: opts.body ?? null,
    user: opts.user,
    state: opts.state ?? "open",
    stateReason: opts.state === "closed" ? "completed" : null,
    labels: [],
    assignees: [...(opts.assignees ?? [])],
    createdAt: now,
    updatedAt: now,
    closedAt: opts.state === "closed" ? now : null,
    closedBy: opts.state === "closed" ? opts.user : null,
  };
  repo.issues.set(issue.number, issue);
  for (const name of opts.labels ?? []) if (!issue.labels.includes(name)) issue.labels.push(ensureLabel(world, repo, name).name);
  if (!opts.silent) world.emit({ kind: "issues", action: "opened", repo: repo.fullName, issue: issue.number, sender: opts.user });
  return issue;
}

/** Title/body/state edits of an issue or PR; emits edited / closed / reopened. */
export function updateIssue(
  world: World,
  repo: Repository,
  number: number,
  patch: { title?: string; body?: string | null; state?: "open" | "closed"; stateReason?: Issue["stateReason"]; sender: string },
): Issue {
  const issue = requireIssue(repo, number);
  const kind = issue.pull ? "pull_request" : "issues";
  checkBodyLength(issue.pull ? "PullRequest" : "Issue", patch.body);
  // What an `edited` webhook's `changes` says: the previous value of each changed field.
  const changes: EditChanges = {};
  if (patch.title !== undefined && patch.title !== issue.title) changes.title = { from: issue.title };
  if (patch.body !== undefined && patch.body !== issue.body) changes.body = { from: issue.body ?? "" };
  const edited = Boolean(changes.title || changes.body);
  if (patch.title !== undefined) issue.title = patch.title;
  if (patch.body !== undefined) issue.body = patch.body;
  const now = world.now();
  if (edited) issue.updatedAt = now;
  if (edited) emitIssueish(world, repo, issue, kind, "edited", patch.sender, undefined, changes);
  if (patch.state && patch.state !== issue.state) {
    if (patch.state === "open" && issue.pull?.merged) throw validationFailed([{ resource: "PullRequest", code: "custom", field: "state", message: "state cannot be changed. The pull request has been merged." }]);
    issue.state = patch.state;
    issue.updatedAt = now;
    if (patch.state === "closed") {
      issue.closedAt = now;
      issue.closedBy = patch.sender;
      issue.stateReason = patch.stateReason ?? "completed";
      emitIssueish(world, repo, issue, kind, "closed", patch.sender);
    } else {
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = "reopened";
      if (issue.pull) issue.pull.headSha = repo.branchHead(issue.pull.headRef) ?? issue.pull.headSha;
      emitIssueish(world, repo, issue, kind, "reopened", patch.sender);
    }
  } else if (patch.stateReason !== undefined && issue.state === "closed") {
    issue.stateReason = patch.stateReason;
  }
  return issue;
}

export function addComment(world: World, repo: Repository, number: number, opts: { user: string; body: string }): Comment {
  const issue = requireIssue(repo, number);
  if (!opts.body) throw validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
  checkBodyLength("IssueComment", opts.body);
  world.account(opts.user);
  const now = world.now();
  const comment: Comment = { id: world.nextId("comment"), issueNumber: number, user: opts.user, body: opts.body, createdAt: now, updatedAt: now, reactions: [] };
  repo.comments.set(comment.id, comment);
  issue.updatedAt = now;
  world.emit({ kind: "issue_comment", action: "created", repo: repo.fullName, issue: number, commentId: comment.id, sender: opts.user });
  return comment;
}

export function editComment(world: World, repo: Repository, commentId: number, opts: { body: string; sender: string }): Comment {
  const comment = repo.comments.get(commentId);
  if (!comment) throw notFound();
  checkBodyLength("IssueComment", opts.body);
  if (comment.body === opts.body) return comment;
  const from = comment.body;
  comment.body = opts.body;
  comment.updatedAt = world.now();
  world.emit({ kind: "issue_comment", action: "edited", repo: repo.fullName, issue: comment.issueNumber, commentId, from, sender: opts.sender });
  return comment;
}

/** The label, created (with a stable color) the first time a name is used. */
export function ensureLabel(world: World, repo: Repository, name: string, opts: { color?: string; description?: string | null } = {}): Label {
  const existing = repo.labels.get(name.toLowerCase());
  if (existing) return existing;
  const label: Label = {
    id: world.nextId("label"),
    name,
    color: opts.color ?? createHash("sha1").update(name).digest("hex").slice(0, 6),
    description: opts.description ?? null,
    default: false,
  };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

/**
 * Adds labels (creating them as needed); records a `labeled` issue event and emits `labeled` for
 * each label that was not there. `at` dates the issue events of seeded labels.
 */
export function addLabels(world: World, repo: Repository, number: number, names: string[], sender: string, opts: { at?: string; silent?: boolean } = {}): Issue {
  const issue = requireIssue(repo, number);
  for (const raw of names) {
    const label = ensureLabel(world, repo, raw);
    if (issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) continue;
    issue.labels.push(label.name);
    issue.updatedAt = world.now();
    recordLabelEvent(world, repo, { issueNumber: number, event: "labeled", actor: sender, label: { name: label.name, color: label.color }, createdAt: opts.at ?? world.now() });
    if (!opts.silent) emitIssueish(world, repo, issue, issue.pull ? "pull_request" : "issues", "labeled", sender, label.name);
  }
  return issue;
}

function recordLabelEvent(world: World, repo: Repository, event: Omit<IssueEvent, "id">): void {
  repo.issueEvents.push({ id: world.nextId("issue_event"), ...event });
}

/** Removes one label; 404 "Label does not exist" when the issue does not carry it, as GitHub answers. */
export function removeLabel(world: World, repo: Repository, number: number, name: string, sender: string): Issue {
  const issue = requireIssue(repo, number);
  const index = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new ApiError(404, { message: "Label does not exist" });
  const [removed] = issue.labels.splice(index, 1);
  issue.updatedAt = world.now();
  const label = repo.labels.get(removed.toLowerCase());
  recordLabelEvent(world, repo, { issueNumber: number, event: "unlabeled", actor: sender, label: { name: removed, color: label?.color ?? "ededed" }, createdAt: world.now() });
  emitIssueish(world, repo, issue, issue.pull ? "pull_request" : "issues", "unlabeled", sender, removed);
  return issue;
}

/** Replaces all labels (PUT …/labels). */
export function setLabels(world: World, repo: Repository, number: number, names: string[], sender: string): Issue {
  const issue = requireIssue(repo, number);
  for (const name of [...issue.labels]) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) removeLabel(world, repo, number, name, sender);
  return addLabels(world, repo, number, names, sender);
}

/** A reaction on a comment; an identical one by the same user is returned instead (`created: false`). */
export function addReaction(world: World, repo: Repository, commentId: number, opts: { user: string; content: string }): { reaction: Reaction; created: boolean } {
  const comment = repo.comments.get(commentId);
  if (!comment) throw notFound();
  const existing = comment.reactions.find((r) => r.user === opts.user && r.content === opts.content);
  if (existing) return { reaction: existing, created: false };
  const reaction: Reaction = { id: world.nextId("reaction"), user: opts.user, content: opts.content, createdAt: world.now() };
  comment.reactions.push(reaction);
  world.emit({ kind: "reaction", repo: repo.fullName, commentId, content: opts.content, sender: opts.user });
  return { reaction, created: true };
}

function emitIssueish(
  world: World,
  repo: Repository,
  issue: Issue,
  kind: "issues" | "pull_request",
  action: "edited" | "closed" | "reopened" | "labeled" | "unlabeled",
  sender: string,
  label?: string,
  changes?: EditChanges,
): void {
  const extra = changes ? { changes } : {};
  if (kind === "pull_request") world.emit({ kind, action, repo: repo.fullName, number: issue.number, label, sender, ...extra });
  else world.emit({ kind, action, repo: repo.fullName, issue: issue.number, label, sender, ...extra });
}
