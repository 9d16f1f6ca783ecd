/**
 * `readOpsSnapshot`: an ops repository in one GraphQL query (ops-snapshot-query.ts), so loading the
 * config, reading the environment files and finding the release branch and its PR cost one request.
 * A blob GraphQL truncates (over 512,000 bytes) or calls binary is left out of the known files: whoever
 * needs it reads it with `readFile`, which says why it is unreadable.
 */
import type { RepoName } from "../domain/types.js";
import type { FileAtRef, KnownFiles, OpsSnapshot, PullRequest, SnapshotBranch } from "./github-port.js";
import { split } from "./octokit-client.js";
import { OctokitWindowReads } from "./octokit-window-reads.js";
import { OPS_SNAPSHOT_QUERY, SNAPSHOT_BRANCHES, type OpsSnapshotData, type SnapshotBlobNode, type SnapshotDirNode, type SnapshotPullNode } from "./ops-snapshot-query.js";
import { toGitHubError } from "./to-github-error.js";

const blobFile = (path: string, blob: SnapshotBlobNode): FileAtRef | undefined =>
  blob?.__typename === "Blob" && typeof blob.text === "string" && !blob.isBinary && !blob.isTruncated && blob.oid
    ? { path, content: blob.text, sha: blob.oid, ...(blob.byteSize !== undefined ? { byteSize: blob.byteSize } : {}) }
    : undefined;

/** The files directly in `dir` (when it is a directory); `dirs` names it only when it was listed. */
function dirFiles(dir: string, node: SnapshotDirNode | undefined): KnownFiles {
  if (node === undefined) return { files: {}, dirs: [] };
  // No entry at `dir`: nothing is under it, as known as a listing.
  if (node === null || !node.object) return { files: {}, dirs: [dir] };
  if (node.object.__typename !== "Tree") return { files: {}, dirs: [] };
  const files: Record<string, FileAtRef> = {};
  for (const entry of node.object.entries ?? []) {
    if (entry.type !== "blob") continue;
    const path = entry.path ?? `${dir}/${entry.name}`;
    const file = blobFile(path, entry.object);
    if (file) files[path] = file;
    // A blob GraphQL would not give as text: unknown, so a reader asks REST (which says binary or too large).
    else return { files, dirs: [] };
  }
  return { files, dirs: [dir] };
}

export class OctokitSnapshotReads extends OctokitWindowReads {
  /** GraphQL node ids of repositories (mutations take them), as reads learn them. */
  protected readonly nodeIds = new Map<RepoName, string>();

  async readOpsSnapshot(opts: { repo: RepoName; configPath: string; dir: string; branchPrefix: string }): Promise<OpsSnapshot | null> {
    let data: OpsSnapshotData;
    try {
      data = await this.octokit.graphql<OpsSnapshotData>(OPS_SNAPSHOT_QUERY, { owner: split(opts.repo).owner, name: split(opts.repo).repo, config: opts.configPath, dir: opts.dir, prefix: opts.branchPrefix });
    } catch (error) {
      const partial = error as { data?: OpsSnapshotData; errors?: { type?: string }[] };
      if (partial.data && (partial.errors ?? []).every((e) => e.type === "NOT_FOUND" || e.type === "FORBIDDEN") && !partial.data.repository) return null;
      throw toGitHubError("POST /graphql", error);
    }
    const repo = data.repository;
    if (!repo) return null;
    this.nodeIds.set(opts.repo, repo.id);
    const ref = repo.defaultBranchRef;
    const target = ref?.target;
    const files = dirFiles(opts.dir, target?.dir);
    if (target?.config !== undefined) {
      const config = target.config ? blobFile(opts.configPath, target.config.object) : undefined;
      if (config) files.files[opts.configPath] = config;
      else if (target.config === null) files.absent = [opts.configPath];
    }
    const nodes = repo.branches?.nodes ?? [];
    const branches: Record<string, SnapshotBranch> | null = nodes.length >= SNAPSHOT_BRANCHES ? null : {};
    for (const node of branches ? nodes : []) {
      if (!node?.target?.oid || !node.name.startsWith(opts.branchPrefix)) continue;
      branches![node.name] = {
        name: node.name,
        head: node.target.oid,
        parents: (node.target.parents?.nodes ?? []).flatMap((p) => (p ? [p.oid] : [])),
        pulls: (node.associatedPullRequests?.nodes ?? []).flatMap((p) => (p ? [this.toPull(p)] : [])),
        files: dirFiles(opts.dir, node.target.dir),
      };
    }
    return {
      info: { fullName: repo.nameWithOwner, defaultBranch: ref?.name ?? "", htmlUrl: repo.url },
      nodeId: repo.id,
      head: target?.oid ?? null,
      tree: target?.tree?.oid ?? null,
      files,
      branches,
    };
  }

  private toPull(p: NonNullable<SnapshotPullNode>): PullRequest {
    return {
      number: p.number,
      title: p.title,
      body: p.body ?? "",
      state: p.state === "OPEN" ? "open" : "closed",
      merged: p.merged,
      headRef: p.headRefName,
      headSha: p.headRefOid,
      headRepo: p.headRepository?.nameWithOwner ?? null,
      baseRef: p.baseRefName,
      htmlUrl: p.url,
      labels: (p.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : [])),
      // GraphQL names a bot without "[bot]"; the port speaks REST's logins.
      user: p.viewerDidAuthor ? this.identity.botLogin : (p.author?.login ?? ""),
      byApp: p.viewerDidAuthor,
    };
  }
}
