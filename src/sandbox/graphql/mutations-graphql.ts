/** The GraphQL mutations the sandbox implements (others answer with an error naming the field). */
import { GraphQLError } from "graphql";
import { ApiError } from "../world/api-error.js";
import { signatureFor, updateRef } from "../world/operations/git-operations.js";
import { tokenHolds } from "../http/repo-access.js";
import type { GraphQLContext } from "./graphql-context.js";
import { gqlCommit, gqlRef } from "./git-objects-graphql.js";
import { updateRefs, type UpdateRefsInput } from "./update-refs-graphql.js";

interface CreateCommitOnBranchInput {
  branch: { repositoryNameWithOwner?: string; branchName?: string; id?: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string };
  fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
  clientMutationId?: string;
}

export function mutationRoot(ctx: GraphQLContext): Record<string, unknown> {
  return {
    __typename: "Mutation",
    createCommitOnBranch: ({ input }: { input: CreateCommitOnBranchInput }) => createCommitOnBranch(ctx, input),
    updateRefs: ({ input }: { input: UpdateRefsInput }) => updateRefs(ctx, input),
  };
}

/** `createCommitOnBranch`: a commit on an existing branch whose head must be `expectedHeadOid`. */
function createCommitOnBranch(ctx: GraphQLContext, input: CreateCommitOnBranchInput): Record<string, unknown> {
  const { repositoryNameWithOwner, branchName } = input.branch;
  if (!repositoryNameWithOwner || !branchName) throw new GraphQLError("The sandbox only supports branch: { repositoryNameWithOwner, branchName }");
  const repo = ctx.world.findRepo(repositoryNameWithOwner);
  if (!repo || !tokenHolds(ctx.world, ctx.token, repo)) {
    throw new GraphQLError(`Could not resolve to a Repository with the name '${repositoryNameWithOwner}'.`, { extensions: { type: "NOT_FOUND" } });
  }
  const head = repo.branchHead(branchName);
  if (!head) throw new GraphQLError(`A ref named "refs/heads/${branchName}" does not exist.`, { extensions: { type: "UNPROCESSABLE" } });
  if (head !== input.expectedHeadOid.toLowerCase()) {
    throw new GraphQLError(`Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`, { extensions: { type: "STALE_DATA" } });
  }
  const base = repo.git.commit(head)!;
  const changes = [
    ...(input.fileChanges?.deletions ?? []).map((d) => ({ path: d.path, sha: null })),
    ...(input.fileChanges?.additions ?? []).map((a) => ({ path: a.path, content: Buffer.from(a.contents, "base64").toString("utf8") })),
  ];
  const tree = repo.git.applyChanges(base.tree, changes);
  const message = input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline;
  const commit = repo.git.putCommit({ tree, parents: [head], message, author: signatureFor(ctx.world, ctx.world.app.botLogin) });
  try {
    updateRef(ctx.world, repo, { ref: `refs/heads/${branchName}`, sha: commit.sha, mode: "update", sender: ctx.world.app.botLogin });
  } catch (error) {
    if (error instanceof ApiError) throw new GraphQLError(error.message, { extensions: { type: "UNPROCESSABLE" } });
    throw error;
  }
  return {
    __typename: "CreateCommitOnBranchPayload",
    clientMutationId: input.clientMutationId ?? null,
    commit: gqlCommit(ctx, repo, commit),
    ref: gqlRef(ctx, repo, `refs/heads/${branchName}`),
  };
}
