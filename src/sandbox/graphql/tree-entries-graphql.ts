/**
 * `Commit.tree`, `Commit.file(path:)` and `Tree.entries`: git trees as GitHub's GraphQL serves them. A
 * `TreeEntry` names a blob, a tree or a submodule commit; its `object` is the Blob or Tree (null for a
 * submodule, whose commit lives in another repository); `Commit.file` is null when nothing is at the path.
 */
import type { Repository } from "../world/repository.js";
import type { GitTreeEntry } from "../world/git-objects.js";

type Obj = Record<string, unknown>;

/** A blob as GraphQL's `Blob` (shared with `Repository.object`). */
export type BlobView = (repo: Repository, file: { sha: string; content: Buffer }) => Obj;

export function gqlTree(repo: Repository, sha: string, dir: string, blob: BlobView): Obj {
  return {
    __typename: "Tree",
    id: `T_${repo.id}_${sha}`,
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    entries: () => (repo.git.tree(sha)?.entries ?? []).map((e) => gqlTreeEntry(repo, e, dir ? `${dir}/${e.name}` : e.name, blob)),
  };
}

function gqlTreeEntry(repo: Repository, entry: GitTreeEntry, path: string, blob: BlobView): Obj {
  const content = entry.type === "blob" ? repo.git.blob(entry.sha) : undefined;
  return {
    __typename: "TreeEntry",
    name: entry.name,
    path,
    type: entry.type,
    mode: parseInt(entry.mode, 8),
    oid: entry.sha,
    size: content?.length ?? 0,
    isGenerated: false,
    object: entry.type === "tree" ? gqlTree(repo, entry.sha, path, blob) : content ? blob(repo, { sha: entry.sha, content }) : null,
  };
}

/** `Commit.file(path:)`: the entry at `path` under the commit's tree, or null. */
export function commitFile(repo: Repository, root: string, path: string, blob: BlobView): Obj | null {
  const names = path.split("/").filter(Boolean);
  if (names.length === 0) return null;
  let tree = root;
  for (let i = 0; i < names.length; i++) {
    const entry = repo.git.tree(tree)?.entries.find((e) => e.name === names[i]);
    if (!entry) return null;
    if (i === names.length - 1) return gqlTreeEntry(repo, entry, names.join("/"), blob);
    if (entry.type !== "tree") return null;
    tree = entry.sha;
  }
  return null;
}
