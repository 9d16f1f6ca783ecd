import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { signAppJwt } from "../../src/sandbox/http/authenticate.js";
import { appClient, installationClient, raw } from "./sandbox-client.js";
import { smallWorld } from "./small-world.js";

describe("sandbox auth, as GitHub does it", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: smallWorld() });
  });
  afterEach(async () => {
    const violations = sandbox.contractViolations();
    await sandbox.close();
    expect(violations).toEqual([]);
  });

  it("answers 401 with GitHub's body when no token is sent", async () => {
    const res = await raw(sandbox, "GET", "/repos/acme/ops");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ message: "Requires authentication", documentation_url: expect.any(String) });
  });

  it("answers 401 Bad credentials for an unknown token", async () => {
    const res = await raw(sandbox, "GET", "/repos/acme/ops", { token: "ghs_nope" });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe("Bad credentials");
  });

  it("needs the app's JWT on app endpoints", async () => {
    expect((await raw(sandbox, "GET", "/app")).status).toBe(401);
    const jwt = await signAppJwt(sandbox.world);
    const res = await fetch(`${sandbox.url}/api/v3/app`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: sandbox.appId, slug: "release-bot" });
  });

  it("rejects a JWT signed by another key or already expired", async () => {
    const other = await startSandbox({});
    try {
      const foreign = await signAppJwt(other.world);
      const res = await fetch(`${sandbox.url}/api/v3/app`, { headers: { authorization: `Bearer ${foreign}` } });
      expect(res.status).toBe(401);
      const expired = await signAppJwt(sandbox.world, { now: Math.floor(Date.now() / 1000) - 3600 });
      const res2 = await fetch(`${sandbox.url}/api/v3/app`, { headers: { authorization: `Bearer ${expired}` } });
      expect(res2.status).toBe(401);
      expect(((await res2.json()) as { message: string }).message).toMatch(/exp/);
    } finally {
      await other.close();
    }
  });

  it("exchanges the JWT for an installation token that works (Probot's flow)", async () => {
    const app = appClient(sandbox);
    const installations = await app.request("GET /app/installations");
    expect(installations.data.map((i: { account: { login: string } | null }) => i.account?.login)).toEqual(["acme", "other"]);
    const found = await app.request("GET /repos/{owner}/{repo}/installation", { owner: "acme", repo: "billing" });
    const token = await app.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: found.data.id });
    expect(token.status).toBe(201);
    expect(token.data.token).toMatch(/^ghs_/);
    const res = await raw(sandbox, "GET", "/repos/acme/billing", { token: token.data.token });
    expect(res.status).toBe(200);
    expect(res.body.full_name).toBe("acme/billing");

    const octokit = installationClient(sandbox, "acme");
    const repos = await octokit.request("GET /installation/repositories");
    expect(repos.data.repositories.map((r: { full_name: string }) => r.full_name)).toEqual(["acme/ops", "acme/billing"]);
  });

  it("hides private repositories outside the installation (404) and refuses writes to public ones (403)", async () => {
    const octokit = installationClient(sandbox, "acme");
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "other", repo: "private" })).rejects.toMatchObject({ status: 404 });
    const pub = await octokit.request("GET /repos/{owner}/{repo}", { owner: "other", repo: "public" });
    expect(pub.data.private).toBe(false);
    await expect(
      octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "other", repo: "public", title: "hello" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "missing" })).rejects.toMatchObject({ status: 404 });
  });

  it("narrows a token to the repositories asked for", async () => {
    const app = appClient(sandbox);
    const installation = [...sandbox.world.installations.values()].find((i) => i.account === "acme")!;
    const token = await app.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: installation.id, repositories: ["ops"] });
    expect(token.data.repositories?.map((r: { full_name: string }) => r.full_name)).toEqual(["acme/ops"]);
    expect((await raw(sandbox, "GET", "/repos/acme/ops", { token: token.data.token })).status).toBe(200);
    expect((await raw(sandbox, "GET", "/repos/acme/billing", { token: token.data.token })).status).toBe(404);
  });

  it("counts requests per route template", async () => {
    const octokit = installationClient(sandbox, "acme");
    await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "ops" });
    await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "billing" });
    const api = sandbox.transcript().api;
    expect(api.byRoute["GET /repos/{owner}/{repo}"]).toBe(2);
    expect(api.byRoute["POST /app/installations/{installation_id}/access_tokens"]).toBe(1);
    expect(api.requests).toBe(3);
  });
});
