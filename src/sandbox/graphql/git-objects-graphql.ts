/**
 * GraphQL views of repositories, refs and commits. Every object carries `__typename`; a field
 * missing from an object is reported by the field resolver as not implemented (never null).
 */
import { GraphQLError } from "graphql";
import type { Repository } from "../world/repository.js";
import type { GitCommit, GitSignature } from "../world/git-objects.js";
import type { CheckRun, CommitStatus, Issue } from "../world/records.js";
import { latestStatuses } from "../world/operations/ci-operations.js";
import { nodeId } from "../http/render/render-context.js";
import { connection, type ConnectionArgs } from "./connection.js";
import { visibleRepo, type GraphQLContext } from "./graphql-context.js";
import { associatedPulls, gqlIssue, gqlPullRequest } from "./pull-objects-graphql.js";
import { commitFile, gqlTree } from "./tree-entries-graphql.js";
import { refPulls, refsConnection, type RefPullsArgs, type RefsArgs } from "./refs-graphql.js";
import { gqlCheckSuites } from "./check-suites-graphql.js";

type Obj = Record<string, unknown>;

export function gqlRepository(ctx: GraphQLContext, repo: Repository): Obj {
  const owner = ctx.world.account(repo.owner);
  return {
    __typename: "Repository",
    id: nodeId("R", repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    url: `${ctx.htmlUrl}/${repo.fullName}`,
    isPrivate: repo.private,
    isFork: Boolean(repo.forkOf),
    owner: { __typename: owner.type === "Organization" ? "Organization" : "User", login: owner.login, id: `O_${owner.id}` },
    defaultBranchRef: () => gqlRef(ctx, repo, `refs/heads/${repo.defaultBranch}`),
    ref: ({ qualifiedName }: { qualifiedName: string }) => {
      const name = qualifiedName.startsWith("refs/") ? qualifiedName : repo.refs.has(`refs/heads/${qualifiedName}`) ? `refs/heads/${qualifiedName}` : `refs/tags/${qualifiedName}`;
      return gqlRef(ctx, repo, name);
    },
    refs: (args: RefsArgs) => refsConnection(ctx, repo, args),
    object: ({ oid, expression }: { oid?: string; expression?: string }) => {
      if (oid) {
        const commit = repo.git.commit(oid);
        return commit ? gqlCommit(ctx, repo, commit) : null;
      }
      if (expression) {
        // git's `<rev>:<path>`: the revision ends at the first colon; the path is the rest, colons and quotes included.
        const colon = expression.indexOf(":");
        const commit = repo.resolveCommit(colon < 0 ? expression : expression.slice(0, colon));
        if (!commit) return null;
        if (colon < 0) return gqlCommit(ctx, repo, commit);
        const path = expression.slice(colon + 1);
        const file = repo.git.fileIn(commit.tree, path);
        if (file) return gqlBlob(repo, file);
        const tree = treeAt(repo, commit.tree, path);
        // A directory is a Tree; the sandbox models no Tree field but its ids (any other is reported unimplemented).
        return tree ? { __typename: "Tree", id: `T_${repo.id}_${tree}`, oid: tree, abbreviatedOid: tree.slice(0, 7) } : null;
      }
      return null;
    },
    issue: ({ number }: { number: number }) => {
      const issue = repo.issue(number);
      return issue && !issue.pull ? gqlIssue(ctx, repo, issue) : null;
    },
    pullRequest: ({ number }: { number: number }) => {
      const pull = repo.pull(number);
      return pull ? gqlPullRequest(ctx, repo, pull) : null;
    },
  };
}

/**
 * GitHub's `Blob.text` is "UTF8 text data or null if the Blob is binary", cut at 512,000 bytes (observed;
 * GitHub documents only that `isTruncated` says so). Binary, as git and Linguist tell it: a NUL byte in the
 * first 8,000 bytes.
 */
export const BLOB_TEXT_BYTES = 512_000;
const BINARY_SNIFF_BYTES = 8000;

/** The sha of the tree at `path` (a directory) under `root`, or undefined. */
function treeAt(repo: Repository, root: string, path: string): string | undefined {
  let sha: string | undefined = root;
  for (const name of path.split("/").filter(Boolean)) {
    sha = repo.git.tree(sha)?.entries.find((e) => e.name === name && e.type === "tree")?.sha;
    if (!sha) return undefined;
  }
  return sha;
}

function gqlBlob(repo: Repository, file: { sha: string; content: Buffer }): Obj {
  const isBinary = file.content.subarray(0, BINARY_SNIFF_BYTES).includes(0);
  const isTruncated = file.content.length > BLOB_TEXT_BYTES;
  return {
    __typename: "Blob",
    id: `B_${repo.id}_${file.sha}`,
    oid: file.sha,
    byteSize: file.content.length,
    isBinary,
    isTruncated,
    text: isBinary ? null : (isTruncated ? file.content.subarray(0, BLOB_TEXT_BYTES) : file.content).toString("utf8"),
    abbreviatedOid: file.sha.slice(0, 7),
  };
}

export function gqlRef(ctx: GraphQLContext, repo: Repository, qualifiedName: string): Obj | null {
  const sha = repo.refs.get(qualifiedName);
  if (!sha) return null;
  const prefix = qualifiedName.startsWith("refs/heads/") ? "refs/heads/" : qualifiedName.startsWith("refs/tags/") ? "refs/tags/" : "refs/";
  const commit = repo.git.commit(sha);
  return {
    __typename: "Ref",
    id: `REF_${repo.id}_${qualifiedName}`,
    name: qualifiedName.slice(prefix.length),
    prefix,
    repository: () => gqlRepository(ctx, repo),
    target: commit ? gqlCommit(ctx, repo, commit) : null,
    associatedPullRequests: (args: RefPullsArgs) => refPulls(ctx, repo, qualifiedName, args),
  };
}

function gitActor(ctx: GraphQLContext, s: GitSignature): Obj {
  return {
    __typename: "GitActor",
    name: s.name,
    email: s.email,
    date: s.date,
    user: s.login ? actor(ctx, s.login) : null,
  };
}

/** An Actor (User or Bot). GitHub's GraphQL names bots without the "[bot]" suffix. */
export function actor(ctx: GraphQLContext, login: string): Obj {
  const account = ctx.world.account(login);
  const isBot = account.type === "Bot";
  return {
    __typename: isBot ? "Bot" : account.type === "Organization" ? "Organization" : "User",
    login: isBot ? login.replace(/\[bot\]$/, "") : login,
    url: `${ctx.htmlUrl}/${isBot ? `apps/${login.replace(/\[bot\]$/, "")}` : login}`,
    id: `U_${account.id}`,
  };
}

export function gqlCommit(ctx: GraphQLContext, repo: Repository, c: GitCommit): Obj {
  const [headline, ...rest] = c.message.split("\n");
  return {
    __typename: "Commit",
    id: `C_${c.sha}`,
    oid: c.sha,
    abbreviatedOid: c.sha.slice(0, 7),
    url: `${ctx.htmlUrl}/${repo.fullName}/commit/${c.sha}`,
    commitUrl: `${ctx.htmlUrl}/${repo.fullName}/commit/${c.sha}`,
    message: c.message,
    messageHeadline: headline,
    messageBody: rest.join("\n").replace(/^\n+/, ""),
    committedDate: c.committer.date,
    authoredDate: c.author.date,
    pushedDate: null,
    author: gitActor(ctx, c.author),
    committer: gitActor(ctx, c.committer),
    repository: () => gqlRepository(ctx, repo),
    tree: () => gqlTree(repo, c.tree, "", gqlBlob),
    file: ({ path }: { path: string }) => commitFile(repo, c.tree, path, gqlBlob),
    parents: (args: ConnectionArgs) =>
      connection(
        c.parents.flatMap((p) => (repo.git.commit(p) ? [gqlCommit(ctx, repo, repo.git.commit(p)!)] : [])),
        args,
        "CommitConnection",
      ),
    history: (args: ConnectionArgs & { since?: string; until?: string; path?: string; author?: unknown }) => {
      if (args.author) throw new GraphQLError("The sandbox does not implement Commit.history(author:)");
      let commits = repo.git.history(c.sha);
      if (args.since) commits = commits.filter((x) => Date.parse(x.committer.date) >= Date.parse(args.since!));
      if (args.until) commits = commits.filter((x) => Date.parse(x.committer.date) <= Date.parse(args.until!));
      if (args.path) {
        // "Commits touching files under this path" (GitHub's schema), as `git log -- <path>` shows them: the path is a
        // file, or a directory and everything below it; a commit touches it when the path differs from every parent
        // (a root commit: when it has the path), so a merge that only brings in one side's change is left out.
        // A rename is a removal plus an addition: it touches both paths (no rename following, as without --follow).
        const path = args.path.replace(/\/+$/, "");
        const touches = (from: string | undefined, to: string) => repo.git.diff(from, to).some((d) => d.path === path || d.path.startsWith(`${path}/`));
        commits = commits.filter((x) =>
          x.parents.length === 0 ? touches(undefined, x.tree) : x.parents.every((p) => touches(repo.git.commit(p)?.tree, x.tree)),
        );
      }
      return connection(
        commits.map((x) => gqlCommit(ctx, repo, x)),
        args,
        "CommitHistoryConnection",
      );
    },
    statusCheckRollup: () => rollup(repo, c.sha),
    checkSuites: (args: Parameters<typeof gqlCheckSuites>[3]) => gqlCheckSuites(ctx, repo, c.sha, args),
    status: () => {
      const statuses = latestStatuses(repo, c.sha);
      if (statuses.length === 0) return null;
      return { __typename: "Status", state: statusState(statuses), contexts: statuses.map(statusContext) };
    },
    associatedPullRequests: (args: ConnectionArgs) =>
      connection(
        associatedPulls(ctx, repo, c.sha).map((p) => gqlPullRequest(ctx, repo, p)),
        args,
        "PullRequestConnection",
      ),
  };
}

function statusContext(s: CommitStatus): Obj {
  return {
    __typename: "StatusContext",
    id: `SC_${s.id}`,
    context: s.context,
    state: s.state.toUpperCase(),
    description: s.description,
    targetUrl: s.targetUrl,
    createdAt: s.createdAt,
    isRequired: () => false,
  };
}

function checkRun(run: CheckRun): Obj {
  return {
    __typename: "CheckRun",
    id: `CR_${run.id}`,
    databaseId: run.id,
    name: run.name,
    status: run.status.toUpperCase(),
    conclusion: run.conclusion ? run.conclusion.toUpperCase() : null,
    detailsUrl: run.detailsUrl,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    title: run.output.title,
    summary: run.output.summary,
    text: run.output.text,
    isRequired: () => false,
  };
}

const FAILING_CHECKS = new Set(["failure", "timed_out", "cancelled", "action_required", "startup_failure", "stale"]);

/** GitHub's rollup: latest check run per name plus latest status per context; null when there are none. */
function rollup(repo: Repository, sha: string): Obj | null {
  const seen = new Set<string>();
  const runs = repo.checkRuns
    .filter((r) => r.headSha === sha)
    .sort((a, b) => b.id - a.id)
    .filter((r) => (seen.has(`${r.app}/${r.name}`) ? false : (seen.add(`${r.app}/${r.name}`), true)))
    .reverse();
  const statuses = latestStatuses(repo, sha).reverse();
  if (runs.length === 0 && statuses.length === 0) return null;
  let state = "SUCCESS";
  const pending = runs.some((r) => r.status !== "completed") || statuses.some((s) => s.state === "pending");
  if (pending) state = "PENDING";
  if (statuses.some((s) => s.state === "error")) state = "ERROR";
  if (runs.some((r) => r.conclusion && FAILING_CHECKS.has(r.conclusion)) || statuses.some((s) => s.state === "failure")) state = "FAILURE";
  const contexts = [...runs.map(checkRun), ...statuses.map(statusContext)];
  return {
    __typename: "StatusCheckRollup",
    id: `SCR_${sha}`,
    state,
    contexts: (args: ConnectionArgs) =>
      connection(contexts, args, "StatusCheckRollupContextConnection", { checkRunCount: runs.length, statusContextCount: statuses.length }),
  };
}

function statusState(statuses: CommitStatus[]): string {
  if (statuses.some((s) => s.state === "error")) return "ERROR";
  if (statuses.some((s) => s.state === "failure")) return "FAILURE";
  if (statuses.some((s) => s.state === "pending")) return "PENDING";
  return "SUCCESS";
}

export function requireVisibleRepo(ctx: GraphQLContext, owner: string, name: string): Repository {
  const repo = visibleRepo(ctx, `${owner}/${name}`);
  if (!repo) {
    throw new GraphQLError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, { extensions: { type: "NOT_FOUND" } });
  }
  return repo;
}
