/**
 * The repository, history, workflow, check and pull parts of the GitHub port over an authenticated
 * Octokit (Probot's `context.octokit`); the CI, history, branch and file reads come from `OctokitHistoryReads`,
 * `OctokitBranchReads` and `OctokitFileReads`. Issues are `OctokitIssues`', deployments `OctokitDeployments`'.
 * Every request goes through `call`, which maps failures to `GitHubError`. A create whose answer
 * was lost is looked for before it is re-sent once (create-once.ts says what "the same" is per create).
 */
import type { RepoName } from "../domain/types.js";
import {
  BranchMovedError,
  type ChecksPort,
  type CheckRunInput,
  type HistoryPort,
  type LabelEvent,
  type MergedPullRequest,
  type Permission,
  type PullRequest,
  type PullsPort,
  type RepoInfo,
  type ReposPort,
  type WorkflowsPort,
} from "./github-port.js";
import { toGitHubError } from "./to-github-error.js";
import { chunk, split } from "./octokit-client.js";
import { OctokitSnapshotReads } from "./octokit-snapshot-reads.js";
import { COMMITS_PER_QUERY, defaultBranchesQuery, labelEventsQuery, opsConfigQuery } from "./queries.js";
import { mapPull } from "./map-rest-objects.js";
import { createOnce } from "./create-once.js";

export class OctokitGitHub extends OctokitSnapshotReads implements ReposPort, HistoryPort, WorkflowsPort, ChecksPort, PullsPort {
  /** Repository node ids (for GraphQL mutations), per instance: one installation's requests. */

  async getRepo(repo: RepoName): Promise<RepoInfo> {
    const data = await this.call<{ full_name: string; default_branch: string; html_url: string }>("GET /repos/{owner}/{repo}", split(repo));
    return { fullName: data.full_name, defaultBranch: data.default_branch, htmlUrl: data.html_url };
  }

  async getDefaultBranches(repos: RepoName[]): Promise<Record<RepoName, string | null>> {
    const out: Record<RepoName, string | null> = {};
    for (const batch of chunk([...new Set(repos)], COMMITS_PER_QUERY)) {
      const aliased = batch.map((repo, i) => ({ alias: `r${i}`, owner: split(repo).owner, name: split(repo).repo, repo }));
      const data = await this.graphqlPartial<Record<string, { defaultBranchRef: { name: string } | null } | null>>(defaultBranchesQuery(aliased));
      for (const r of aliased) out[r.repo] = data[r.alias]?.defaultBranchRef?.name ?? null;
    }
    return out;
  }

  async getBranchHead(repo: RepoName, branch: string): Promise<string | null> {
    const data = await this.find<{ object: { sha: string } }>("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...split(repo), ref: `heads/${branch}` });
    return data?.object.sha ?? null;
  }

  async getCommitParents(repo: RepoName, sha: string): Promise<string[]> {
    const data = await this.call<{ parents: { sha: string }[] }>("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...split(repo), commit_sha: sha });
    return data.parents.map((p) => p.sha);
  }

  async findOpsConfigs(repos: RepoName[], path: string): Promise<Record<RepoName, string | null>> {
    const out: Record<RepoName, string | null> = {};
    for (const batch of chunk(repos, COMMITS_PER_QUERY)) {
      const aliased = batch.map((repo, i) => ({ alias: `r${i}`, owner: split(repo).owner, name: split(repo).repo, repo }));
      const data = await this.graphqlPartial<Record<string, { object: { text: string | null } | null } | null>>(opsConfigQuery(aliased, path));
      for (const r of aliased) out[r.repo] = data[r.alias]?.object?.text ?? null;
    }
    return out;
  }

  async listInstallationRepos(): Promise<RepoName[]> {
    try {
      const repos = await this.octokit.paginate("GET /installation/repositories", { per_page: 100 });
      return (repos as unknown as { full_name: string; archived?: boolean }[]).filter((r) => !r.archived).map((r) => r.full_name);
    } catch (error) {
      throw toGitHubError("GET /installation/repositories", error);
    }
  }

  async commitFiles(opts: Parameters<ReposPort["commitFiles"]>[0]): Promise<string> {
    const r = split(opts.repo);
    const baseTree = opts.baseTree ?? (await this.call<{ tree: { sha: string } }>("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...r, commit_sha: opts.base })).tree.sha;
    // Git objects are content-addressed: a re-sent tree or commit is never a duplicate anyone sees.
    const tree = await createOnce({
      send: () => this.call<{ sha: string }>("POST /repos/{owner}/{repo}/git/trees", {
        ...r,
        base_tree: baseTree,
        tree: Object.entries(opts.files).map(([path, content]) => ({ path, mode: "100644", type: "blob", content })),
      }),
    });
    const commit = await createOnce({
      send: () => this.call<{ sha: string }>("POST /repos/{owner}/{repo}/git/commits", { ...r, message: opts.message, tree: tree.sha, parents: [opts.base] }),
    });
    await opts.precondition?.();
    await this.swapBranch({ repo: opts.repo, branch: opts.branch, before: opts.expectedHead, after: commit.sha });
    return commit.sha;
  }

  /**
   * Compare-and-swap of a branch: moved only if it still points at `before` (null: absent). A creation is
   * REST `POST git/refs`, which fails when the ref exists; a move is GraphQL `updateRefs` with `beforeOid`.
   * An answer lost: the branch says whether it moved (at `after`: done; at `before`: re-sent once; elsewhere: moved by someone else).
   */
  private async swapBranch(opts: { repo: RepoName; branch: string; before: string | null; after: string }): Promise<void> {
    const look = async (): Promise<true | null> => {
      const now = await this.getBranchHead(opts.repo, opts.branch);
      if (now === opts.after) return true;
      if (now === opts.before) return null;
      throw new BranchMovedError({ repo: opts.repo, branch: opts.branch, expected: opts.before, actual: now });
    };
    try {
      if (opts.before === null) {
        await createOnce({ send: () => this.call("POST /repos/{owner}/{repo}/git/refs", { ...split(opts.repo), ref: `refs/heads/${opts.branch}`, sha: opts.after }), look });
        return;
      }
      const input = { repositoryId: await this.repositoryId(opts.repo), refUpdates: [{ name: `refs/heads/${opts.branch}`, beforeOid: opts.before, afterOid: opts.after, force: true }] };
      await createOnce({ send: () => this.graphqlWith(UPDATE_REFS, { input }), look });
    } catch (error) {
      if (error instanceof BranchMovedError) throw error;
      // The refusal's wording is GitHub's to change: the branch itself says what happened.
      const now = await this.getBranchHead(opts.repo, opts.branch).catch(() => undefined);
      if (now === opts.after) return; // ours landed; only the answer was lost
      if (now !== undefined && now !== opts.before) throw new BranchMovedError({ repo: opts.repo, branch: opts.branch, expected: opts.before, actual: now, cause: error });
      throw error;
    }
  }

  private async repositoryId(repo: RepoName): Promise<string> {
    const known = this.nodeIds.get(repo);
    if (known) return known;
    const data = await this.call<{ node_id: string }>("GET /repos/{owner}/{repo}", split(repo));
    this.nodeIds.set(repo, data.node_id);
    return data.node_id;
  }

  async findOpenPull(opts: { repo: RepoName; head: string }): Promise<PullRequest | null> {
    const r = split(opts.repo);
    const pulls = await this.call<unknown[]>("GET /repos/{owner}/{repo}/pulls", { ...r, state: "open", head: `${r.owner}:${opts.head}`, per_page: 10 });
    const match = pulls.map((p) => mapPull(p, this.identity)).find((p) => p.headRef === opts.head);
    return match ?? null;
  }

  async getPull(repo: RepoName, number: number): Promise<PullRequest> {
    return mapPull(await this.call<unknown>("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...split(repo), pull_number: number }), this.identity);
  }

  async createPull(opts: { repo: RepoName; head: string; base: string; title: string; body: string }): Promise<PullRequest> {
    return createOnce({
      send: async () => mapPull(await this.call<unknown>("POST /repos/{owner}/{repo}/pulls", {
        ...split(opts.repo), head: opts.head, base: opts.base, title: opts.title, body: opts.body, maintainer_can_modify: false,
      }), this.identity),
      // One open PR per head: ours if this app opened it into the same base. Anyone else's is not "already made".
      look: async () => {
        const open = await this.findOpenPull({ repo: opts.repo, head: opts.head });
        return open?.byApp && open.baseRef === opts.base ? open : null;
      },
    });
  }

  async updatePull(opts: { repo: RepoName; number: number; title?: string; body?: string; state?: "open" | "closed" }): Promise<PullRequest> {
    const { repo, number, ...changes } = opts;
    const data = await this.call<unknown>("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...split(repo), pull_number: number, ...changes });
    return mapPull(data, this.identity);
  }

  async listMergedPulls(repo: RepoName, base: string, since: string): Promise<MergedPullRequest[]> {
    type Raw = { merged_at: string | null; merge_commit_sha: string | null; base: { ref: string } };
    const pulls = await this.call<Raw[]>("GET /repos/{owner}/{repo}/pulls", { ...split(repo), state: "closed", base, sort: "updated", direction: "desc", per_page: 100 });
    return pulls
      .filter((p) => p.merged_at && p.merge_commit_sha && Date.parse(p.merged_at) >= Date.parse(since))
      .map((p) => ({ ...mapPull(p, this.identity), merged: true, mergeSha: p.merge_commit_sha!, mergedAt: p.merged_at! }));
  }

  async getPermission(repo: RepoName, user: string): Promise<Permission> {
    const data = await this.find<{ permission: string; role_name?: string }>("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...split(repo), username: user });
    if (!data) return "none";
    const role = data.role_name ?? data.permission;
    const known: Permission[] = ["admin", "maintain", "write", "triage", "read", "none"];
    return (known.includes(role as Permission) ? role : known.includes(data.permission as Permission) ? data.permission : "none") as Permission;
  }

  async listLabelEvents(repo: RepoName, number: number): Promise<LabelEvent[]> {
    type Node = { createdAt?: string; actor?: { __typename: string; login: string } | null; label?: { name: string } } | null;
    type Data = { repository: { pullRequest: { timelineItems: { nodes: Node[] } } | null } | null };
    const data = await this.graphql<Data>(labelEventsQuery({ ...split(repo), name: split(repo).repo, number }));
    return (data.repository?.pullRequest?.timelineItems.nodes ?? []).flatMap((n) =>
      n?.label && n.createdAt
        ? [{ event: "labeled" as const, label: n.label.name, actor: actorLogin(n.actor), createdAt: n.createdAt }]
        : [],
    );
  }

  async createCheckRun(input: CheckRunInput): Promise<void> {
    type Run = { name: string; conclusion: string | null; app: { id: number } | null; output: { title: string | null; summary: string | null } };
    await createOnce({
      send: () => this.call("POST /repos/{owner}/{repo}/check-runs", {
        ...split(input.repo),
        name: input.name,
        head_sha: input.headSha,
        status: "completed",
        conclusion: input.conclusion,
        output: { title: input.title, summary: input.summary, ...(input.text ? { text: input.text } : {}) },
      }),
      look: async () => {
        const data = await this.call<{ check_runs: Run[] }>("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...split(input.repo), ref: input.headSha, check_name: input.name, filter: "latest" });
        return data.check_runs.find((r) => r.app?.id === this.identity.id && r.conclusion === input.conclusion && r.output.title === input.title && r.output.summary === input.summary) ?? null;
      },
    });
  }

}

const UPDATE_REFS = "mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }";

/** GraphQL names a bot without the `[bot]` suffix its REST login has. */
const actorLogin = (actor: { __typename: string; login: string } | null | undefined): string =>
  !actor ? "" : actor.__typename === "Bot" ? `${actor.login}[bot]` : actor.login;
