import { describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { pushCommits } from "../../src/sandbox/world/operations/git-operations.js";
import { installationClient, type Client } from "./sandbox-client.js";
import { smallWorld, useSmallWorld } from "./small-world.js";

const tooLong = (resource: string) => ({
  status: 422,
  response: { data: { message: "Validation Failed", errors: [{ resource, code: "custom", field: "body", message: "body is too long (maximum is 65536 characters)" }] } },
});

describe("sandbox body limits, as GitHub answers them (422)", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const ops = { owner: "acme", repo: "ops" };
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });
  const max = "x".repeat(65536);
  const over = `${max}x`;

  it("takes issue bodies of 65,536 characters, refuses longer ones on create and update", async () => {
    const issue = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...ops, title: "Config error", body: max });
    expect(issue.status).toBe(201);
    await expect(octokit.request("POST /repos/{owner}/{repo}/issues", { ...ops, title: "Config error", body: over })).rejects.toMatchObject(tooLong("Issue"));
    await expect(octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...ops, issue_number: issue.data.number, body: over })).rejects.toMatchObject(tooLong("Issue"));
    expect(sandbox.world.repo("acme/ops").issue(issue.data.number)!.body).toBe(max);
    expect(sandbox.world.repo("acme/ops").issues.size).toBe(2); // #1 and the one created
  });

  it("counts characters, not UTF-16 units: 65,536 emoji fit", async () => {
    const emoji = "🚀".repeat(65536);
    expect((await octokit.request("POST /repos/{owner}/{repo}/issues", { ...ops, title: "Rockets", body: emoji })).status).toBe(201);
    await expect(octokit.request("POST /repos/{owner}/{repo}/issues", { ...ops, title: "Rockets", body: `${emoji}🚀` })).rejects.toMatchObject(tooLong("Issue"));
  });

  it("refuses PR bodies over the limit on create and update", async () => {
    pushCommits(sandbox.world, sandbox.world.repo("acme/ops"), { branch: "release-staging", commits: [{ message: "Release", author: "release-bot[bot]" }], sender: "release-bot[bot]" });
    await expect(octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release", body: over })).rejects.toMatchObject(tooLong("PullRequest"));
    expect(sandbox.world.repo("acme/ops").pulls()).toEqual([]);
    const pull = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...ops, head: "release-staging", base: "main", title: "Release", body: max });
    await expect(octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...ops, pull_number: pull.data.number, body: over })).rejects.toMatchObject(tooLong("PullRequest"));
  });

  it("refuses comment bodies over the limit on create and edit, from the API and from scenario steps", async () => {
    await expect(octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ops, issue_number: 1, body: over })).rejects.toMatchObject(tooLong("IssueComment"));
    const comment = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ops, issue_number: 1, body: max });
    await expect(octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...ops, comment_id: comment.data.id, body: over })).rejects.toMatchObject(tooLong("IssueComment"));
    await expect(sandbox.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: over } })).rejects.toThrow("body is too long (maximum is 65536 characters)");
    expect(sandbox.deliveries().filter((d) => d.event === "issue_comment")).toHaveLength(1);
  });
});

describe("sandbox check-run output limits, as GitHub answers them (422)", () => {
  const ops = { owner: "acme", repo: "ops" };

  it("refuses check-run summaries and texts over 65,535 characters, and over 65,535 bytes", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld() });
    const octokit = installationClient(sandbox, "acme");
    const head = sandbox.world.repo("acme/ops").branchHead("main")!;
    const run = (output: { summary: string; text?: string }) =>
      octokit.request("POST /repos/{owner}/{repo}/check-runs", { ...ops, name: "release-bot config", head_sha: head, conclusion: "failure", output: { title: "Problems", ...output } });
    expect((await run({ summary: "s".repeat(65535), text: "t".repeat(65535) })).status).toBe(201);
    await expect(run({ summary: "s".repeat(65536) })).rejects.toMatchObject({ status: 422, response: { data: { message: "Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied." } } });
    await expect(run({ summary: "ok", text: "t".repeat(70000) })).rejects.toMatchObject({ status: 422, response: { data: { message: "Invalid request.\n\nOnly 65535 characters are allowed; 70000 were supplied." } } });
    await expect(run({ summary: "é".repeat(40000) })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Validation Failed", errors: [{ resource: "CheckRun", code: "custom", field: "summary", message: "summary exceeds a maximum bytesize of 65535" }] } },
    });
    expect(sandbox.world.repo("acme/ops").checkRuns).toHaveLength(1);
    // The request schema has maxLength 65535 too: the contract reports each oversize request.
    const violations = sandbox.contractViolations();
    await sandbox.close();
    expect(violations.map((v) => v.message.replace(/, got .*/, ""))).toEqual([
      "body/output/summary: must NOT have more than 65535 characters",
      "body/output/text: must NOT have more than 65535 characters",
    ]);
  });
});
