/** Repository reads: the repository, contents, commits, compare, tags, branches, permissions. */
import { ApiError, notFound } from "../../world/api-error.js";
import { renderRepository } from "../render/render-repository.js";
import { renderCommit, renderContentFile, renderDiffEntry, renderTag } from "../render/render-git.js";
import { renderUser } from "../render/render-accounts.js";
import { repoApi, repoHtml } from "../render/render-context.js";
import { ok, paginate, type RestRequest, type RestRoute } from "../rest-route.js";

const READ: [string, "read"] = ["contents", "read"];

export const repoRoutes: RestRoute[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}",
    access: "read",
    handler: (req) => ok(renderRepository(req.render, req.repo)),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/contents/{path}",
    access: "read",
    permission: READ,
    handler: (req) => getContents(req),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits",
    access: "read",
    permission: READ,
    handler: (req) => {
      const ref = req.query.get("sha") ?? req.repo.defaultBranch;
      const head = req.repo.resolveCommit(ref);
      if (!head) {
        if (req.repo.refs.size === 0) throw new ApiError(409, { message: "Git Repository is empty." });
        throw new ApiError(404, { message: `No commit found for SHA: ${ref}` });
      }
      let commits = req.repo.git.history(head.sha);
      const path = req.query.get("path");
      if (path) {
        commits = commits.filter((c) => {
          const before = req.repo.git.commit(c.parents[0] ?? "");
          return req.repo.git.diff(before?.tree, c.tree).some((d) => d.path === path || d.path.startsWith(`${path}/`));
        });
      }
      const since = req.query.get("since");
      const until = req.query.get("until");
      if (since) commits = commits.filter((c) => Date.parse(c.committer.date) >= Date.parse(since));
      if (until) commits = commits.filter((c) => Date.parse(c.committer.date) <= Date.parse(until));
      const page = paginate(req, commits);
      return ok(page.items.map((c) => renderCommit(req.render, req.repo, c)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/commits/{ref}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const commit = req.repo.resolveCommit(req.params.ref);
      if (!commit) throw new ApiError(422, { message: `No commit found for SHA: ${req.params.ref}` });
      return ok(renderCommit(req.render, req.repo, commit, { withFiles: true }));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/compare/{basehead}",
    access: "read",
    permission: READ,
    handler: (req) => compare(req),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/tags",
    access: "read",
    permission: READ,
    handler: (req) => {
      const tags = [...req.repo.tags()].sort(([a], [b]) => b.localeCompare(a, "en", { numeric: true }));
      const page = paginate(req, tags);
      return ok(page.items.map(([name, sha]) => renderTag(req.render, req.repo, name, sha)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/branches/{branch}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const sha = req.repo.branchHead(req.params.branch);
      const commit = sha ? req.repo.git.commit(sha) : undefined;
      if (!commit) throw new ApiError(404, { message: "Branch not found" });
      const api = repoApi(req.render, req.repo.fullName);
      return ok({
        name: req.params.branch,
        commit: renderCommit(req.render, req.repo, commit),
        _links: { self: `${api}/branches/${req.params.branch}`, html: `${repoHtml(req.render, req.repo.fullName)}/tree/${req.params.branch}` },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
        protection_url: `${api}/branches/${req.params.branch}/protection`,
      });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    access: "read",
    handler: (req) => {
      const login = req.params.username;
      const account = req.world.accounts.get(login.toLowerCase());
      if (!account) throw notFound();
      let role: string = req.repo.permissionOf(account.login);
      if (role === "none" && !req.repo.private) role = "read";
      // `permission` is the legacy field: maintain reads as write, triage as read.
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return ok({ permission, role_name: role, user: { ...renderUser(req.render, account.login), permissions: rolePermissions(role), role_name: role } });
    },
  },
];

function rolePermissions(role: string): Record<string, boolean> {
  const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(role);
  return { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
}

function getContents(req: RestRequest) {
  const repo = req.repo;
  const ref = req.query.get("ref") ?? repo.defaultBranch;
  const commit = repo.resolveCommit(ref);
  if (!commit) throw new ApiError(404, { message: `No commit found for the ref ${ref}` });
  const path = req.params.path.replace(/^\/+|\/+$/g, "");
  const file = repo.git.fileIn(commit.tree, path);
  const accept = String(req.headers.accept ?? "");
  if (file) {
    if (/vnd\.github(\.v3)?\.raw/.test(accept)) {
      return { status: 200, raw: file.content.toString("utf8"), headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
    }
    return ok(renderContentFile(req.render, repo, path, ref, { sha: file.sha, content: file.content }));
  }
  // A directory: list its entries.
  const files = repo.git.flatten(commit.tree);
  const prefix = `${path}/`;
  const children = new Map<string, { type: "file" | "dir"; sha: string; size: number }>();
  for (const [p, entry] of files) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const name = rest.split("/")[0];
    if (rest.includes("/")) children.set(name, { type: "dir", sha: entry.sha, size: 0 });
    else children.set(name, { type: "file", sha: entry.sha, size: repo.git.blob(entry.sha)?.length ?? 0 });
  }
  if (children.size === 0) throw notFound();
  const api = repoApi(req.render, repo.fullName);
  const html = repoHtml(req.render, repo.fullName);
  return ok(
    [...children].map(([name, c]) => {
      const p = `${path}/${name}`;
      const self = `${api}/contents/${p}?ref=${encodeURIComponent(ref)}`;
      const git = `${api}/git/${c.type === "dir" ? "trees" : "blobs"}/${c.sha}`;
      const htmlUrl = `${html}/${c.type === "dir" ? "tree" : "blob"}/${ref}/${p}`;
      return { type: c.type, size: c.size, name, path: p, sha: c.sha, url: self, git_url: git, html_url: htmlUrl, download_url: null, _links: { self, git, html: htmlUrl } };
    }),
  );
}

function compare(req: RestRequest) {
  const repo = req.repo;
  const raw = req.params.basehead;
  const sep = raw.includes("...") ? "..." : "..";
  const [baseSpec, headSpec] = raw.split(sep);
  if (!baseSpec || !headSpec) throw notFound();
  const strip = (spec: string) => spec.replace(/^[^:]+:/, "");
  const base = repo.resolveCommit(strip(baseSpec));
  const head = repo.resolveCommit(strip(headSpec));
  if (!base || !head) throw notFound();
  const git = repo.git;
  const mergeBase = git.mergeBase(base.sha, head.sha);
  if (!mergeBase) throw notFound();
  const ahead = git.between(base.sha, head.sha);
  const behind = git.between(head.sha, base.sha);
  const status = ahead.length === 0 && behind.length === 0 ? "identical" : behind.length === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
  const paginated = req.query.has("per_page") || req.query.has("page");
  const page = paginated ? paginate(req, ahead) : { items: ahead.slice(0, 250), headers: {} };
  const firstPage = !paginated || Number(req.query.get("page") ?? 1) <= 1;
  const files = firstPage ? git.diff(mergeBase.tree, head.tree).slice(0, 300).map((d) => renderDiffEntry(req.render, repo, d, head.sha)) : [];
  const html = repoHtml(req.render, repo.fullName);
  const api = repoApi(req.render, repo.fullName);
  return ok(
    {
      url: `${api}/compare/${raw}`,
      html_url: `${html}/compare/${raw}`,
      permalink_url: `${html}/compare/${repo.owner}:${base.sha}...${repo.owner}:${head.sha}`,
      diff_url: `${html}/compare/${raw}.diff`,
      patch_url: `${html}/compare/${raw}.patch`,
      base_commit: renderCommit(req.render, repo, base),
      merge_base_commit: renderCommit(req.render, repo, mergeBase),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: page.items.map((c) => renderCommit(req.render, repo, c)),
      files,
    },
    page.headers,
  );
}
