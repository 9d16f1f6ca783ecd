/**
 * A Probot instance loaded with release-bot, for handler tests with nock: no network, every
 * request must be mocked, every mock must be used (checked by `assertNockDone`).
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { identityOf } from "../../src/github/app-identity.js";
import type { OpsSnapshotData } from "../../src/github/ops-snapshot-query.js";
import { createApp } from "../../src/index.js";
import { validateGraphQLDocument } from "../../src/sandbox/contract/graphql-contract.js";
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

/** A file of the ops repo: its text, answered as GitHub's GraphQL `Blob`. */
const blob = (text: string) => ({
  __typename: "Blob",
  oid: createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest("hex"),
  text,
  byteSize: Buffer.byteLength(text),
  isBinary: false,
  isTruncated: false,
});

/** Where the bot keeps its env files and config, and how its branches are named (the layout OpsSnapshot asks for). */
const SNAPSHOT_DIR = "environments";
const SNAPSHOT_CONFIG = ".github/release-bot.yml";
const SNAPSHOT_PREFIX = "release-";

/** `file(path: "environments")` of a commit: a `Tree` of the files directly in it, null when it has none (git has no empty directories). */
function snapshotDir(files: Record<string, string> | undefined) {
  const paths = Object.keys(files ?? {}).sort();
  if (paths.length === 0) return null;
  for (const path of paths) if (!path.startsWith(`${SNAPSHOT_DIR}/`) || path.slice(SNAPSHOT_DIR.length + 1).includes("/")) throw new Error(`opsSnapshotReply: ${path} is not directly in ${SNAPSHOT_DIR}/`);
  return { object: { __typename: "Tree", entries: paths.map((path) => ({ name: path.slice(SNAPSHOT_DIR.length + 1), path, type: "blob", object: blob(files![path]) })) } };
}

/** An open PR from a release branch into the default branch. `byApp`: the app opened it (GraphQL: `viewerDidAuthor`, author `release-bot`). */
export interface SnapshotPullSpec {
  number: number;
  title: string;
  body: string;
  labels?: string[];
  byApp?: boolean;
  /** The author's login when someone else opened it. */
  author?: string;
}

/** A `release-*` branch: its head commit, that commit's parents, the files directly in `environments/` there, its open PRs. */
export interface SnapshotBranchSpec {
  name: string;
  head: string;
  parents: string[];
  files?: Record<string, string>;
  pulls?: SnapshotPullSpec[];
}

export interface OpsSnapshotSpec {
  /** owner/name */
  repo: string;
  defaultBranch: string;
  /** The default branch's head commit. */
  head: string;
  /** `.github/release-bot.yml` at the head; null when the repository has none. */
  config: string | null;
  /** The files directly in `environments/` at the head, by path ("environments/staging.yml"). */
  files?: Record<string, string>;
  branches?: SnapshotBranchSpec[];
}

/** GitHub's answer to `query OpsSnapshot` (src/github/ops-snapshot-query.ts) for this ops repository. */
export function opsSnapshotReply(spec: OpsSnapshotSpec): { data: OpsSnapshotData } {
  const url = `https://github.com/${spec.repo}`;
  const fakeOid = (of: string) => createHash("sha1").update(of).digest("hex");
  return {
    data: {
      repository: {
        id: `R_kgDO${createHash("sha1").update(spec.repo).digest("base64url").slice(0, 6)}`,
        nameWithOwner: spec.repo,
        url,
        defaultBranchRef: {
          name: spec.defaultBranch,
          target: {
            oid: spec.head,
            tree: { oid: fakeOid(`tree of ${spec.head}`) },
            config: spec.config === null ? null : { object: blob(spec.config) },
            dir: snapshotDir(spec.files),
          },
        },
        branches: {
          nodes: (spec.branches ?? []).map((b) => {
            if (!b.name.startsWith(SNAPSHOT_PREFIX)) throw new Error(`opsSnapshotReply: ${b.name} does not start with ${SNAPSHOT_PREFIX}`);
            return {
              name: b.name,
              target: { oid: b.head, parents: { nodes: b.parents.map((oid) => ({ oid })) }, dir: snapshotDir(b.files) },
              associatedPullRequests: {
                nodes: (b.pulls ?? []).map((p) => ({
                  number: p.number,
                  title: p.title,
                  body: p.body,
                  state: "OPEN",
                  merged: false,
                  headRefName: b.name,
                  headRefOid: b.head,
                  baseRefName: spec.defaultBranch,
                  url: `${url}/pull/${p.number}`,
                  viewerDidAuthor: p.byApp ?? false,
                  // GraphQL names an app's bot account without "[bot]".
                  author: { login: p.byApp ? TEST_APP.slug : (p.author ?? "Codertocat") },
                  headRepository: { nameWithOwner: spec.repo },
                  labels: { nodes: (p.labels ?? []).map((name) => ({ name })) },
                })),
              },
            };
          }),
        },
      },
    },
  };
}

/**
 * Mocks the one `query OpsSnapshot` loading `spec.repo`'s config sends: it matches only that operation, for
 * that repository and the bot's layout, and answers a document GitHub's schema rejects with GitHub's errors.
 */
export function mockOpsSnapshot(scope: nock.Scope, spec: OpsSnapshotSpec): nock.Scope {
  const [owner, name] = spec.repo.split("/");
  type Body = { query?: unknown; variables?: Record<string, unknown> };
  return scope
    .post("/graphql", (body: Body) =>
      typeof body.query === "string" && /^\s*query OpsSnapshot\b/.test(body.query) &&
      body.variables?.owner === owner && body.variables?.name === name &&
      body.variables?.config === SNAPSHOT_CONFIG && body.variables?.dir === SNAPSHOT_DIR && body.variables?.prefix === SNAPSHOT_PREFIX)
    .reply((_uri, body) => {
      const { query, variables } = body as { query: string; variables: Record<string, unknown> };
      const violations = validateGraphQLDocument(query, variables);
      return violations.length > 0 ? [200, { errors: violations.map((v) => ({ message: v.message })) }] : [200, opsSnapshotReply(spec)];
    });
}
