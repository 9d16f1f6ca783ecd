/**
 * Clients for sandbox tests: a ProbotOctokit authenticated as the app's installation (the same
 * auth flow Probot uses: JWT → installation token), and a raw fetch for status-code checks.
 */
import { ProbotOctokit } from "probot";
import type { Sandbox } from "../../src/sandbox/sandbox.js";

export const TestOctokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({
  ...o,
  retry: { enabled: false },
  throttle: { ...(o.throttle as object), enabled: false },
}));

export type Client = InstanceType<typeof TestOctokit>;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** An Octokit for the installation of `account` (default: the only / first installation). */
export function installationClient(sandbox: Sandbox, account?: string): Client {
  const installations = [...sandbox.world.installations.values()];
  const installation = account ? installations.find((i) => i.account === account) : installations[0];
  if (!installation) throw new Error(`no installation for ${account ?? "any account"}`);
  return new TestOctokit({
    auth: { appId: sandbox.appId, privateKey: sandbox.privateKey, installationId: installation.id },
    baseUrl: `${sandbox.url}/api/v3`,
    log: quiet,
  });
}

/** An Octokit authenticated as the app itself (JWT). */
export function appClient(sandbox: Sandbox): Client {
  return new TestOctokit({ auth: { appId: sandbox.appId, privateKey: sandbox.privateKey }, baseUrl: `${sandbox.url}/api/v3`, log: quiet });
}

/** A raw request: status, parsed body and headers. */
export async function raw(
  sandbox: Sandbox,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; accept?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const url = path.startsWith("/api/") ? `${sandbox.url}${path}` : `${sandbox.url}/api/v3${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      accept: opts.accept ?? "application/vnd.github+json",
      ...(opts.token ? { authorization: `token ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers };
}

/** A fresh installation token for raw requests. */
export function tokenFor(sandbox: Sandbox, account?: string): string {
  const installations = [...sandbox.world.installations.values()];
  const installation = account ? installations.find((i) => i.account === account)! : installations[0];
  return sandbox.world.issueToken(installation.id).token;
}
