/** Git data and commits in GitHub's REST shape: git commits, refs, trees, contents, commits, diffs, tags. */
import type { Repository } from "../../world/repository.js";
import type { FileDiff, GitCommit, GitSignature } from "../../world/git-objects.js";
import { renderUserOrNull } from "./render-accounts.js";
import { nodeId, repoApi, repoHtml, template, type Json, type RenderContext } from "./render-context.js";

const UNSIGNED = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

function signature(s: GitSignature): Json {
  return { name: s.name, email: s.email, date: s.date.replace(/\.\d{3}Z$/, "Z") };
}

/** `git-commit` (GET/POST git/commits). */
export function renderGitCommit(ctx: RenderContext, repo: Repository, c: GitCommit): Json {
  const api = repoApi(ctx, repo.fullName);
  return {
    ...template(ctx, "git-commit"),
    sha: c.sha,
    node_id: nodeId("C", c.sha),
    url: `${api}/git/commits/${c.sha}`,
    html_url: `${repoHtml(ctx, repo.fullName)}/commit/${c.sha}`,
    author: signature(c.author),
    committer: signature(c.committer),
    message: c.message,
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${repoHtml(ctx, repo.fullName)}/commit/${p}` })),
    verification: { ...UNSIGNED },
  };
}

/** `git-ref`. */
export function renderGitRef(ctx: RenderContext, repo: Repository, ref: string, sha: string): Json {
  const api = repoApi(ctx, repo.fullName);
  return {
    ref,
    node_id: nodeId("REF", `${repo.id}:${ref}`),
    url: `${api}/git/${ref}`,
    object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
  };
}

/** `git-tree`: the entries of one tree (recursive when asked). */
export function renderGitTree(ctx: RenderContext, repo: Repository, treeSha: string, recursive = false): Json {
  const api = repoApi(ctx, repo.fullName);
  const entries: Json[] = [];
  const walk = (sha: string, prefix: string) => {
    for (const e of repo.git.tree(sha)?.entries ?? []) {
      const path = prefix + e.name;
      const entry: Json = { path, mode: e.mode, type: e.type, sha: e.sha };
      if (e.type === "blob") {
        entry.size = repo.git.blob(e.sha)?.length ?? 0;
        entry.url = `${api}/git/blobs/${e.sha}`;
      } else if (e.type === "tree") entry.url = `${api}/git/trees/${e.sha}`;
      entries.push(entry);
      if (recursive && e.type === "tree") walk(e.sha, `${path}/`);
    }
  };
  walk(treeSha, "");
  return { sha: treeSha, url: `${api}/git/trees/${treeSha}`, tree: entries, truncated: false };
}

/**
 * Largest file the contents API returns with its content (1 MB). A larger one (up to 100 MB) comes with
 * `content: ""` and `encoding: "none"`; only the raw media type gives its bytes (GitHub's docs, 2022-05 changelog).
 */
export const CONTENTS_API_MAX_BYTES = 1024 * 1024;

/** A repository path in a URL: each segment percent-encoded (quotes, spaces, `#` and `?` included), as GitHub's URLs have them. */
export const urlPath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

/** `content-file` for a file at a ref. */
export function renderContentFile(ctx: RenderContext, repo: Repository, path: string, ref: string, blob: { sha: string; content: Buffer }): Json {
  const tooLarge = blob.content.length > CONTENTS_API_MAX_BYTES;
  const api = repoApi(ctx, repo.fullName);
  const html = `${repoHtml(ctx, repo.fullName)}/blob/${urlPath(ref)}/${urlPath(path)}`;
  const gitUrl = `${api}/git/blobs/${blob.sha}`;
  const self = `${api}/contents/${urlPath(path)}?ref=${encodeURIComponent(ref)}`;
  return {
    type: "file",
    encoding: tooLarge ? "none" : "base64",
    size: blob.content.length,
    name: path.split("/").pop(),
    path,
    content: tooLarge ? "" : blob.content.toString("base64").replace(/(.{60})/g, "$1\n"),
    sha: blob.sha,
    url: self,
    git_url: gitUrl,
    html_url: html,
    download_url: `${ctx.htmlUrl.replace("://", "://raw.")}/${repo.fullName}/${urlPath(ref)}/${urlPath(path)}`,
    _links: { git: gitUrl, self, html },
  };
}

/** `commit` (REST commits API): with `files` and `stats` when `withFiles`. */
export function renderCommit(ctx: RenderContext, repo: Repository, c: GitCommit, opts: { withFiles?: boolean } = {}): Json {
  const api = repoApi(ctx, repo.fullName);
  const html = repoHtml(ctx, repo.fullName);
  const out: Json = {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: nodeId("C", c.sha),
    html_url: `${html}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: signature(c.author),
      committer: signature(c.committer),
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      comment_count: 0,
      verification: { ...UNSIGNED },
    },
    author: renderUserOrNull(ctx, c.author.login),
    committer: renderUserOrNull(ctx, c.committer.login),
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${html}/commit/${p}` })),
  };
  if (opts.withFiles) {
    const files = repo.git.diff(repo.git.commit(c.parents[0] ?? "")?.tree, c.tree).map((d) => renderDiffEntry(ctx, repo, d, c.sha));
    const additions = files.reduce((n, f) => n + Number(f.additions), 0);
    const deletions = files.reduce((n, f) => n + Number(f.deletions), 0);
    out.stats = { additions, deletions, total: additions + deletions };
    out.files = files;
  }
  return out;
}

/** `diff-entry`: with line counts and a unified patch of the whole file. */
export function renderDiffEntry(ctx: RenderContext, repo: Repository, d: FileDiff, ref: string): Json {
  const before = d.before ? repo.git.blob(d.before)?.toString("utf8") ?? "" : "";
  const after = d.after ? repo.git.blob(d.after)?.toString("utf8") ?? "" : "";
  const { additions, deletions, patch } = lineDiff(before, after);
  const html = repoHtml(ctx, repo.fullName);
  return {
    sha: d.after ?? d.before ?? "",
    filename: d.path,
    status: d.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${html}/blob/${ref}/${d.path}`,
    raw_url: `${html}/raw/${ref}/${d.path}`,
    contents_url: `${repoApi(ctx, repo.fullName)}/contents/${d.path}?ref=${ref}`,
    patch,
  };
}

/** `tag` (GET /tags). */
export function renderTag(ctx: RenderContext, repo: Repository, name: string, sha: string): Json {
  return {
    name,
    commit: { sha, url: `${repoApi(ctx, repo.fullName)}/commits/${sha}` },
    zipball_url: `${repoApi(ctx, repo.fullName)}/zipball/refs/tags/${name}`,
    tarball_url: `${repoApi(ctx, repo.fullName)}/tarball/refs/tags/${name}`,
    node_id: nodeId("REF", `${repo.id}:refs/tags/${name}`),
  };
}

/** Line counts and a single-hunk patch (whole-file replacement of the changed region). */
function lineDiff(before: string, after: string): { additions: number; deletions: number; patch: string } {
  const a = before === "" ? [] : before.replace(/\n$/, "").split("\n");
  const b = after === "" ? [] : after.replace(/\n$/, "").split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const removed = a.slice(start, endA);
  const added = b.slice(start, endB);
  const hunk = `@@ -${start + 1},${removed.length} +${start + 1},${added.length} @@`;
  const patch = [hunk, ...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)].join("\n");
  return { additions: added.length, deletions: removed.length, patch: removed.length + added.length ? patch : "" };
}
