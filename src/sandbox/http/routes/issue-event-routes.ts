/** Issue events (the REST timeline of labels): who added or removed which label, when. */
import { notFound } from "../../world/api-error.js";
import { requireIssue } from "../../world/operations/issue-operations.js";
import { renderIssue, renderIssueEvent } from "../render/render-issues.js";
import { ok, paginate, type RestRoute } from "../rest-route.js";

const READ: [string, "read"] = ["issues", "read"];

export const issueEventRoutes: RestRoute[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/{issue_number}/events",
    access: "read",
    permission: READ,
    handler: (req) => {
      const number = Number(req.params.issue_number);
      requireIssue(req.repo, number);
      const page = paginate(req, req.repo.eventsOf(number));
      return ok(page.items.map((e) => renderIssueEvent(req.render, req.repo, e)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/issues/events/{event_id}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const event = req.repo.issueEvents.find((e) => e.id === Number(req.params.event_id));
      if (!event) throw notFound();
      const issue = requireIssue(req.repo, event.issueNumber);
      return ok({ ...renderIssueEvent(req.render, req.repo, event), issue: renderIssue(req.render, req.repo, issue) });
    },
  },
];
