/** Issues, comments, labels and reactions. Issue endpoints also serve PRs (shared numbers), as on GitHub. */
import { notFound, validationFailed } from "../../world/api-error.js";
import type { Issue } from "../../world/records.js";
import {
  addComment,
  addLabels,
  addReaction,
  createIssue,
  editComment,
  ensureLabel,
  removeLabel,
  requireIssue,
  setLabels,
  updateIssue,
} from "../../world/operations/issue-operations.js";
import { renderComment, renderIssue, renderLabel, renderReaction } from "../render/render-issues.js";
import { created, noContent, ok, paginate, type RestRequest, type RestRoute } from "../rest-route.js";

const READ: [string, "read"] = ["issues", "read"];
const WRITE: [string, "write"] = ["issues", "write"];

function labelNames(body: unknown): string[] {
  const raw = Array.isArray(body) ? body : (body as { labels?: unknown })?.labels;
  if (!Array.isArray(raw)) throw validationFailed([{ resource: "Label", field: "labels", code: "missing_field" }]);
  return raw.map((l) => (typeof l === "string" ? l : String((l as { name?: string }).name ?? "")));
}

function issueNumber(req: RestRequest): number {
  return Number(req.params.issue_number);
}

function comment(req: RestRequest) {
  const c = req.repo.comments.get(Number(req.params.comment_id));
  if (!c) throw notFound();
  return c;
}

export const issueRoutes: RestRoute[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues",
    access: "read",
    permission: READ,
    handler: (req) => {
      const q = req.query;
      const state = q.get("state") ?? "open";
      let issues = [...req.repo.issues.values()].filter((i) => state === "all" || i.state === state);
      const labels = q.get("labels")?.split(",").map((l) => l.trim().toLowerCase()).filter(Boolean) ?? [];
      if (labels.length) issues = issues.filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)));
      const creator = q.get("creator");
      if (creator) issues = issues.filter((i) => i.user.toLowerCase() === creator.toLowerCase());
      const assignee = q.get("assignee");
      if (assignee === "none") issues = issues.filter((i) => i.assignees.length === 0);
      else if (assignee && assignee !== "*") issues = issues.filter((i) => i.assignees.includes(assignee));
      const since = q.get("since");
      if (since) issues = issues.filter((i) => Date.parse(i.updatedAt) >= Date.parse(since));
      const sort = q.get("sort") ?? "created";
      const asc = q.get("direction") === "asc";
      const key = (i: Issue) => (sort === "updated" ? Date.parse(i.updatedAt) : sort === "comments" ? req.repo.commentsOn(i.number).length : i.number);
      issues.sort((a, b) => (asc ? key(a) - key(b) : key(b) - key(a)));
      const page = paginate(req, issues);
      return ok(page.items.map((i) => renderIssue(req.render, req.repo, i)), page.headers);
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const body = (req.body ?? {}) as { title?: string | number; body?: string; labels?: unknown[]; assignees?: string[] };
      const issue = createIssue(req.world, req.repo, {
        title: body.title === undefined ? "" : String(body.title),
        body: body.body ?? null,
        user: req.world.app.botLogin,
        assignees: body.assignees,
      });
      if (body.labels?.length) addLabels(req.world, req.repo, issue.number, labelNames(body.labels), req.world.app.botLogin);
      return created(renderIssue(req.render, req.repo, issue), { location: `${req.render.apiUrl}/repos/${req.repo.fullName}/issues/${issue.number}` });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}",
    access: "read",
    permission: READ,
    handler: (req) => ok(renderIssue(req.render, req.repo, requireIssue(req.repo, issueNumber(req)))),
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/issues/{issue_number}",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const body = (req.body ?? {}) as { title?: string; body?: string | null; state?: "open" | "closed"; state_reason?: Issue["stateReason"]; labels?: unknown[] };
      const n = issueNumber(req);
      requireIssue(req.repo, n);
      const sender = req.world.app.botLogin;
      updateIssue(req.world, req.repo, n, { title: body.title, body: body.body, state: body.state, stateReason: body.state_reason, sender });
      if (body.labels) setLabels(req.world, req.repo, n, labelNames(body.labels), sender);
      return ok(renderIssue(req.render, req.repo, requireIssue(req.repo, n)));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    access: "read",
    permission: READ,
    handler: (req) => {
      requireIssue(req.repo, issueNumber(req));
      let comments = req.repo.commentsOn(issueNumber(req));
      const since = req.query.get("since");
      if (since) comments = comments.filter((c) => Date.parse(c.updatedAt) >= Date.parse(since));
      const page = paginate(req, comments);
      return ok(page.items.map((c) => renderComment(req.render, req.repo, c)), page.headers);
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const { body } = (req.body ?? {}) as { body?: string };
      const c = addComment(req.world, req.repo, issueNumber(req), { user: req.world.app.botLogin, body: body ?? "" });
      return created(renderComment(req.render, req.repo, c), { location: `${req.render.apiUrl}/repos/${req.repo.fullName}/issues/comments/${c.id}` });
    },
  },
  {
    // Every issue and PR conversation comment of the repository; GitHub sorts by `created` (default) or `updated`,
    // ascending unless `direction=desc`, and `since` keeps those updated at or after it.
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/comments",
    access: "read",
    permission: READ,
    handler: (req) => {
      let comments = [...req.repo.comments.values()];
      const since = req.query.get("since");
      if (since) comments = comments.filter((c) => Date.parse(c.updatedAt) >= Date.parse(since));
      const sort = req.query.get("sort") === "updated" ? "updatedAt" : "createdAt";
      const desc = req.query.get("direction") === "desc";
      comments.sort((a, b) => (Date.parse(a[sort]) - Date.parse(b[sort]) || a.id - b.id) * (desc ? -1 : 1));
      const page = paginate(req, comments);
      return ok(page.items.map((c) => renderComment(req.render, req.repo, c)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    access: "read",
    permission: READ,
    handler: (req) => ok(renderComment(req.render, req.repo, comment(req))),
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const { body } = (req.body ?? {}) as { body?: string };
      if (typeof body !== "string") throw validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
      const c = editComment(req.world, req.repo, comment(req).id, { body, sender: req.world.app.botLogin });
      return ok(renderComment(req.render, req.repo, c));
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const c = comment(req);
      req.repo.comments.delete(c.id);
      req.world.emit({ kind: "issue_comment", action: "deleted", repo: req.repo.fullName, issue: c.issueNumber, commentId: c.id, sender: req.world.app.botLogin });
      return noContent();
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    access: "read",
    permission: READ,
    handler: (req) => {
      const issue = requireIssue(req.repo, issueNumber(req));
      return ok(issue.labels.map((l) => renderLabel(req.render, req.repo, l)));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const issue = addLabels(req.world, req.repo, issueNumber(req), labelNames(req.body), req.world.app.botLogin);
      return ok(issue.labels.map((l) => renderLabel(req.render, req.repo, l)));
    },
  },
  {
    method: "PUT",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const issue = setLabels(req.world, req.repo, issueNumber(req), labelNames(req.body), req.world.app.botLogin);
      return ok(issue.labels.map((l) => renderLabel(req.render, req.repo, l)));
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const issue = removeLabel(req.world, req.repo, issueNumber(req), req.params.name, req.world.app.botLogin);
      return ok(issue.labels.map((l) => renderLabel(req.render, req.repo, l)));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/labels",
    access: "read",
    permission: READ,
    handler: (req) => {
      const page = paginate(req, [...req.repo.labels.values()].sort((a, b) => a.id - b.id));
      return ok(page.items.map((l) => renderLabel(req.render, req.repo, l.name)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/labels/{name}",
    access: "read",
    permission: READ,
    handler: (req) => {
      if (!req.repo.labels.has(req.params.name.toLowerCase())) throw notFound();
      return ok(renderLabel(req.render, req.repo, req.params.name));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/labels",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const body = (req.body ?? {}) as { name?: string; color?: string; description?: string };
      if (!body.name) throw validationFailed([{ resource: "Label", field: "name", code: "missing_field" }]);
      if (req.repo.labels.has(body.name.toLowerCase())) throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
      const label = ensureLabel(req.world, req.repo, body.name, { color: body.color?.replace(/^#/, ""), description: body.description ?? null });
      return created(renderLabel(req.render, req.repo, label.name));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const { content } = (req.body ?? {}) as { content?: string };
      const allowed = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];
      if (!content || !allowed.includes(content)) throw validationFailed([{ resource: "Reaction", field: "content", code: "invalid" }]);
      const { reaction, created: isNew } = addReaction(req.world, req.repo, comment(req).id, { user: req.world.app.botLogin, content });
      return { status: isNew ? 201 : 200, body: renderReaction(req.render, reaction) };
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    access: "read",
    permission: READ,
    handler: (req) => {
      const content = req.query.get("content");
      const reactions = comment(req).reactions.filter((r) => !content || r.content === content);
      const page = paginate(req, reactions);
      return ok(page.items.map((r) => renderReaction(req.render, r)), page.headers);
    },
  },
];

