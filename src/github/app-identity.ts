/**
 * Who the bot is on GitHub: the app's id and slug, and its bot account `<slug>[bot]`. What the
 * bot trusts as its own writing is decided against this (see `authoredByApp`), never against
 * text: hidden markers count only in comments, issues and PRs this app authored.
 */
import type { Probot } from "probot";
import { toGitHubError } from "./to-github-error.js";

export interface AppIdentity {
  id: number;
  slug: string;
  /** `<slug>[bot]`: the login of everything the app writes with an installation token. */
  botLogin: string;
}

export const identityOf = (app: { id: number; slug: string }): AppIdentity => ({ id: app.id, slug: app.slug, botLogin: `${app.slug}[bot]` });

/** The REST fields GitHub sets on issues, PRs, comments and deployments that say who made them. */
export interface RestAuthorship {
  user?: { login?: string; type?: string } | null;
  creator?: { login?: string; type?: string } | null;
  performed_via_github_app?: { id?: number | null } | null;
}

/**
 * True when this app made the object: GitHub's `performed_via_github_app` is this app, or the
 * author is this app's bot account (a user cannot have a login ending in `[bot]`).
 */
export function authoredByApp(raw: RestAuthorship, identity: AppIdentity): boolean {
  if (raw.performed_via_github_app?.id === identity.id) return true;
  const author = raw.user ?? raw.creator;
  return author?.login === identity.botLogin;
}

/**
 * `GET /app` once per process (app JWT), remembered; a failure is not remembered, so the next
 * event asks again. Every handler needs it before it can tell the bot's writing from others'.
 */
export function appIdentityLoader(app: Pick<Probot, "auth">): () => Promise<AppIdentity> {
  let pending: Promise<AppIdentity> | undefined;
  return () => {
    pending ??= (async () => {
      const octokit = await app.auth();
      try {
        const { data } = await octokit.request("GET /app");
        if (!data) throw new Error("GET /app answered no app");
        return identityOf({ id: data.id, slug: data.slug ?? "" });
      } catch (error) {
        throw toGitHubError("GET /app", error);
      }
    })().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
