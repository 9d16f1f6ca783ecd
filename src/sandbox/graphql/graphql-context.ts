/** What GraphQL resolvers see: the world, who asks (an installation token), and per-request caches. */
import type { World } from "../world/world.js";
import type { InstallationToken } from "../world/records.js";
import type { Repository } from "../world/repository.js";
import { canRead } from "../http/repo-access.js";

export interface GraphQLContext {
  world: World;
  token: InstallationToken;
  htmlUrl: string;
  /** Per request: repo full name → (commit sha → PR numbers containing it). */
  commitPullIndex: Map<string, Map<string, number[]>>;
}

export function visibleRepo(ctx: GraphQLContext, fullName: string): Repository | undefined {
  const repo = ctx.world.findRepo(fullName);
  return repo && canRead(ctx.world, ctx.token, repo) ? repo : undefined;
}
