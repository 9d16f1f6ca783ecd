/**
 * The Octokit plumbing every adapter of the port shares: each request goes through `call`,
 * which maps failures to `GitHubError`; `find` turns a 404 into null.
 */
import type { ProbotOctokit } from "probot";
import type { RepoName } from "../domain/types.js";
import type { AppIdentity } from "./app-identity.js";
import { toGitHubError } from "./to-github-error.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

export const split = (repo: RepoName): { owner: string; repo: string } => {
  const [owner, name] = repo.split("/");
  return { owner, repo: name };
};

export const chunk = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export class OctokitClient {
  /** `identity` is who "the bot" is: what it authored is told apart from what anyone else wrote. */
  constructor(
    protected readonly octokit: Octokit,
    protected readonly identity: AppIdentity,
  ) {}

  protected async call<T>(route: string, params: Record<string, unknown>): Promise<T> {
    try {
      const response = await this.octokit.request(route, params);
      return response.data as T;
    } catch (error) {
      throw toGitHubError(route, error);
    }
  }

  /** Like `call`, but a 404 answers null. */
  protected async find<T>(route: string, params: Record<string, unknown>): Promise<T | null> {
    try {
      return await this.call<T>(route, params);
    } catch (error) {
      if ((error as { kind?: string }).kind === "not-found") return null;
      throw error;
    }
  }

  protected async graphql<T>(query: string): Promise<T> {
    try {
      return await this.octokit.graphql<T>(query);
    } catch (error) {
      throw toGitHubError("POST /graphql", error);
    }
  }

  /** A batched query whose unreachable parts (NOT_FOUND / FORBIDDEN errors) come back as null fields instead of failing the whole batch. */
  protected async graphqlPartial<T>(query: string): Promise<T> {
    try {
      return await this.octokit.graphql<T>(query);
    } catch (error) {
      const partial = error as { data?: T; errors?: { type?: string }[] };
      if (partial.data && (partial.errors ?? []).every((e) => e.type === "NOT_FOUND" || e.type === "FORBIDDEN")) return partial.data;
      throw toGitHubError("POST /graphql", error);
    }
  }

  protected async paginate<T>(route: string, params: Record<string, unknown>, max = 1000): Promise<T[]> {
    const items: T[] = [];
    try {
      for await (const page of this.octokit.paginate.iterator(route, { ...params, per_page: 100 })) {
        items.push(...(page.data as T[]));
        if (items.length >= max) break;
      }
    } catch (error) {
      throw toGitHubError(route, error);
    }
    return items;
  }

}
