/**
 * One repository's git object database: blobs, trees and commits with real git object ids
 * (sha1 of the canonical object encoding), plus fixed ids for commits a scenario pins.
 * Paths are flat ("a/b/c.yml") at the edges; trees nest inside.
 */
import { createHash } from "node:crypto";

export interface GitSignature {
  name: string;
  email: string;
  /** ISO 8601. */
  date: string;
  /** GitHub login the signature maps to, when it maps to one. */
  login?: string;
}

export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitSignature;
  committer: GitSignature;
  /** Longest path to a root commit; orders history. */
  generation: number;
}

export type GitMode = "100644" | "100755" | "040000" | "160000" | "120000";

export interface GitTreeEntry {
  name: string;
  mode: GitMode;
  type: "blob" | "tree" | "commit";
  sha: string;
}

export interface GitTree {
  sha: string;
  entries: GitTreeEntry[];
}

export interface FlatEntry {
  mode: GitMode;
  sha: string;
}

/** A change to a tree: new content, an existing blob sha, or null to delete. */
export interface TreeChange {
  path: string;
  content?: string;
  sha?: string | null;
  mode?: GitMode;
}

export interface FileDiff {
  path: string;
  status: "added" | "removed" | "modified";
  before?: string;
  after?: string;
}

export class GitObjects {
  private readonly blobs = new Map<string, Buffer>();
  private readonly trees = new Map<string, GitTree>();
  private readonly commits = new Map<string, GitCommit>();

  constructor() {
    this.putTree([]); // the empty tree always exists
  }

  putBlob(content: string | Buffer): string {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const sha = hashObject("blob", data);
    this.blobs.set(sha, data);
    return sha;
  }

  blob(sha: string): Buffer | undefined {
    return this.blobs.get(sha);
  }

  putTree(entries: GitTreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => compareTreeNames(a, b));
    const body = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([Buffer.from(`${e.mode === "040000" ? "40000" : e.mode} ${e.name}\0`), Buffer.from(e.sha, "hex")]),
      ),
    );
    const sha = hashObject("tree", body);
    this.trees.set(sha, { sha, entries: sorted });
    return sha;
  }

  tree(sha: string): GitTree | undefined {
    return this.trees.get(sha);
  }

  putCommit(opts: { tree: string; parents: string[]; message: string; author: GitSignature; committer?: GitSignature; sha?: string }): GitCommit {
    const committer = opts.committer ?? opts.author;
    const text =
      `tree ${opts.tree}\n` +
      opts.parents.map((p) => `parent ${p}\n`).join("") +
      `author ${signatureLine(opts.author)}\ncommitter ${signatureLine(committer)}\n\n${opts.message}`;
    const sha = (opts.sha ?? hashObject("commit", Buffer.from(text, "utf8"))).toLowerCase();
    const existing = this.commits.get(sha);
    if (existing) return existing;
    const generation = 1 + Math.max(0, ...opts.parents.map((p) => this.commits.get(p)?.generation ?? 0));
    const commit: GitCommit = { sha, tree: opts.tree, parents: [...opts.parents], message: opts.message, author: opts.author, committer, generation };
    this.commits.set(sha, commit);
    return commit;
  }

  commit(sha: string): GitCommit | undefined {
    return this.commits.get(sha.toLowerCase());
  }

  hasObject(sha: string): boolean {
    const s = sha.toLowerCase();
    return this.commits.has(s) || this.trees.has(s) || this.blobs.has(s);
  }

  /** A unique commit whose sha starts with `prefix` (7+ hex chars), or undefined. */
  commitByPrefix(prefix: string): GitCommit | undefined {
    const p = prefix.toLowerCase();
    if (p.length === 40) return this.commits.get(p);
    if (p.length < 7) return undefined;
    const found = [...this.commits.keys()].filter((s) => s.startsWith(p));
    return found.length === 1 ? this.commits.get(found[0]) : undefined;
  }

  /** Every file under a tree: path → blob sha and mode. */
  flatten(treeSha: string, prefix = ""): Map<string, FlatEntry> {
    const out = new Map<string, FlatEntry>();
    const tree = this.trees.get(treeSha);
    if (!tree) return out;
    for (const e of tree.entries) {
      const path = prefix + e.name;
      if (e.type === "tree") for (const [p, v] of this.flatten(e.sha, `${path}/`)) out.set(p, v);
      else out.set(path, { mode: e.mode, sha: e.sha });
    }
    return out;
  }

  /** Builds (nested) trees from a flat path map; returns the root tree sha. */
  treeFromFlat(files: Map<string, FlatEntry>): string {
    const root: DirNode = new Map();
    for (const [path, entry] of files) {
      const parts = path.split("/").filter(Boolean);
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.get(part);
        if (!(next instanceof Map)) {
          next = new Map();
          dir.set(part, next);
        }
        dir = next;
      }
      dir.set(parts[parts.length - 1], entry);
    }
    return this.writeDir(root);
  }

  /** A new root tree: `base` (or empty) with `changes` applied. */
  applyChanges(base: string | undefined, changes: TreeChange[]): string {
    const files = base ? this.flatten(base) : new Map<string, FlatEntry>();
    for (const change of changes) {
      const path = change.path.replace(/^\/+/, "");
      if (change.content !== undefined) {
        files.set(path, { mode: change.mode ?? files.get(path)?.mode ?? "100644", sha: this.putBlob(change.content) });
      } else if (change.sha === null) {
        files.delete(path);
        for (const p of [...files.keys()]) if (p.startsWith(`${path}/`)) files.delete(p);
      } else if (change.sha) {
        files.set(path, { mode: change.mode ?? "100644", sha: change.sha });
      }
    }
    return this.treeFromFlat(files);
  }

  /** The blob at `path` in a tree, or undefined. */
  fileIn(treeSha: string, path: string): { sha: string; mode: GitMode; content: Buffer } | undefined {
    const entry = this.flatten(treeSha).get(path.replace(/^\/+/, ""));
    const content = entry ? this.blobs.get(entry.sha) : undefined;
    return entry && content ? { ...entry, content } : undefined;
  }

  /** Files that differ between two trees (either may be undefined = empty). */
  diff(fromTree: string | undefined, toTree: string | undefined): FileDiff[] {
    const a = fromTree ? this.flatten(fromTree) : new Map<string, FlatEntry>();
    const b = toTree ? this.flatten(toTree) : new Map<string, FlatEntry>();
    const out: FileDiff[] = [];
    for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const before = a.get(path)?.sha;
      const after = b.get(path)?.sha;
      if (before === after) continue;
      out.push({ path, status: !before ? "added" : !after ? "removed" : "modified", before, after });
    }
    return out;
  }

  /** Every commit reachable from `sha`, itself included. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha.toLowerCase()];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      const c = this.commits.get(s);
      if (!c) continue;
      seen.add(s);
      stack.push(...c.parents);
    }
    return seen;
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor.toLowerCase());
  }

  /** Newest first, as `git log` shows a linear history (generation, then date). */
  history(sha: string): GitCommit[] {
    return this.sortNewestFirst([...this.ancestors(sha)]);
  }

  /** Commits reachable from `head` but not from `base`, oldest first. */
  between(base: string, head: string): GitCommit[] {
    // A linear stretch (the usual PR, a chain of single-parent commits down to `base`) needs no ancestor sets.
    const stop = this.commits.get(base.toLowerCase());
    const chain: GitCommit[] = [];
    for (let c = this.commits.get(head.toLowerCase()); stop && c && c.parents.length === 1 && c.generation > stop.generation; c = this.commits.get(c.parents[0])) {
      chain.push(c);
      if (c.parents[0] === stop.sha) return chain.reverse();
    }
    if (stop && head.toLowerCase() === stop.sha) return [];
    const exclude = this.ancestors(base);
    return this.sortNewestFirst([...this.ancestors(head)].filter((s) => !exclude.has(s))).reverse();
  }

  mergeBase(a: string, b: string): GitCommit | undefined {
    const fromA = this.ancestors(a);
    const common = [...this.ancestors(b)].filter((s) => fromA.has(s));
    return this.sortNewestFirst(common)[0];
  }

  private sortNewestFirst(shas: string[]): GitCommit[] {
    return shas
      .map((s) => this.commits.get(s)!)
      .sort((x, y) => y.generation - x.generation || Date.parse(y.committer.date) - Date.parse(x.committer.date) || (x.sha < y.sha ? -1 : 1));
  }

  private writeDir(dir: DirNode): string {
    const entries: GitTreeEntry[] = [];
    for (const [name, value] of dir) {
      if (value instanceof Map) entries.push({ name, mode: "040000", type: "tree", sha: this.writeDir(value) });
      else entries.push({ name, mode: value.mode, type: value.mode === "160000" ? "commit" : "blob", sha: value.sha });
    }
    return this.putTree(entries);
  }
}

type DirNode = Map<string, DirNode | FlatEntry>;

export function hashObject(type: "blob" | "tree" | "commit", body: Buffer): string {
  return createHash("sha1").update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body])).digest("hex");
}

function signatureLine(s: GitSignature): string {
  const seconds = Math.floor(Date.parse(s.date) / 1000);
  return `${s.name} <${s.email}> ${seconds} +0000`;
}

/** git sorts tree entries by name, comparing a tree's name as if it ended with "/". */
function compareTreeNames(a: GitTreeEntry, b: GitTreeEntry): number {
  const x = Buffer.from(a.type === "tree" ? `${a.name}/` : a.name);
  const y = Buffer.from(b.type === "tree" ? `${b.name}/` : b.name);
  return Buffer.compare(x, y);
}
