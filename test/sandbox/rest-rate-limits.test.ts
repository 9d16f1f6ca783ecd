/** GitHub's REST primary rate limit per installation: x-ratelimit-* counting down, 403 with the reset once spent. */
import { describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { appClient, installationClient, raw, tokenFor } from "./sandbox-client.js";
import { smallWorld } from "./small-world.js";

async function inWorld(extra: Record<string, unknown>, run: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({ scenario: smallWorld(extra) });
  try {
    await run(sandbox);
    expect(sandbox.contractViolations()).toEqual([]);
  } finally {
    await sandbox.close();
  }
}

const rateHeaders = (headers: Headers) => Object.fromEntries([...headers].filter(([k]) => k.startsWith("x-ratelimit-")));

describe("sandbox REST primary rate limit", () => {
  it("counts GitHub's 5,000 requests an hour down per installation, errors included", () =>
    inWorld({}, async (sandbox) => {
      const acme = tokenFor(sandbox, "acme");
      const first = await raw(sandbox, "GET", "/repos/acme/ops", { token: acme });
      const missing = await raw(sandbox, "GET", "/repos/acme/nope", { token: acme });
      const third = await raw(sandbox, "GET", "/repos/acme/ops/issues/1", { token: acme });
      const other = await raw(sandbox, "GET", "/repos/other/private", { token: tokenFor(sandbox, "other") });
      expect(missing.status).toBe(404);
      expect([first, missing, third, other].map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["4999", "4998", "4997", "4999"]);
      expect(rateHeaders(third.headers)).toEqual({
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4997",
        "x-ratelimit-used": "3",
        "x-ratelimit-reset": expect.stringMatching(/^\d{10}$/),
        "x-ratelimit-resource": "core",
      });
      expect(first.headers.get("x-ratelimit-reset")).toBe(third.headers.get("x-ratelimit-reset"));
      const reset = Number(third.headers.get("x-ratelimit-reset")) * 1000 - Date.now();
      expect(reset).toBeGreaterThan(3590_000);
      expect(reset).toBeLessThanOrEqual(3600_000);
      // GraphQL has a budget of its own.
      const gql = await raw(sandbox, "POST", "/api/graphql", { token: acme, body: { query: "{ rateLimit { remaining } }" } });
      expect(gql.headers.get("x-ratelimit-resource")).toBe("graphql");
      expect((await raw(sandbox, "GET", "/repos/acme/ops", { token: acme })).headers.get("x-ratelimit-remaining")).toBe("4996");
    }));

  it("answers 403 with x-ratelimit-remaining 0, the reset and GitHub's message once the budget is spent, and performs nothing", () =>
    inWorld({ rateLimits: { rest: 3 } }, async (sandbox) => {
      const octokit = installationClient(sandbox, "acme");
      const comment = () => octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "ops", issue_number: 1, body: "hi" });
      for (let i = 0; i < 3; i++) expect((await comment()).status).toBe(201);
      const installationId = [...sandbox.world.installations.values()].find((i) => i.account === "acme")!.id;
      const refused = (await comment().then(
        () => expect.unreachable("the request was not refused"),
        (e: unknown) => e,
      )) as { status: number; response: { headers: Record<string, string>; data: unknown } };
      expect(refused.status).toBe(403);
      expect(refused.response.data).toEqual({
        message: `API rate limit exceeded for installation ID ${installationId}.`,
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        status: "403",
      });
      expect(refused.response.headers).toMatchObject({ "x-ratelimit-limit": "3", "x-ratelimit-remaining": "0", "x-ratelimit-used": "3", "x-ratelimit-resource": "core" });
      expect(Number(refused.response.headers["x-ratelimit-reset"]) * 1000).toBeGreaterThan(Date.now() + 3500_000);
      expect(sandbox.world.repo("acme/ops").commentsOn(1)).toHaveLength(3);
      expect(sandbox.transcript().writes).toHaveLength(3);
      expect(sandbox.primaryLimitHits()).toBe(1);
      // Reads are refused too; other installations and the app's JWT are not.
      await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" })).rejects.toMatchObject({ status: 403 });
      expect((await installationClient(sandbox, "other").request("GET /repos/{owner}/{repo}", { owner: "other", repo: "private" })).status).toBe(200);
      expect((await appClient(sandbox).request("GET /app")).status).toBe(200);
    }));

  it("takes the budgets from startSandbox over the scenario's, and enforce: false only counts", async () => {
    const sandbox = await startSandbox({ scenario: smallWorld({ rateLimits: { rest: 1 } }), rateLimits: { rest: 2, enforce: false } });
    try {
      const token = tokenFor(sandbox, "acme");
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await raw(sandbox, "GET", "/repos/acme/ops", { token }));
      expect(answers.map((a) => [a.status, a.headers.get("x-ratelimit-limit"), a.headers.get("x-ratelimit-remaining")])).toEqual([
        [200, "2", "1"],
        [200, "2", "0"],
        [200, "2", "0"],
      ]);
      expect(sandbox.primaryLimitHits()).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
