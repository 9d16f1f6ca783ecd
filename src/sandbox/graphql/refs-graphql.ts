/** `Repository.refs` (by name, or tags by their commit's date) and `Ref.associatedPullRequests`. */
import { GraphQLError } from "graphql";
import type { Repository } from "../world/repository.js";
import type { Issue } from "../world/records.js";
import { connection, type ConnectionArgs } from "./connection.js";
import type { GraphQLContext } from "./graphql-context.js";
import { gqlRef } from "./git-objects-graphql.js";
import { gqlPullRequest } from "./pull-objects-graphql.js";

type Obj = Record<string, unknown>;

export type RefsArgs = ConnectionArgs & { refPrefix: string; query?: string | null; orderBy?: { field: string; direction: "ASC" | "DESC" } | null; direction?: "ASC" | "DESC" | null };

/**
 * `Repository.refs`: the refs under `refPrefix` (a prefix like `refs/heads/`, as GitHub's docs
 * say; names are given without it), `query` filtering on the name, alphabetical by default.
 * `orderBy: { field: TAG_COMMIT_DATE }` ("Order refs by underlying commit date if the ref prefix
 * is refs/tags/"): by the tagged commit's committer date, then by name.
 */
export function refsConnection(ctx: GraphQLContext, repo: Repository, args: RefsArgs): Obj {
  if (!args.refPrefix.endsWith("/")) throw new GraphQLError(`refPrefix must be a ref name prefix like "refs/heads/", got "${args.refPrefix}"`);
  const field = args.orderBy?.field ?? "ALPHABETICAL";
  if (field !== "ALPHABETICAL" && !(field === "TAG_COMMIT_DATE" && args.refPrefix === "refs/tags/")) {
    throw new GraphQLError(`The sandbox does not implement refs(refPrefix: "${args.refPrefix}", orderBy: { field: ${field} })`, { extensions: { type: "SANDBOX_NOT_IMPLEMENTED" } });
  }
  const query = args.query ?? "";
  let names = [...repo.refs.keys()].filter((n) => n.startsWith(args.refPrefix) && n.slice(args.refPrefix.length).includes(query)).sort();
  if (field === "TAG_COMMIT_DATE") {
    const date = (n: string) => Date.parse(repo.git.commit(repo.refs.get(n)!)?.committer.date ?? "") || 0;
    names = names.sort((a, b) => date(a) - date(b) || a.localeCompare(b));
  }
  if ((args.orderBy?.direction ?? args.direction) === "DESC") names.reverse();
  const refs = names.map((n) => ({ ...gqlRef(ctx, repo, n)!, name: n.slice(args.refPrefix.length), prefix: args.refPrefix }));
  return connection(refs, args, "RefConnection");
}

export type RefPullsArgs = ConnectionArgs & { states?: string[] | null; baseRefName?: string | null; headRefName?: string | null; labels?: string[] | null; orderBy?: { field: string; direction: "ASC" | "DESC" } | null };

/** `Ref.associatedPullRequests`: "pull requests with this ref as the head ref" — PRs from this branch of this repository (not forks'), oldest first by default. */
export function refPulls(ctx: GraphQLContext, repo: Repository, qualifiedName: string, args: RefPullsArgs): Obj {
  if (args.orderBy && args.orderBy.field !== "CREATED_AT" && args.orderBy.field !== "UPDATED_AT") throw new GraphQLError(`The sandbox does not implement associatedPullRequests(orderBy: { field: ${args.orderBy.field} })`);
  const branch = qualifiedName.startsWith("refs/heads/") ? qualifiedName.slice("refs/heads/".length) : null;
  const stateOf = (p: Issue) => (p.pull!.merged ? "MERGED" : p.state.toUpperCase());
  let pulls = branch === null ? [] : repo.pulls().filter((p) => p.pull!.headRepo === repo.fullName && p.pull!.headRef === branch);
  if (args.states) pulls = pulls.filter((p) => args.states!.includes(stateOf(p)));
  if (args.baseRefName) pulls = pulls.filter((p) => p.pull!.baseRef === args.baseRefName);
  if (args.headRefName) pulls = pulls.filter((p) => p.pull!.headRef === args.headRefName);
  if (args.labels) pulls = pulls.filter((p) => args.labels!.some((l) => p.labels.includes(l)));
  const key = args.orderBy?.field === "UPDATED_AT" ? (p: Issue) => p.updatedAt : (p: Issue) => p.createdAt;
  pulls = [...pulls].sort((a, b) => key(a).localeCompare(key(b)) || a.number - b.number);
  if (args.orderBy?.direction === "DESC") pulls.reverse();
  return connection(pulls.map((p) => gqlPullRequest(ctx, repo, p)), args, "PullRequestConnection");
}

