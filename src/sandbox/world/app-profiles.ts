/**
 * The GitHub Apps of the world, as `performed_via_github_app` and check runs name them: the
 * world's own app (the bot, `<slug>[bot]`), GitHub Actions (`github-actions[bot]`, app 15368,
 * its real profile as GitHub serves it) and any other `<slug>[bot]` account, whose app is made
 * up on first use with a stable id. An app acts through its bot account, so "made by an app"
 * is "made by that bot account".
 */
import type { World } from "./world.js";

export interface AppProfile {
  id: number;
  slug: string;
  nodeId: string;
  name: string;
  description: string | null;
  externalUrl: string;
  /** The owning account's login (an organization). */
  owner: string;
  clientId: string;
  createdAt: string;
  updatedAt: string;
  permissions: Record<string, string>;
  events: string[];
}

/** GitHub Actions as GitHub renders it (from a real `deployment.performed_via_github_app`). */
export const GITHUB_ACTIONS: AppProfile = {
  id: 15368,
  slug: "github-actions",
  nodeId: "MDM6QXBwMTUzNjg=",
  name: "GitHub Actions",
  description: "Automate your workflow from idea to production",
  externalUrl: "https://help.github.com/en/actions",
  owner: "github",
  clientId: "Iv1.05c79e9ad1f6bdfa",
  createdAt: "2018-07-30T09:30:17Z",
  updatedAt: "2019-12-10T19:04:12Z",
  permissions: {
    actions: "write",
    administration: "read",
    checks: "write",
    contents: "write",
    deployments: "write",
    discussions: "write",
    issues: "write",
    merge_queues: "write",
    metadata: "read",
    packages: "write",
    pages: "write",
    pull_requests: "write",
    repository_hooks: "write",
    repository_projects: "write",
    security_events: "write",
    statuses: "write",
    vulnerability_alerts: "read",
  },
  events: [
    "branch_protection_rule", "check_run", "check_suite", "create", "delete", "deployment", "deployment_status", "discussion",
    "discussion_comment", "fork", "gollum", "issues", "issue_comment", "label", "merge_group", "milestone", "page_build", "project",
    "project_card", "project_column", "public", "pull_request", "pull_request_review", "pull_request_review_comment", "push",
    "registry_package", "release", "repository", "repository_dispatch", "status", "watch", "workflow_dispatch", "workflow_run",
  ],
};

/** The app whose bot account is `login`, or undefined for users and organizations. */
export function appForLogin(world: World, login: string): AppProfile | undefined {
  if (login.toLowerCase() === world.app.botLogin.toLowerCase()) return worldAppProfile(world);
  const m = /^(.+)\[bot\]$/i.exec(login);
  return m ? appBySlug(world, m[1]) : undefined;
}

/** The app with this slug: the world's, GitHub Actions, or one registered now (stable id per world). */
export function appBySlug(world: World, slug: string): AppProfile {
  if (slug.toLowerCase() === world.app.slug.toLowerCase()) return worldAppProfile(world);
  const key = slug.toLowerCase();
  const known = world.otherApps.get(key);
  if (known) return known;
  const id = key === GITHUB_ACTIONS.slug ? GITHUB_ACTIONS.id : 900000 + world.nextId("app");
  const profile: AppProfile =
    key === GITHUB_ACTIONS.slug
      ? { ...GITHUB_ACTIONS }
      : {
          id,
          slug,
          nodeId: `A_${Buffer.from(`A:${id}`).toString("base64url")}`,
          name: slug,
          description: null,
          externalUrl: `https://${slug}.example`,
          owner: slug,
          clientId: `Iv1.${id.toString(16).padStart(16, "0")}`,
          createdAt: "2020-01-01T00:00:00Z",
          updatedAt: "2020-01-01T00:00:00Z",
          permissions: { metadata: "read" },
          events: [],
        };
  world.otherApps.set(key, profile);
  if (!world.accounts.has(profile.owner.toLowerCase())) world.account(profile.owner, "Organization");
  world.account(`${profile.slug}[bot]`, "Bot");
  return profile;
}

function worldAppProfile(world: World): AppProfile {
  const app = world.app;
  return {
    id: app.id,
    slug: app.slug,
    nodeId: `A_${Buffer.from(`A:${app.id}`).toString("base64url")}`,
    name: app.name,
    description: "GitOps release PRs, deploys and issue feedback",
    externalUrl: `https://github.com/apps/${app.slug}`,
    owner: app.owner,
    clientId: app.clientId,
    createdAt: app.createdAt,
    updatedAt: app.createdAt,
    permissions: { ...app.permissions },
    events: [...app.events],
  };
}
