import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubError } from "../../src/github/github-port.js";
import { createReleaseBotOctokit } from "../../src/github/release-bot-octokit.js";
import { isSafeToRetry, requestPolicyFromEnv } from "../../src/github/request-policy.js";

/** A stand-in GitHub whose answers the test scripts per request: a status, or "hang" (never answers). */
type Answer = number | "hang" | "stall-body";
let server: Server;
let url: string;
let script: Answer[];
let seen: string[];
const open = new Set<ServerResponse>();

beforeEach(async () => {
  script = [];
  seen = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}`);
    const answer = script.shift() ?? 200;
    open.add(res);
    res.on("close", () => open.delete(res));
    if (answer === "hang") return;
    if (answer === "stall-body") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":');
      return;
    }
    res.writeHead(answer, { "content-type": "application/json" }).end(JSON.stringify(answer < 400 ? { ok: true } : { message: "Server Error" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const res of open) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = (timeoutMs = 300) => {
  const Octokit = createReleaseBotOctokit({ policy: { timeoutMs, retryDelaysMs: [5, 5] }, throttle: false });
  return new Octokit({ baseUrl: url, log: quiet });
};

describe("the request policy of release-bot's Octokit", () => {
  it("answers a read that succeeds at once, with one request", async () => {
    const { data } = await octokit().request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" });
    expect(data).toEqual({ ok: true });
    expect(seen).toEqual(["GET /repos/acme/ops"]);
  });

  it("retries a read after 502s, up to twice, and answers with the third attempt", async () => {
    script = [502, 503];
    const { data } = await octokit().request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" });
    expect(data).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it("gives up on a read after three 502s with GitHub's answer (a server error)", async () => {
    script = [502, 502, 502, 200];
    await expect(octokit().request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" })).rejects.toMatchObject({ status: 502 });
    expect(seen).toHaveLength(3);
  });

  it("never re-sends a POST that creates something: one 502 is the answer", async () => {
    script = [502];
    await expect(octokit().request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "ops", issue_number: 1, body: "hi" })).rejects.toMatchObject({ status: 502 });
    expect(seen).toEqual(["POST /repos/acme/ops/issues/1/comments"]);
  });

  it("times out a read that never answers, retries it, then fails as a network error that says it timed out", async () => {
    script = ["hang", "hang", "hang"];
    const started = Date.now();
    const error = await octokit(200).request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({ kind: "network", route: "GET /repos/{owner}/{repo}" });
    expect((error as Error).message).toMatch(/timed out after 0\.2 s \(3 attempts\)/);
    expect((error as Error).message).not.toMatch(/500/);
    expect(seen).toHaveLength(3);
  });

  it("times out an answer whose body stalls", async () => {
    script = ["stall-body", 200];
    const { data } = await octokit(200).request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" });
    expect(data).toEqual({ ok: true });
    expect(seen).toHaveLength(2);
  });

  it("times out a POST that never answers once, without re-sending it, and says it may have been made", async () => {
    script = ["hang", 201];
    const error = await octokit(200).request("POST /repos/{owner}/{repo}/deployments", { owner: "acme", repo: "ops", ref: "main" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network" });
    expect((error as Error).message).toMatch(/timed out after 0\.2 s \(a write, not re-sent/);
    expect(seen).toEqual(["POST /repos/acme/ops/deployments"]);
  });

  it("turns a refused connection into a network error after retrying the read", async () => {
    const Octokit = createReleaseBotOctokit({ policy: { timeoutMs: 500, retryDelaysMs: [1] }, throttle: false });
    const dead = new Octokit({ baseUrl: "http://127.0.0.1:1", log: quiet });
    const error = await dead.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network" });
    expect((error as Error).message).toMatch(/could not reach GitHub: .*\(2 attempts\)/);
  });

  it("retries a GraphQL query but not a mutation", async () => {
    script = [502];
    await octokit().graphql("query { viewer { login } }");
    expect(seen).toHaveLength(2);
    seen = [];
    script = [502];
    await expect(octokit().graphql("mutation { addComment(input: {subjectId: \"x\", body: \"y\"}) { clientMutationId } }")).rejects.toMatchObject({ status: 502 });
    expect(seen).toHaveLength(1);
  });
});

describe("which requests are safe to re-send", () => {
  it.each([
    [{ method: "GET", url: "/repos/{owner}/{repo}" }, true],
    [{ method: "PATCH", url: "/repos/{owner}/{repo}/pulls/{pull_number}" }, true],
    [{ method: "PUT", url: "/repos/{owner}/{repo}/contents/{path}" }, true],
    [{ method: "DELETE", url: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}" }, false],
    [{ method: "POST", url: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }, false],
    [{ method: "POST", url: "/repos/{owner}/{repo}/deployments" }, false],
    [{ method: "POST", url: "/app/installations/{installation_id}/access_tokens" }, true],
    [{ method: "POST", url: "/graphql", query: "{ viewer { login } }" }, true],
    [{ method: "POST", url: "/graphql", query: "# why\n  mutation M { x }" }, false],
  ])("%o → %s", (options, safe) => {
    expect(isSafeToRetry(options)).toBe(safe);
  });

  it("reads its timeout and retries from the environment", () => {
    expect(requestPolicyFromEnv({})).toEqual({ timeoutMs: 30_000, retryDelaysMs: [1_000, 3_000] });
    expect(requestPolicyFromEnv({ RELEASE_BOT_GITHUB_TIMEOUT_MS: "5000", RELEASE_BOT_GITHUB_READ_RETRIES: "0" })).toEqual({ timeoutMs: 5_000, retryDelaysMs: [] });
    expect(requestPolicyFromEnv({ RELEASE_BOT_GITHUB_TIMEOUT_MS: "soon" }).timeoutMs).toBe(30_000);
  });
});
