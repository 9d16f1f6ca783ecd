/** REST objects (snake_case, GitHub's shape) to the port's small camelCase types. */
import type { Comment, Issue, PullRequest } from "./github-port.js";

type Label = string | { name?: string };
const labelNames = (labels: Label[] | undefined): string[] =>
  (labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);

export function mapPull(raw: unknown): PullRequest {
  const p = raw as {
    number: number; title: string; body: string | null; state: "open" | "closed"; merged?: boolean; merged_at: string | null;
    head: { ref: string; sha: string }; base: { ref: string }; html_url: string; labels: Label[]; user: { login: string } | null;
  };
  return {
    number: p.number,
    title: p.title,
    body: p.body ?? "",
    state: p.state,
    merged: p.merged ?? p.merged_at !== null,
    headRef: p.head.ref,
    headSha: p.head.sha,
    baseRef: p.base.ref,
    htmlUrl: p.html_url,
    labels: labelNames(p.labels),
    user: p.user?.login ?? "",
  };
}

export function mapIssue(raw: unknown): Issue {
  const i = raw as { number: number; title: string; body?: string | null; state: string; labels: Label[]; html_url: string };
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "closed" ? "closed" : "open",
    labels: labelNames(i.labels),
    htmlUrl: i.html_url,
  };
}

export function mapComment(raw: unknown): Comment {
  const c = raw as { id: number; body?: string; user: { login: string } | null };
  return { id: c.id, body: c.body ?? "", user: c.user?.login ?? "" };
}
