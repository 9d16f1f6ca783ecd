import { describe, expect, it } from "vitest";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { pushCommits } from "../../src/sandbox/world/operations/git-operations.js";
import { type Client } from "./sandbox-client.js";
import { useSmallWorld } from "./small-world.js";

describe("sandbox label events (REST issue events, GraphQL timelineItems) and viewerDidAuthor", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const billing = { owner: "acme", repo: "billing" };
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  /** Issue #3 gets: seeded label (alice, 48 h before start), the bot's label, alice's label, the bot's removal. */
  async function relabel(): Promise<void> {
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...billing, issue_number: 3, labels: ["workflow/test"] });
    sandbox.clock.set(new Date("2026-11-23T08:30:00Z"));
    await sandbox.play({ label: { repo: "acme/billing", issue: 3, user: "alice", labels: ["deploy/production"] } });
    await octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...billing, issue_number: 3, name: "workflow/ready-for-staging" });
  }

  it("lists who labelled and unlabelled an issue, when, with the app for the bot's own label writes", async () => {
    await relabel();
    const events = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", { ...billing, issue_number: 3 });
    const color = (name: string) => sandbox.world.repo("acme/billing").labels.get(name)!.color;
    expect(events.data.map((e: any) => [e.event, e.actor.login, e.label, e.created_at, e.performed_via_github_app?.slug ?? null])).toEqual([
      ["labeled", "alice", { name: "workflow/ready-for-staging", color: color("workflow/ready-for-staging") }, "2026-11-21T07:00:00Z", null],
      ["labeled", "release-bot[bot]", { name: "workflow/test", color: color("workflow/test") }, "2026-11-23T07:00:00Z", "release-bot"],
      ["labeled", "alice", { name: "deploy/production", color: color("deploy/production") }, "2026-11-23T08:30:00Z", null],
      ["unlabeled", "release-bot[bot]", { name: "workflow/ready-for-staging", color: color("workflow/ready-for-staging") }, "2026-11-23T08:30:00Z", "release-bot"],
    ]);
    const one = await octokit.request("GET /repos/{owner}/{repo}/issues/events/{event_id}", { ...billing, event_id: (events.data[2] as { id: number }).id });
    expect(one.data).toMatchObject({ event: "labeled", actor: { login: "alice" }, issue: { number: 3 } });
  });

  it("records label events on PRs too, pages them like other lists, and 404s for a missing issue", async () => {
    for (const label of ["a", "b", "c"]) await sandbox.play({ label: { repo: "acme/billing", pull: 12, user: "bob", labels: [label] } });
    const first = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", { ...billing, issue_number: 12, per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
    const all = await octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/events", { ...billing, issue_number: 12, per_page: 2 });
    expect(all.map((e: any) => `${e.event} ${e.label.name} by ${e.actor.login}`)).toEqual(["labeled a by bob", "labeled b by bob", "labeled c by bob"]);
    await expect(octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", { ...billing, issue_number: 999 })).rejects.toMatchObject({ status: 404 });
  });

  it("answers timelineItems(itemTypes: [LABELED_EVENT]) with actor, label and createdAt on issues and PRs", async () => {
    await relabel();
    await sandbox.play({ label: { repo: "acme/billing", pull: 12, user: "bob", labels: ["deploy/staging"] } });
    const data = await octokit.graphql<any>(`query {
      repository(owner: "acme", name: "billing") {
        issue(number: 3) { timelineItems(first: 10, itemTypes: [LABELED_EVENT]) { totalCount nodes { __typename ... on LabeledEvent { actor { login } label { name } createdAt } } } }
        pullRequest(number: 12) { timelineItems(last: 1, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) { nodes { ... on LabeledEvent { actor { __typename login } label { name } labelable { ... on PullRequest { number } } } } } }
      }
    }`);
    expect(data.repository.issue.timelineItems).toEqual({
      totalCount: 3,
      nodes: [
        { __typename: "LabeledEvent", actor: { login: "alice" }, label: { name: "workflow/ready-for-staging" }, createdAt: "2026-11-21T07:00:00Z" },
        { __typename: "LabeledEvent", actor: { login: "release-bot" }, label: { name: "workflow/test" }, createdAt: "2026-11-23T07:00:00Z" },
        { __typename: "LabeledEvent", actor: { login: "alice" }, label: { name: "deploy/production" }, createdAt: "2026-11-23T08:30:00Z" },
      ],
    });
    expect(data.repository.pullRequest.timelineItems.nodes).toEqual([{ actor: { __typename: "User", login: "bob" }, label: { name: "deploy/staging" }, labelable: { number: 12 } }]);
  });

  it("names the timeline item types it does not model instead of answering a short list", async () => {
    const error = await octokit
      .graphql(`query { repository(owner: "acme", name: "billing") { issue(number: 3) { timelineItems(first: 5, itemTypes: [LABELED_EVENT, CLOSED_EVENT]) { totalCount } } } }`)
      .catch((e: unknown) => e as { errors: { message: string }[] });
    expect((error as { errors: { message: string }[] }).errors[0].message).toContain("does not implement Issue.timelineItems for CLOSED_EVENT");
  });

  it("says viewerDidAuthor for the bot's own issues, PRs and comments only", async () => {
    const issue = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...billing, title: "Config error" });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...billing, issue_number: 3, body: "Released" });
    await sandbox.play({ comment: { repo: "acme/billing", issue: 3, user: "alice", body: "<!-- release-bot:deploy-issue -->" } });
    pushCommits(sandbox.world, sandbox.world.repo("acme/billing"), { branch: "release-x", commits: [{ message: "x", author: "release-bot[bot]" }], sender: "release-bot[bot]" });
    const pull = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...billing, head: "release-x", base: "main", title: "Release x" });
    const data = await octokit.graphql<any>(
      `query($mine: Int!, $pr: Int!) {
        repository(owner: "acme", name: "billing") {
          mine: issue(number: $mine) { viewerDidAuthor }
          theirs: issue(number: 3) { viewerDidAuthor comments(first: 10) { nodes { viewerDidAuthor author { login } body } } }
          myPull: pullRequest(number: $pr) { viewerDidAuthor comments(first: 1) { totalCount } }
          theirPull: pullRequest(number: 12) { viewerDidAuthor }
        }
      }`,
      { mine: issue.data.number, pr: pull.data.number },
    );
    expect(data.repository).toEqual({
      mine: { viewerDidAuthor: true },
      theirs: {
        viewerDidAuthor: false,
        comments: {
          nodes: [
            { viewerDidAuthor: true, author: { login: "release-bot" }, body: "Released" },
            { viewerDidAuthor: false, author: { login: "alice" }, body: "<!-- release-bot:deploy-issue -->" },
          ],
        },
      },
      myPull: { viewerDidAuthor: true, comments: { totalCount: 0 } },
      theirPull: { viewerDidAuthor: false },
    });
  });
});
