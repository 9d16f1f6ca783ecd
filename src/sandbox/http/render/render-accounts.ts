/** Users, organizations, the app (integration) and installations, in GitHub's REST shape. */
import type { Installation } from "../../world/records.js";
import { isoSeconds } from "../../world/clock.js";
import { appBySlug, appForLogin, type AppProfile } from "../../world/app-profiles.js";
import { nodeId, template, type Json, type RenderContext } from "./render-context.js";

/** simple-user for a login (also organizations and bots, as GitHub renders them). */
export function renderUser(ctx: RenderContext, login: string): Json {
  const account = ctx.world.account(login);
  const t = template(ctx, "simple-user");
  const path = encodeURIComponent(account.login);
  const api = `${ctx.apiUrl}/users/${path}`;
  return {
    ...t,
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type === "Organization" ? "O" : account.type === "Bot" ? "BOT" : "U", account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: account.type === "Bot" ? `${ctx.htmlUrl}/apps/${account.login.replace(/\[bot\]$/, "")}` : `${ctx.htmlUrl}/${path}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    site_admin: false,
  };
}

export function renderUserOrNull(ctx: RenderContext, login: string | null | undefined): Json | null {
  return login ? renderUser(ctx, login) : null;
}

/** The app as `GET /app` and check runs' `app` show it. */
export function renderApp(ctx: RenderContext): Json {
  return renderIntegration(ctx, appBySlug(ctx.world, ctx.world.app.slug));
}

/** An app as `integration` (and `nullable-integration`, e.g. `performed_via_github_app`). */
export function renderIntegration(ctx: RenderContext, app: AppProfile): Json {
  const t = template(ctx, "integration");
  return {
    ...t,
    id: app.id,
    slug: app.slug,
    client_id: app.clientId,
    node_id: app.nodeId,
    owner: renderUser(ctx, app.owner),
    name: app.name,
    description: app.description,
    external_url: app.externalUrl,
    html_url: `${ctx.htmlUrl}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    permissions: { ...app.permissions },
    events: [...app.events],
  };
}

/**
 * `performed_via_github_app` of something `login` made: the app whose bot account that is
 * (the world's app, GitHub Actions, any `<slug>[bot]`), null for users, as GitHub renders it.
 */
export function renderPerformedVia(ctx: RenderContext, login: string): Json | null {
  const app = appForLogin(ctx.world, login);
  return app ? renderIntegration(ctx, app) : null;
}

export function renderInstallation(ctx: RenderContext, installation: Installation): Json {
  const t = template(ctx, "installation");
  const account = ctx.world.account(installation.account);
  // GET /app/installations inlines `account` as allOf [simple-user, enterprise] (the `installation`
  // component says anyOf): the enterprise fields are added so the account satisfies both.
  const accountJson = { ...renderUser(ctx, installation.account), name: account.name ?? account.login, slug: account.login.toLowerCase(), created_at: installation.createdAt, updated_at: installation.createdAt };
  return {
    ...t,
    id: installation.id,
    account: accountJson,
    repository_selection: installation.selection,
    access_tokens_url: `${ctx.apiUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.apiUrl}/installation/repositories`,
    html_url: `${ctx.htmlUrl}/organizations/${installation.account}/settings/installations/${installation.id}`,
    app_id: ctx.world.app.id,
    client_id: ctx.world.app.clientId,
    target_id: account.id,
    target_type: account.type === "Organization" ? "Organization" : "User",
    permissions: { ...installation.permissions },
    events: [...installation.events],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    app_slug: ctx.world.app.slug,
    suspended_at: null,
    suspended_by: null,
  };
}

export function renderExpiry(date: Date): string {
  return isoSeconds(date);
}
