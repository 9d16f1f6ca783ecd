/**
 * Branch reads of the GitHub port that tell a branch the bot pushed without its PR (a crash
 * between the push and the PR) from one that has its PR, or one someone else pushed:
 * `listBranches` (one GraphQL query per repository: branches, head commits and the PRs opened from
 * them) and `changedFiles` (what a commit range changes, from the compare view).
 */
import type { RepoName } from "../domain/types.js";
import type { BranchWithPulls } from "./github-port.js";
import { OctokitHistoryReads } from "./octokit-history-reads.js";
import { split } from "./octokit-client.js";
import { toGitHubError } from "./to-github-error.js";

/** PRs read per branch, newest first: the one at the branch's head is among the newest. */
const PULLS_PER_BRANCH = 10;

const BRANCHES_QUERY = `query($owner: String!, $name: String!, $prefix: String!) {
  repository(owner: $owner, name: $name) {
    refs(refPrefix: "refs/heads/", query: $prefix, first: 100) {
      nodes {
        name
        target { oid ... on Commit { committedDate parents(first: 2) { nodes { oid } } } }
        associatedPullRequests(first: ${PULLS_PER_BRANCH}, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { number state headRefOid } }
      }
    }
  }
}`;

type Node = {
  name: string;
  target: { oid: string; committedDate?: string; parents?: { nodes: { oid: string }[] } } | null;
  associatedPullRequests: { nodes: ({ number: number; state: "OPEN" | "CLOSED" | "MERGED"; headRefOid: string } | null)[] };
} | null;

export class OctokitBranchReads extends OctokitHistoryReads {
  async listBranches(repo: RepoName, prefix: string): Promise<BranchWithPulls[]> {
    type Data = { repository: { refs: { nodes: Node[] } | null } | null };
    const data = await this.graphqlWith<Data>(BRANCHES_QUERY, { owner: split(repo).owner, name: split(repo).repo, prefix });
    return (data.repository?.refs?.nodes ?? []).flatMap((n) =>
      n?.target && n.name.startsWith(prefix)
        ? [{
            name: n.name,
            sha: n.target.oid,
            committedAt: n.target.committedDate ?? "",
            parents: (n.target.parents?.nodes ?? []).map((p) => p.oid),
            pulls: n.associatedPullRequests.nodes.flatMap((p) => (p ? [{ number: p.number, state: p.state.toLowerCase() as "open" | "closed" | "merged", headSha: p.headRefOid }] : [])),
          }]
        : [],
    );
  }

  async changedFiles(opts: { repo: RepoName; base: string; head: string }): Promise<string[] | null> {
    const data = await this.find<{ files?: { filename: string }[] }>("GET /repos/{owner}/{repo}/compare/{basehead}", { ...split(opts.repo), basehead: `${opts.base}...${opts.head}`, per_page: 100 });
    return data ? (data.files ?? []).map((f) => f.filename) : null;
  }

  /** A GraphQL document with variables (queries and mutations alike), failures as `GitHubError`. */
  protected async graphqlWith<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.octokit.graphql<T>(query, variables);
    } catch (error) {
      throw toGitHubError("POST /graphql", error);
    }
  }
}
