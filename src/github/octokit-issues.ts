/**
 * The issues part of the GitHub port over an authenticated Octokit: issues, and the labels, comments
 * and reactions issues and PRs share. Only the bot's own issues and comments carry its markers.
 */
import type { IssueRef, RepoName } from "../domain/types.js";
import { issueKey, type Comment, type Issue, type IssuesPort, type IssueState, type Reaction, type RepoComment } from "./github-port.js";
import { mapComment, mapIssue } from "./map-rest-objects.js";
import { chunk, OctokitClient, split } from "./octokit-client.js";
import { issueStatesQuery } from "./queries.js";
import { createOnce } from "./create-once.js";

/** Issues per state query: each brings up to 100 labels and 100 comments, far under GitHub's node limit. */
const ISSUES_PER_QUERY = 50;

export class OctokitIssues extends OctokitClient implements IssuesPort {
  async getIssue(repo: RepoName, number: number): Promise<Issue> {
    return mapIssue(await this.call<unknown>("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...split(repo), issue_number: number }), this.identity);
  }

  async getIssueStates(refs: IssueRef[]): Promise<Record<string, IssueState | null>> {
    type Node = { state: "OPEN" | "CLOSED"; labels: { nodes: { name: string }[] } | null; comments: { totalCount: number; nodes: { body: string; viewerDidAuthor: boolean }[] } | null } | null;
    const out: Record<string, IssueState | null> = {};
    for (const batch of chunk(refs, ISSUES_PER_QUERY)) {
      const byRepo = new Map<RepoName, { alias: string; number: number }[]>();
      batch.forEach((ref, i) => byRepo.set(ref.repo, [...(byRepo.get(ref.repo) ?? []), { alias: `i${i}`, number: ref.number }]));
      const repos = [...byRepo.entries()].map(([repo, issues], i) => ({ alias: `r${i}`, owner: split(repo).owner, name: split(repo).repo, repo, issues }));
      const data = await this.graphqlPartial<Record<string, Record<string, Node> | null>>(issueStatesQuery(repos));
      for (const r of repos) {
        for (const issue of r.issues) {
          const node = data[r.alias]?.[issue.alias] ?? null;
          // More comments than one page: the bot's own may be older than it, so the caller reads them all (REST).
          const complete = !node?.comments || node.comments.totalCount <= node.comments.nodes.length;
          out[issueKey({ repo: r.repo, number: issue.number })] = node && complete
            ? { state: node.state === "CLOSED" ? "closed" : "open", labels: (node.labels?.nodes ?? []).map((l) => l.name), ownComments: (node.comments?.nodes ?? []).filter((c) => c.viewerDidAuthor).map((c) => c.body) }
            : null;
        }
      }
    }
    return out;
  }

  async findOpenIssueWithMarker(repo: RepoName, marker: string): Promise<Issue | null> {
    // Only the bot's own issues: a marker in anyone else's issue is plain text.
    const issues = await this.paginate<{ pull_request?: unknown; body?: string | null }>("GET /repos/{owner}/{repo}/issues", { ...split(repo), state: "open" });
    const found = issues.map((i) => ({ raw: i, issue: mapIssue(i, this.identity) })).find(({ raw, issue }) => !raw.pull_request && issue.byApp && issue.body.includes(marker));
    return found?.issue ?? null;
  }

  async createIssue(opts: { repo: RepoName; title: string; body: string; labels?: string[] }): Promise<Issue> {
    return createOnce({
      send: async () => mapIssue(await this.call<unknown>("POST /repos/{owner}/{repo}/issues", { ...split(opts.repo), title: opts.title, body: opts.body, ...(opts.labels ? { labels: opts.labels } : {}) }), this.identity),
      look: async () => {
        const issues = await this.paginate<{ pull_request?: unknown }>("GET /repos/{owner}/{repo}/issues", { ...split(opts.repo), state: "open" });
        return issues.filter((i) => !i.pull_request).map((i) => mapIssue(i, this.identity)).find((i) => i.byApp && i.title === opts.title && i.body === opts.body) ?? null;
      },
    });
  }

  async updateIssue(opts: { repo: RepoName; number: number; title?: string; body?: string; state?: "open" | "closed" }): Promise<Issue> {
    const { repo, number, ...changes } = opts;
    const data = await this.call<unknown>("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...split(repo), issue_number: number, ...changes });
    return mapIssue(data, this.identity);
  }

  async closeIssue(opts: { repo: RepoName; number: number }): Promise<void> {
    await this.call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...split(opts.repo), issue_number: opts.number, state: "closed", state_reason: "completed" });
  }

  async ensureLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void> {
    const issue = mapIssue(await this.call<unknown>("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...split(opts.repo), issue_number: opts.number }), this.identity);
    const missing = opts.labels.filter((l) => !issue.labels.includes(l));
    if (missing.length === 0) return;
    // Adding a label the issue already has changes nothing: safe to send twice.
    await createOnce({ send: () => this.call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...split(opts.repo), issue_number: opts.number, labels: missing }) });
  }

  async addLabels(opts: { repo: RepoName; number: number; labels: string[] }): Promise<void> {
    if (opts.labels.length === 0) return;
    // Adding a label the issue already has changes nothing: safe to send twice.
    await createOnce({ send: () => this.call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...split(opts.repo), issue_number: opts.number, labels: opts.labels }) });
  }

  async removeLabel(opts: { repo: RepoName; number: number; label: string }): Promise<void> {
    // Already gone (a retry, or a human was faster) is what we wanted; so a lost answer is simply sent again.
    await createOnce({ send: () => this.find("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...split(opts.repo), issue_number: opts.number, name: opts.label }) });
  }

  async listRepoComments(repo: RepoName, since: string): Promise<RepoComment[]> {
    type Raw = { issue_url: string; created_at: string; user: { type?: string } | null };
    const comments = await this.paginate<Raw>("GET /repos/{owner}/{repo}/issues/comments", { ...split(repo), since, sort: "created", direction: "asc" }, 1000);
    return comments.map((c) => ({
      ...mapComment(c, this.identity),
      issueNumber: Number(c.issue_url.split("/").pop()),
      createdAt: c.created_at,
      byBot: c.user?.type === "Bot",
    }));
  }

  async listComments(repo: RepoName, number: number, since?: string): Promise<Comment[]> {
    const params = { ...split(repo), issue_number: number, ...(since ? { since } : {}) };
    const comments = await this.paginate<unknown>("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", params, 3000);
    return comments.map((c) => mapComment(c, this.identity));
  }

  async createComment(opts: { repo: RepoName; number: number; body: string }): Promise<Comment> {
    return createOnce({
      send: async () => mapComment(await this.call<unknown>("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...split(opts.repo), issue_number: opts.number, body: opts.body }), this.identity),
      // This app's comment with this very body (and so its marker); a look-alike by anyone else is not ours.
      look: async () => (await this.listComments(opts.repo, opts.number)).find((c) => c.byApp && c.body === opts.body),
    });
  }

  async updateComment(opts: { repo: RepoName; commentId: number; body: string }): Promise<void> {
    await this.call("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...split(opts.repo), comment_id: opts.commentId, body: opts.body });
  }

  async react(opts: { repo: RepoName; commentId: number; content: Reaction }): Promise<void> {
    // GitHub answers 200 with the existing reaction when it is already there: safe to send twice.
    await createOnce({ send: () => this.call("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...split(opts.repo), comment_id: opts.commentId, content: opts.content }) });
  }
}
