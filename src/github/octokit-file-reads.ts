/**
 * File reads of the GitHub port: one file over REST (`readFile`, the contents API), several at one ref
 * in one GraphQL query per FILES_PER_QUERY paths (`readFiles`). `OctokitGitHub` extends it.
 *
 * GitHub's limits, as `readFiles` meets them:
 * - `Blob.text` is null for a binary blob and is cut at 512,000 bytes (`isTruncated`): such a blob is read
 *   again with `readFile`, so nobody ever gets a cut text as the file.
 * - The contents API returns up to 1 MB with the content; a larger file comes with `content: ""` and
 *   `encoding: "none"`: `readFile` answers it `unreadable: "too-large"` (never as an empty file).
 * - Paths go into the `<ref>:<path>` expressions as GraphQL variables, never into the document: a quote,
 *   a brace or a newline in a configured path cannot change the query. Git ends the revision at the first
 *   colon, so a colon in the path stays part of the path.
 */
import type { RepoName } from "../domain/types.js";
import type { FileAtRef } from "./github-port.js";
import { OctokitBranchReads } from "./octokit-branch-reads.js";
import { chunk, split } from "./octokit-client.js";
import { toGitHubError } from "./to-github-error.js";

/** Paths per `readFiles` query: each is one node, and up to 50 blob texts keep a response of a bounded size. */
export const FILES_PER_QUERY = 50;

/** Binary as git and GitHub tell it: a NUL byte in the first 8,000 bytes. */
const BINARY_SNIFF_BYTES = 8000;

type BlobNode = { __typename: string; oid?: string; text?: string | null; byteSize?: number; isBinary?: boolean; isTruncated?: boolean } | null;

/** `repository { f0: object(expression: $e0) … }`, one alias and one variable per path. */
export function filesQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `, $e${i}: String!`).join("");
  const objects = Array.from({ length: count }, (_, i) => `    f${i}: object(expression: $e${i}) { ...PinFileBlob }`).join("\n");
  return `query PinFiles($owner: String!, $name: String!${variables}) {
  repository(owner: $owner, name: $name) {
${objects}
  }
}

fragment PinFileBlob on GitObject {
  __typename
  ... on Blob { oid text byteSize isBinary isTruncated }
}`;
}

export class OctokitFileReads extends OctokitBranchReads {
  async readFile(repo: RepoName, path: string, ref: string): Promise<FileAtRef | null> {
    const data = await this.find<{ type: string; content?: string; encoding?: string; sha: string; path: string; size?: number } | unknown[]>(
      "GET /repos/{owner}/{repo}/contents/{path}",
      { ...split(repo), path, ref },
    );
    if (!data || Array.isArray(data) || data.type !== "file") return null;
    const size = typeof data.size === "number" ? { byteSize: data.size } : {};
    if (data.encoding === "none") return { path: data.path, content: "", sha: data.sha, unreadable: "too-large", ...size };
    const bytes = Buffer.from(data.content ?? "", data.encoding === "base64" ? "base64" : "utf8");
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { path: data.path, content: "", sha: data.sha, unreadable: "binary", ...size };
    return { path: data.path, content: bytes.toString("utf8"), sha: data.sha, ...size };
  }

  async readFiles(repo: RepoName, paths: string[], ref: string): Promise<Record<string, FileAtRef | null>> {
    const unique = [...new Set(paths)];
    const out: Record<string, FileAtRef | null> = Object.fromEntries(unique.map((path) => [path, null]));
    const again: string[] = [];
    for (const batch of chunk(unique, FILES_PER_QUERY)) {
      const variables: Record<string, string> = { owner: split(repo).owner, name: split(repo).repo };
      batch.forEach((path, i) => (variables[`e${i}`] = `${ref}:${path}`));
      const data = await this.graphqlPartialWith<{ repository: Record<string, BlobNode> | null }>(filesQuery(batch.length), variables);
      batch.forEach((path, i) => {
        const node = data.repository?.[`f${i}`] ?? null;
        // Absent, or a directory or submodule where a file should be: no file, as `readFile` says.
        if (!node || node.__typename !== "Blob" || !node.oid) return;
        if (node.isBinary || node.isTruncated || typeof node.text !== "string") again.push(path);
        else out[path] = { path, content: node.text, sha: node.oid, byteSize: node.byteSize };
      });
    }
    // Rare (a binary or huge file where a pin should be): the contents API has the whole file, or says why not.
    await Promise.all(again.map(async (path) => (out[path] = await this.readFile(repo, path, ref))));
    return out;
  }

  /** A query with variables whose unreachable parts (NOT_FOUND) come back as null fields, as `graphqlPartial` does. */
  private async graphqlPartialWith<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.octokit.graphql<T>(query, variables);
    } catch (error) {
      const partial = error as { data?: T; errors?: { type?: string }[] };
      if (partial.data && (partial.errors ?? []).every((e) => e.type === "NOT_FOUND")) return partial.data;
      throw toGitHubError("POST /graphql", error);
    }
  }
}
