import { createHash } from "node:crypto";
import { parseConfig, unreadableConfig, type ParsedConfig } from "../domain/parse-config.js";
import { unreadablePinFileProblem } from "../domain/pin-file.js";
import { knownFile, type FileAtRef, type GitHubPort, type OpsSnapshot } from "../github/github-port.js";
import type { RepoName } from "../domain/types.js";
import type { LockHeld } from "./keyed-lock.js";

/** Where the bot reads its config in an ops repo (Probot's convention). */
export const CONFIG_PATH = ".github/release-bot.yml";

export interface OpsRepo {
  repo: RepoName;
  defaultBranch: string;
  /** Head sha of the default branch when the config was read. */
  head: string;
  htmlUrl: string;
  /** The tree of `head`, when the load read it. */
  tree?: string;
}

/** Where the bot's own env files live by default: the snapshot lists it whole. */
export const ENV_DIR = "environments";
/** The bot's release branches, `release-<env>`. */
export const RELEASE_BRANCH_PREFIX = "release-";

export interface LoadedConfig {
  ops: OpsRepo;
  /**
   * What the one read of the ops repo also brought (files at `ops.head`, the release branches and their PRs):
   * a use case may take a file or branch from it instead of reading it again. It is as old as the load.
   */
  snapshot?: OpsSnapshot;
  /** When (epoch ms) the load's read was sent: a lock released after it may have let someone write since. */
  loadedAt?: number;
  /** Shared between every caller that read the same file content: frozen, never to be mutated. */
  parsed: ParsedConfig;
}

/** Parses kept: enough for every ops repo a replica usually serves, bounded so hostile repos cannot grow it. */
const CACHE_ENTRIES = 64;
/** Total source size of the cached parses, so 64 files at the 512 KB cap cannot hold a lot of memory. */
const CACHE_SOURCE_CHARS = 8 * 1024 * 1024;

/**
 * Parses by the config file's git blob sha, computed here from the text itself (not taken from an API
 * answer, so nothing but this content can ever map to this entry). The parse is a pure function of the
 * content and the blob sha addresses the content, so one entry is safe to share across repos and
 * installations: the only state in this module, and it can never be stale. The results are frozen.
 */
const cache = new Map<string, { parsed: ParsedConfig; size: number }>();
let cachedChars = 0;

/** Git's blob sha of a text (what GitHub reports as the file's `sha`). */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** `parseConfig` of `.github/release-bot.yml`, parsed once per content (LRU by blob sha). */
export function parseOpsConfig(opts: { text: string }): ParsedConfig {
  const key = blobSha(opts.text);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.parsed;
  }
  const parsed = deepFreeze(parseConfig({ file: CONFIG_PATH, text: opts.text }));
  const size = opts.text.length;
  cache.set(key, { parsed, size });
  cachedChars += size;
  for (const [oldest, entry] of cache) {
    if (cache.size <= CACHE_ENTRIES && cachedChars <= CACHE_SOURCE_CHARS) break;
    if (oldest === key) break;
    cache.delete(oldest);
    cachedChars -= entry.size;
  }
  return parsed;
}

/**
 * Reads and validates `.github/release-bot.yml` from the default branch head; null when the repo has none
 * (not an ops repo). One GraphQL query (`readOpsSnapshot`) brings the repo, its head, the config, the
 * `environments/` files and the release branches with their PRs; a config GraphQL will not give as text
 * is read over REST, which says why.
 */
export async function loadOpsConfig(opts: { github: GitHubPort; repo: RepoName }): Promise<LoadedConfig | null> {
  const loadedAt = Date.now();
  const snapshot = await opts.github.repos.readOpsSnapshot({ repo: opts.repo, configPath: CONFIG_PATH, dir: ENV_DIR, branchPrefix: RELEASE_BRANCH_PREFIX });
  // Not visible: the REST read answers with GitHub's own error, as every other read does.
  if (!snapshot) return loadOverRest(opts);
  const { info, head } = snapshot;
  if (!head) return null;
  const known = knownFile(snapshot.files, CONFIG_PATH);
  const file = known !== undefined ? known : await opts.github.repos.readFile(opts.repo, CONFIG_PATH, head);
  if (!file) return null;
  const ops: OpsRepo = { repo: info.fullName, defaultBranch: info.defaultBranch, head, htmlUrl: info.htmlUrl, ...(snapshot.tree ? { tree: snapshot.tree } : {}) };
  return { ...loadedFrom(ops, file), snapshot, loadedAt };
}

/**
 * `loaded` as the holder of an environment's lock may use it: when the lock was let go of after the load (some
 * other work on that environment may have moved its branch or opened its PR), the snapshot's branches are
 * dropped, so the release reads them anew. Files at the loaded head stay: a commit does not change.
 */
export function asHeld(loaded: LoadedConfig, held: LockHeld): LoadedConfig {
  const stale = loaded.snapshot?.branches && (loaded.loadedAt === undefined || (held.lastReleasedAt !== undefined && held.lastReleasedAt >= loaded.loadedAt));
  return stale ? { ...loaded, snapshot: { ...loaded.snapshot!, branches: null } } : loaded;
}

async function loadOverRest(opts: { github: GitHubPort; repo: RepoName }): Promise<LoadedConfig | null> {
  const info = await opts.github.repos.getRepo(opts.repo);
  const head = await opts.github.repos.getBranchHead(opts.repo, info.defaultBranch);
  if (!head) return null;
  const file = await opts.github.repos.readFile(opts.repo, CONFIG_PATH, head);
  if (!file) return null;
  return loadedFrom({ repo: info.fullName, defaultBranch: info.defaultBranch, head, htmlUrl: info.htmlUrl }, file);
}

function loadedFrom(ops: OpsRepo, file: FileAtRef): LoadedConfig {
  if (file.unreadable) {
    // Over GitHub's 1 MB contents limit, or binary: never parsed as an empty (valid) config.
    const problem = unreadablePinFileProblem({ file: CONFIG_PATH, reason: file.unreadable, byteSize: file.byteSize });
    return { ops, parsed: unreadableConfig({ file: CONFIG_PATH, ...problem }) };
  }
  return { ops, parsed: parseOpsConfig({ text: file.content }) };
}
