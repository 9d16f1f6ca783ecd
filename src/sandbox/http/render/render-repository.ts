/** Repositories in GitHub's REST shape (full-repository; also valid where `repository` is expected). */
import type { Repository } from "../../world/repository.js";
import { renderUser } from "./render-accounts.js";
import { nodeId, rebaseUrls, repoApi, repoHtml, template, type Json, type RenderContext } from "./render-context.js";

const TEMPLATE_API = "https://api.github.com/repos/octocat/Hello-World";
const TEMPLATE_HTML = "https://github.com/octocat/Hello-World";

export function renderRepository(ctx: RenderContext, repo: Repository, opts: { permissionsFor?: string } = {}): Json {
  const t = template(ctx, "full-repository");
  const api = repoApi(ctx, repo.fullName);
  const html = repoHtml(ctx, repo.fullName);
  const host = new URL(ctx.htmlUrl).host;
  rebaseUrls(t, [
    [TEMPLATE_API, api],
    [TEMPLATE_HTML, html],
    ["git:github.com/octocat/Hello-World.git", `git://${host}/${repo.fullName}.git`],
    ["git@github.com:octocat/Hello-World.git", `git@${host}:${repo.fullName}.git`],
  ]);
  delete t.template_repository;
  delete t.temp_clone_token;
  delete t.parent;
  delete t.source;
  const owner = ctx.world.account(repo.owner);
  const openIssues = [...repo.issues.values()].filter((i) => i.state === "open").length;
  const parent = repo.forkOf ? ctx.world.findRepo(repo.forkOf) : undefined;
  const out: Json = {
    ...t,
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: renderUser(ctx, repo.owner),
    private: repo.private,
    html_url: html,
    description: null,
    fork: Boolean(repo.forkOf),
    url: api,
    clone_url: `${html}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    license: null,
    language: "TypeScript",
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [],
    has_discussions: false,
    visibility: repo.private ? "private" : "public",
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    permissions: permissionsFor(repo, opts.permissionsFor),
    subscribers_count: 0,
    network_count: 0,
    organization: owner.type === "Organization" ? renderUser(ctx, repo.owner) : null,
  };
  if (!opts.permissionsFor) delete out.permissions;
  if (parent) {
    const parentJson = renderRepository(ctx, parent);
    out.parent = parentJson;
    out.source = parentJson;
  }
  return out;
}

function permissionsFor(repo: Repository, login: string | undefined): Json {
  const p = login ? repo.permissionOf(login) : "none";
  const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(p);
  return { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
}
