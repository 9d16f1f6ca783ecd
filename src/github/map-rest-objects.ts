/** REST objects (snake_case, GitHub's shape) to the port's small camelCase types. */
import { authoredByApp, type AppIdentity, type RestAuthorship } from "./app-identity.js";
import type { Comment, Issue, PullRequest } from "./github-port.js";

type Label = string | { name?: string };
const labelNames = (labels: Label[] | undefined): string[] =>
  (labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);

export function mapPull(raw: unknown, identity: AppIdentity): PullRequest {
  const p = raw as RestAuthorship & {
    number: number; title: string; body: string | null; state: "open" | "closed"; merged?: boolean; merged_at: string | null;
    head: { ref: string; sha: string; repo: { full_name: string } | null }; base: { ref: string }; html_url: string; labels: Label[];
    merged_by?: { login: string } | null;
  };
  return {
    number: p.number,
    title: p.title,
    body: p.body ?? "",
    state: p.state,
    merged: p.merged ?? p.merged_at !== null,
    headRef: p.head.ref,
    headSha: p.head.sha,
    headRepo: p.head.repo?.full_name ?? null,
    baseRef: p.base.ref,
    htmlUrl: p.html_url,
    labels: labelNames(p.labels),
    user: p.user?.login ?? "",
    byApp: authoredByApp(p, identity),
    ...(p.merged_by?.login ? { mergedBy: p.merged_by.login } : {}),
  };
}

export function mapIssue(raw: unknown, identity: AppIdentity): Issue {
  const i = raw as RestAuthorship & { number: number; title: string; body?: string | null; state: string; labels: Label[]; html_url: string };
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "closed" ? "closed" : "open",
    labels: labelNames(i.labels),
    htmlUrl: i.html_url,
    user: i.user?.login ?? "",
    byApp: authoredByApp(i, identity),
  };
}

export function mapComment(raw: unknown, identity: AppIdentity): Comment {
  const c = raw as RestAuthorship & { id: number; body?: string };
  return { id: c.id, body: c.body ?? "", user: c.user?.login ?? "", byApp: authoredByApp(c, identity) };
}
