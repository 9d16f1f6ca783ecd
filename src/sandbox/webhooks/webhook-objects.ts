/**
 * The objects webhook payloads embed, where they differ from the REST renderings (per
 * `@octokit/webhooks-schemas`): a webhook `repository` has no `network_count`/`subscribers_count`,
 * no `parent`/`source`, no `organization` object, and carries `custom_properties`; push's
 * repository has numeric `created_at`/`pushed_at`, `stargazers`, `master_branch`, an owner with
 * `name` and `email`, and names its organization by login (`organization: "acme"`, as in
 * GitHub's push examples; no other event's repository carries it); workflow runs embed `repository-lite`;
 * issues carry no `closed_by`/`pinned_comment`; the payload's `organization` is the org object
 * and `installation` only its id and node id.
 */
import type { World } from "../world/world.js";
import type { Repository } from "../world/repository.js";
import type { Installation, Issue } from "../world/records.js";
import { renderUser } from "../http/render/render-accounts.js";
import { renderRepository } from "../http/render/render-repository.js";
import { renderIssue, renderPull } from "../http/render/render-issues.js";
import type { Json, RenderContext } from "../http/render/render-context.js";

/** Fields of the REST full repository that the webhook `repository` does not have. */
const REST_ONLY_REPOSITORY_FIELDS = ["organization", "network_count", "subscribers_count", "parent", "source", "template_repository", "temp_clone_token"];

/** `repository` as every webhook payload (and a PR's `head.repo`/`base.repo`) carries it. */
export function webhookRepository(ctx: RenderContext, repo: Repository): Json {
  const out = renderRepository(ctx, repo);
  for (const key of REST_ONLY_REPOSITORY_FIELDS) delete out[key];
  out.custom_properties = {};
  return out;
}

/** Push payloads' `repository`: timestamps in seconds since the epoch, `stargazers`, `master_branch`, owner with name and email. */
export function pushRepository(ctx: RenderContext, repo: Repository): Json {
  const out = webhookRepository(ctx, repo);
  const owner = ctx.world.account(repo.owner);
  out.created_at = Math.floor(Date.parse(repo.createdAt) / 1000);
  out.pushed_at = Math.floor(Date.parse(repo.pushedAt) / 1000);
  out.stargazers = out.stargazers_count;
  out.master_branch = repo.defaultBranch;
  out.owner = { ...(out.owner as Json), name: owner.login, email: null };
  if (owner.type === "Organization") out.organization = owner.login;
  return out;
}

/** The URL fields and identity of a repository (`repository-lite`): workflow runs' `repository` and `head_repository`. */
const LITE_FIELDS = [
  "id", "node_id", "name", "full_name", "private", "owner", "html_url", "description", "fork", "url",
  "archive_url", "assignees_url", "blobs_url", "branches_url", "collaborators_url", "comments_url", "commits_url",
  "compare_url", "contents_url", "contributors_url", "deployments_url", "downloads_url", "events_url", "forks_url",
  "git_commits_url", "git_refs_url", "git_tags_url", "hooks_url", "issue_comment_url", "issue_events_url", "issues_url",
  "keys_url", "labels_url", "languages_url", "merges_url", "milestones_url", "notifications_url", "pulls_url",
  "releases_url", "stargazers_url", "statuses_url", "subscribers_url", "subscription_url", "tags_url", "teams_url",
  "trees_url",
];

export function repositoryLite(ctx: RenderContext, repo: Repository): Json {
  const full = renderRepository(ctx, repo);
  return Object.fromEntries(LITE_FIELDS.map((key) => [key, full[key]]));
}

/** An issue (or a PR seen as one) as `issues` and `issue_comment` payloads carry it. */
export function webhookIssue(ctx: RenderContext, repo: Repository, issue: Issue): Json {
  const out = renderIssue(ctx, repo, issue);
  delete out.closed_by;
  delete out.pinned_comment;
  return out;
}

/** A pull request as `pull_request` payloads carry it: head and base repositories in the webhook shape. */
export function webhookPull(ctx: RenderContext, repo: Repository, pull: Issue): Json {
  const out = renderPull(ctx, repo, pull);
  for (const side of ["head", "base"] as const) {
    const branch = out[side] as Json;
    const sideRepo = branch.repo ? ctx.world.findRepo((branch.repo as Json).full_name as string) : undefined;
    out[side] = { ...branch, repo: sideRepo ? webhookRepository(ctx, sideRepo) : null };
  }
  return out;
}

/** The payload's `organization` (`organization` definition), for repositories an organization owns. */
export function webhookOrganization(ctx: RenderContext, world: World, login: string): Json | undefined {
  const account = world.account(login);
  if (account.type !== "Organization") return undefined;
  const user = renderUser(ctx, login);
  const api = `${ctx.apiUrl}/orgs/${account.login}`;
  return {
    login: account.login,
    id: user.id,
    node_id: user.node_id,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: user.avatar_url,
    description: "",
  };
}

/** `installation-lite`: what every payload sent to an app says of its installation. */
export function installationLite(installation: Installation): Json {
  return { id: installation.id, node_id: Buffer.from(`023:IntegrationInstallation${installation.id}`).toString("base64") };
}
