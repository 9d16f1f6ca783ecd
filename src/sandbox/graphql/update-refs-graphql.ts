/**
 * `updateRefs`: creates, moves and deletes several refs of one repository atomically, as GitHub
 * documents it. `beforeOid` is a compare-and-swap: the ref must point there before the update
 * (`0000…` = must not exist), else nothing is changed and the mutation fails. `afterOid` `0000…`
 * deletes the ref; a non-fast-forward move needs `force: true`. Every update is checked before
 * any is applied, so one rejected update leaves every ref as it was.
 */
import { GraphQLError } from "graphql";
import { deleteRef, updateRef, ZERO_SHA } from "../world/operations/git-operations.js";
import { tokenHolds } from "../http/repo-access.js";
import { nodeId } from "../http/render/render-context.js";
import type { Repository } from "../world/repository.js";
import type { GraphQLContext } from "./graphql-context.js";

export interface RefUpdateInput {
  name: string;
  afterOid: string;
  beforeOid?: string | null;
  force?: boolean | null;
}

export interface UpdateRefsInput {
  repositoryId: string;
  refUpdates: RefUpdateInput[];
  clientMutationId?: string;
}

const unprocessable = (message: string) => new GraphQLError(message, { extensions: { type: "UNPROCESSABLE" } });

export function updateRefs(ctx: GraphQLContext, input: UpdateRefsInput): Record<string, unknown> {
  const repo = [...ctx.world.repos.values()].find((r) => nodeId("R", r.id) === input.repositoryId);
  if (!repo || !tokenHolds(ctx.world, ctx.token, repo)) {
    throw new GraphQLError(`Could not resolve to a node with the global id of '${input.repositoryId}'`, { extensions: { type: "NOT_FOUND" } });
  }
  if ((ctx.token.permissions.contents ?? "none") !== "write") {
    throw new GraphQLError("Resource not accessible by integration", { extensions: { type: "FORBIDDEN" } });
  }
  if (input.refUpdates.length === 0) throw unprocessable("refUpdates must not be empty");
  const names = new Set<string>();
  for (const update of input.refUpdates) {
    check(repo, update);
    if (names.has(update.name)) throw unprocessable(`${update.name} is updated more than once`);
    names.add(update.name);
  }
  // All checked with no await in between: applying them cannot interleave with another request.
  for (const update of input.refUpdates) {
    const after = update.afterOid.toLowerCase();
    if (after === ZERO_SHA) deleteRef(ctx.world, repo, update.name, ctx.world.app.botLogin);
    else updateRef(ctx.world, repo, { ref: update.name, sha: after, force: true, sender: ctx.world.app.botLogin });
  }
  return { __typename: "UpdateRefsPayload", clientMutationId: input.clientMutationId ?? null };
}

function check(repo: Repository, update: RefUpdateInput): void {
  if (!/^refs\/[^/]+\/.+/.test(update.name)) throw unprocessable(`${update.name} is not a fully qualified ref name`);
  const current = repo.refs.get(update.name);
  const after = update.afterOid.toLowerCase();
  if (update.beforeOid !== undefined && update.beforeOid !== null) {
    const before = update.beforeOid.toLowerCase();
    const matches = before === ZERO_SHA ? current === undefined : current === before;
    if (!matches) {
      throw new GraphQLError(`Expected ${update.name} to point to ${before} but it points to ${current ?? ZERO_SHA}.`, { extensions: { type: "STALE_DATA" } });
    }
  }
  if (after === ZERO_SHA) {
    if (current === undefined) throw unprocessable(`${update.name} does not exist`);
    return;
  }
  if (!repo.git.commit(after)) throw unprocessable(`Object ${after} does not exist`);
  if (current !== undefined && current !== after && !update.force && !repo.git.isAncestor(current, after)) {
    throw unprocessable(`Update of ${update.name} is not a fast forward`);
  }
}
