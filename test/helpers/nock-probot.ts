/**
 * A Probot instance loaded with release-bot, for handler tests with nock: no network, every
 * request must be mocked, every mock must be used (checked by `assertNockDone`).
 */
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { identityOf } from "../../src/github/app-identity.js";
import { createApp } from "../../src/index.js";
import { TEST_INSTALLATION_ID } from "./webhook-example.js";

export const API = "https://api.github.com";
/** The app the handler tests run as: its writing is `release-bot[bot]`'s. */
export const TEST_APP = identityOf({ id: 1, slug: "release-bot" });

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

const unmatched: string[] = [];

export function setupNock(): void {
  nock.disableNetConnect();
  unmatched.length = 0;
  nock.emitter.removeAllListeners("no match");
  nock.emitter.on("no match", (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`));
}

/** Fails when a request went unmocked or a mock went unused. */
export function assertNockDone(): void {
  const pending = nock.pendingMocks();
  const noMatch = [...unmatched];
  nock.cleanAll();
  nock.enableNetConnect();
  if (noMatch.length > 0) throw new Error(`unmocked requests: ${noMatch.join(", ")}`);
  if (pending.length > 0) throw new Error(`unused mocks: ${pending.join(", ")}`);
}

export function createTestProbot(): Probot {
  const probot = new Probot({
    appId: 1,
    privateKey,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { ...(o.throttle as object), enabled: false } })),
  });
  void probot.load(createApp({ scheduler: false, identity: TEST_APP }));
  return probot;
}

/** The installation-token exchange every webhook starts with. */
export function mockInstallationToken(scope: nock.Scope): nock.Scope {
  return scope
    .post(`/app/installations/${TEST_INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {}, repository_selection: "all" });
}
