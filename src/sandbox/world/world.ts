/**
 * The whole in-memory GitHub: accounts, repositories, the app and its installations, tokens,
 * captured chat notifications, the clock, and the event stream that feeds webhooks.
 * One instance per sandbox; nothing here is shared between sandboxes.
 */
import { generateKeyPairSync, randomBytes, type KeyObject, createPublicKey } from "node:crypto";
import { SandboxClock, isoSeconds } from "./clock.js";
import { Repository } from "./repository.js";
import type { Account, AccountType, ChatNotification, Installation, InstallationToken } from "./records.js";
import type { WorldEvent, WorldEventListener } from "./world-event.js";
import type { AppProfile } from "./app-profiles.js";

export interface AppIdentity {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  /** "release-bot[bot]" */
  botLogin: string;
  owner: string;
  /** PKCS#1 PEM, as GitHub hands it out. */
  privateKey: string;
  publicKey: KeyObject;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

export const DEFAULT_APP_PERMISSIONS: Record<string, string> = {
  actions: "read",
  checks: "write",
  contents: "write",
  deployments: "write",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
  statuses: "read",
};

export const DEFAULT_APP_EVENTS = ["check_run", "deployment", "deployment_status", "issue_comment", "issues", "pull_request", "push", "workflow_run"];

const ID_BASES: Record<string, number> = { account: 1000, repo: 500000, installation: 70000 };

/** Real ids of well-known accounts, so that renderings match GitHub's. */
const KNOWN_ACCOUNT_IDS: Record<string, number> = { github: 9919, "github-actions[bot]": 41898282 };

export class World {
  readonly clock: SandboxClock;
  readonly app: AppIdentity;
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, Repository>();
  readonly installations = new Map<number, Installation>();
  readonly tokens = new Map<string, InstallationToken>();
  readonly notifications: ChatNotification[] = [];
  /** Apps other than the world's own, by lowercase slug (see `app-profiles.ts`). */
  readonly otherApps = new Map<string, AppProfile>();
  /** Every event, in order. */
  readonly events: WorldEvent[] = [];
  /** When true, a new repository whose owner has no installation gets one holding all the owner's repos. */
  autoInstall = true;
  private readonly listeners = new Set<WorldEventListener>();
  private readonly sequences = new Map<string, number>();

  constructor(opts: { clock?: SandboxClock; appId?: number; appSlug?: string; permissions?: Record<string, string>; events?: string[] } = {}) {
    this.clock = opts.clock ?? new SandboxClock();
    const { privateKey, publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const slug = opts.appSlug ?? "release-bot";
    this.app = {
      id: opts.appId ?? 4242,
      slug,
      name: slug,
      clientId: `Iv1.${randomBytes(8).toString("hex")}`,
      botLogin: `${slug}[bot]`,
      owner: "release-bot-maintainers",
      privateKey,
      publicKey: createPublicKey(publicKey),
      permissions: { ...(opts.permissions ?? DEFAULT_APP_PERMISSIONS) },
      events: [...(opts.events ?? DEFAULT_APP_EVENTS)],
      createdAt: this.now(),
    };
    this.account(this.app.botLogin, "Bot");
    this.account(this.app.owner, "Organization");
  }

  /** The clock's time as GitHub prints it. */
  now(): string {
    return isoSeconds(this.clock.now());
  }

  /** Deterministic ids per kind ("comment", "check_run", …), starting at 1 unless the kind has a base. */
  nextId(kind: string): number {
    const next = (this.sequences.get(kind) ?? ID_BASES[kind] ?? 0) + 1;
    this.sequences.set(kind, next);
    return next;
  }

  /** The account with this login, created on first use (type User unless told). */
  account(login: string, type?: AccountType): Account {
    const key = login.toLowerCase();
    let account = this.accounts.get(key);
    if (!account) {
      const inferred: AccountType = type ?? (login.endsWith("[bot]") ? "Bot" : "User");
      account = { id: KNOWN_ACCOUNT_IDS[key] ?? this.nextId("account"), login, type: inferred };
      this.accounts.set(key, account);
    } else if (type && account.type !== type) {
      account.type = type;
    }
    return account;
  }

  findRepo(fullName: string): Repository | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** The repository, or an error naming it (for tests and scenario steps). */
  repo(fullName: string): Repository {
    const repo = this.findRepo(fullName);
    if (!repo) throw new Error(`sandbox: no repository ${fullName} (known: ${[...this.repos.values()].map((r) => r.fullName).join(", ") || "none"})`);
    return repo;
  }

  createRepo(opts: { fullName: string; defaultBranch?: string; private?: boolean; forkOf?: string; ownerType?: AccountType }): Repository {
    const [owner, name] = opts.fullName.split("/");
    if (!owner || !name) throw new Error(`sandbox: repository name must be owner/name, got "${opts.fullName}"`);
    if (this.findRepo(opts.fullName)) throw new Error(`sandbox: repository ${opts.fullName} already exists`);
    const existing = this.accounts.get(owner.toLowerCase());
    this.account(owner, opts.ownerType ?? existing?.type ?? (opts.forkOf ? "User" : "Organization"));
    const repo = new Repository({
      id: this.nextId("repo"),
      owner,
      name,
      defaultBranch: opts.defaultBranch ?? "main",
      private: opts.private ?? true,
      createdAt: this.now(),
      forkOf: opts.forkOf,
    });
    this.repos.set(opts.fullName.toLowerCase(), repo);
    if (this.autoInstall && !opts.forkOf && !this.installationForAccount(owner)) this.addInstallation({ account: owner });
    return repo;
  }

  addInstallation(opts: { account: string; repos?: string[]; id?: number; permissions?: Record<string, string> }): Installation {
    const id = opts.id ?? this.nextId("installation");
    if (this.installations.has(id)) throw new Error(`sandbox: installation ${id} already exists`);
    this.account(opts.account, this.accounts.get(opts.account.toLowerCase())?.type ?? "Organization");
    const installation: Installation = {
      id,
      account: opts.account,
      selection: opts.repos ? "selected" : "all",
      repos: new Set((opts.repos ?? []).map((r) => r.toLowerCase())),
      permissions: { ...(opts.permissions ?? this.app.permissions) },
      events: [...this.app.events],
      createdAt: this.now(),
    };
    this.installations.set(id, installation);
    return installation;
  }

  installationForAccount(login: string): Installation | undefined {
    return [...this.installations.values()].find((i) => i.account.toLowerCase() === login.toLowerCase());
  }

  /** Whether an installation can see a repository. */
  installationHolds(installation: Installation, fullName: string): boolean {
    const repo = this.findRepo(fullName);
    if (!repo) return false;
    if (installation.selection === "all") return repo.owner.toLowerCase() === installation.account.toLowerCase() && !repo.forkOf;
    return installation.repos.has(repo.fullName.toLowerCase());
  }

  /** The installation that holds a repository (webhooks for it go to this one). */
  installationOf(fullName: string): Installation | undefined {
    return [...this.installations.values()].find((i) => this.installationHolds(i, fullName));
  }

  reposOf(installation: Installation): Repository[] {
    return [...this.repos.values()].filter((r) => this.installationHolds(installation, r.fullName));
  }

  /** A fresh `ghs_` token for an installation, valid one hour of real time. */
  issueToken(installationId: number, opts: { repos?: string[]; permissions?: Record<string, string> } = {}): InstallationToken {
    const installation = this.installations.get(installationId);
    if (!installation) throw new Error(`sandbox: no installation ${installationId}`);
    const token: InstallationToken = {
      token: `ghs_${randomBytes(18).toString("hex").slice(0, 36)}`,
      installationId,
      expiresAt: new Date(Date.now() + 3600_000),
      repos: opts.repos ? new Set(opts.repos.map((r) => r.toLowerCase())) : undefined,
      permissions: { ...installation.permissions, ...(opts.permissions ?? {}) },
    };
    this.tokens.set(token.token, token);
    return token;
  }

  emit(event: WorldEvent): void {
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  onEvent(listener: WorldEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
