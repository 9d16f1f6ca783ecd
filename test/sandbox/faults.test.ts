import { describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { installationClient, raw, tokenFor, type Client } from "./sandbox-client.js";
import { smallWorld, useSmallWorld } from "./small-world.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const ops = { owner: "acme", repo: "ops" };

describe("sandbox fault steps", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });
  const comment = (body: string) => octokit.request(`POST ${COMMENTS}`, { ...ops, issue_number: 1, body });
  const commentsOnOps1 = () => sandbox.world.repo("acme/ops").commentsOn(1).map((c) => c.body);

  it("lets `after` matching requests through, then fails `times` with GitHub's error body, performing nothing", async () => {
    const lines = await sandbox.play({ fault: { method: "post", route: COMMENTS, status: 502, times: 2, after: 1 } });
    expect(lines[0]).toMatch(/GitHub: the next 2 POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments after 1 pass answers 502$/);
    // Other routes do not count towards `after`.
    expect((await octokit.request("GET /repos/{owner}/{repo}", ops)).status).toBe(200);
    expect((await comment("one")).status).toBe(201);
    for (const body of ["two", "three"]) {
      await expect(comment(body)).rejects.toMatchObject({ status: 502, response: { data: { message: "Server Error", documentation_url: expect.any(String) } } });
    }
    expect((await comment("four")).status).toBe(201);
    expect(commentsOnOps1()).toEqual(["one", "four"]);
    expect(sandbox.transcript().writes.map((w) => w.route)).toEqual([`POST ${COMMENTS}`, `POST ${COMMENTS}`]);
  });

  it("lost-response: performs the request, then answers the status — the client saw a failure, the world changed", async () => {
    await sandbox.play({ fault: { method: "POST", route: COMMENTS, status: 502, mode: "lost-response" } });
    await expect(comment("did it land?")).rejects.toMatchObject({ status: 502 });
    expect(commentsOnOps1()).toEqual(["did it land?"]);
    expect(sandbox.transcript().writes.map((w) => w.route)).toEqual([`POST ${COMMENTS}`]);
    // The write is announced as on GitHub.
    await sandbox.settle();
    expect(sandbox.deliveries().map((d) => `${d.event}.${d.action}`)).toEqual(["issue_comment.created"]);
    // Once only.
    expect((await comment("next")).status).toBe(201);
  });

  it("lost-response on a GraphQL mutation, and `/graphql` matching any document with `after`", async () => {
    await sandbox.play({ fault: { method: "POST", route: "/graphql", status: 502, after: 1, mode: "lost-response" } });
    expect((await octokit.graphql<{ rateLimit: { remaining: number } }>(`{ rateLimit { remaining } }`)).rateLimit.remaining).toBeGreaterThan(0);
    const head = sandbox.world.repo("acme/ops").branchHead("main")!;
    const mutation = `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`;
    const input = {
      branch: { repositoryNameWithOwner: "acme/ops", branchName: "main" },
      expectedHeadOid: head,
      message: { headline: "Bump" },
      fileChanges: { additions: [{ path: "x.txt", contents: Buffer.from("x\n").toString("base64") }] },
    };
    await expect(octokit.graphql(mutation, { input })).rejects.toMatchObject({ status: 502 });
    expect(sandbox.world.repo("acme/ops").branchHead("main")).not.toBe(head);
  });

  it("hang: never answers; settle() does not wait for it, and the client gives up on its own", async () => {
    await sandbox.play({ fault: { method: "GET", route: "/repos/{owner}/{repo}", mode: "hang" } });
    const started = Date.now();
    const hung = fetch(`${sandbox.url}/api/v3/repos/acme/ops`, { headers: { authorization: `token ${tokenFor(sandbox, "acme")}` }, signal: AbortSignal.timeout(300) });
    await sandbox.settle();
    await expect(hung).rejects.toThrow(/aborted|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // The next one is answered.
    expect((await raw(sandbox, "GET", "/repos/acme/ops", { token: tokenFor(sandbox, "acme") })).status).toBe(200);
  });

  it("validates fault steps: a status unless it hangs, a route template", async () => {
    await expect(sandbox.play({ fault: { method: "POST", route: COMMENTS } })).rejects.toThrow(/steps\[\d+\] \(fault\)\.status: give the `status` to answer/);
    await expect(sandbox.play({ fault: { method: "POST", route: "comments", status: 502 } })).rejects.toThrow(/route: a route template/);
    await expect(sandbox.play({ fault: { method: "POST", route: COMMENTS, status: 502, mode: "sometimes" } as never })).rejects.toThrow(/mode/);
  });
});

describe("sandbox hang faults and close()", () => {
  it("close() does not wait for a hung request: the socket is destroyed", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld() });
    sandbox.failNext({ method: "GET", route: "/repos/{owner}/{repo}", mode: "hang" });
    const hung = raw(sandbox, "GET", "/repos/acme/ops", { token: tokenFor(sandbox, "acme") });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(hung).rejects.toThrow(/fetch failed|socket|other side closed/i);
  });
});
