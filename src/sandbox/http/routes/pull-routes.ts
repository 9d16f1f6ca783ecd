/** Pull requests: list (with GitHub's `head=owner:branch` filter), get, create, update, files, commits, merge. */
import { notFound, validationFailed } from "../../world/api-error.js";
import type { Issue } from "../../world/records.js";
import { updateIssue } from "../../world/operations/issue-operations.js";
import { mergePull, openPull, parseHead, pullCommits, pullFiles, type MergeMethod } from "../../world/operations/pull-operations.js";
import { renderPull } from "../render/render-issues.js";
import { renderCommit, renderDiffEntry } from "../render/render-git.js";
import { created, ok, paginate, type RestRequest, type RestRoute } from "../rest-route.js";

const READ: [string, "read"] = ["pull_requests", "read"];
const WRITE: [string, "write"] = ["pull_requests", "write"];

function requirePull(req: RestRequest): Issue {
  const pull = req.repo.pull(Number(req.params.pull_number));
  if (!pull) throw notFound();
  return pull;
}

export const pullRoutes: RestRoute[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls",
    access: "read",
    permission: READ,
    handler: (req) => {
      const state = req.query.get("state") ?? "open";
      let pulls = req.repo.pulls().filter((p) => state === "all" || p.state === state);
      const head = req.query.get("head");
      // GitHub applies `head` only in its `user:ref-name` form; a bare branch name filters nothing.
      if (head && head.includes(":")) {
        const parsed = parseHead(req.world, req.repo, head);
        pulls = parsed.repo
          ? pulls.filter((p) => p.pull!.headRef === parsed.branch && p.pull!.headRepo.toLowerCase() === parsed.repo!.fullName.toLowerCase())
          : [];
      }
      const base = req.query.get("base");
      if (base) pulls = pulls.filter((p) => p.pull!.baseRef === base);
      const sort = req.query.get("sort") ?? "created";
      const direction = req.query.get("direction") ?? (sort === "created" || sort === "updated" ? "desc" : "desc");
      const key = (p: Issue) => (sort === "updated" ? Date.parse(p.updatedAt) : p.number);
      pulls.sort((a, b) => (direction === "asc" ? key(a) - key(b) : key(b) - key(a)));
      const page = paginate(req, pulls);
      return ok(page.items.map((p) => renderPull(req.render, req.repo, p, { simple: true })), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}",
    access: "read",
    permission: READ,
    handler: (req) => ok(renderPull(req.render, req.repo, requirePull(req))),
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/pulls",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const body = (req.body ?? {}) as { title?: string; head?: string; base?: string; body?: string; draft?: boolean };
      const missing = (["head", "base"] as const).filter((k) => !body[k]);
      if (missing.length) throw validationFailed(missing.map((field) => ({ resource: "PullRequest", field, code: "missing_field" })));
      const pull = openPull(req.world, req.repo, {
        head: body.head!,
        base: body.base!,
        title: body.title ?? "",
        body: body.body ?? null,
        draft: body.draft,
        user: req.world.app.botLogin,
      });
      return created(renderPull(req.render, req.repo, pull), { location: `${req.render.apiUrl}/repos/${req.repo.fullName}/pulls/${pull.number}` });
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const pull = requirePull(req);
      const body = (req.body ?? {}) as { title?: string; body?: string; state?: "open" | "closed"; base?: string };
      if (body.base && body.base !== pull.pull!.baseRef) {
        const sha = req.repo.branchHead(body.base);
        if (!sha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
        pull.pull!.baseRef = body.base;
        pull.pull!.baseSha = sha;
      }
      updateIssue(req.world, req.repo, pull.number, { title: body.title, body: body.body, state: body.state, sender: req.world.app.botLogin });
      return ok(renderPull(req.render, req.repo, pull));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    access: "read",
    permission: READ,
    handler: (req) => {
      const pull = requirePull(req);
      const page = paginate(req, pullFiles(req.world, req.repo, pull).slice(0, 3000));
      return ok(page.items.map((d) => renderDiffEntry(req.render, req.repo, d, pull.pull!.headSha)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
    access: "read",
    permission: READ,
    handler: (req) => {
      const pull = requirePull(req);
      const page = paginate(req, pullCommits(req.repo, pull).slice(0, 250));
      return ok(page.items.map((c) => renderCommit(req.render, req.repo, c)), page.headers);
    },
  },
  {
    method: "PUT",
    route: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    access: "write",
    permission: ["contents", "write"],
    handler: (req) => {
      const pull = requirePull(req);
      const body = (req.body ?? {}) as { commit_title?: string; commit_message?: string; sha?: string; merge_method?: MergeMethod };
      const commit = mergePull(req.world, req.repo, pull.number, {
        user: req.world.app.botLogin,
        method: body.merge_method,
        commitTitle: body.commit_title,
        commitMessage: body.commit_message,
        sha: body.sha,
      });
      return ok({ sha: commit.sha, merged: true, message: "Pull Request successfully merged" });
    },
  },
];
