/**
 * The record of scheduled runs kept in GitHub, for a bot without Redis: after an environment's
 * scheduled run (or its skip in a freeze), the bot leaves a mark in the ops repo, so that a fresh
 * process, which remembers nothing, can tell a run it missed while down from one that ran.
 *
 * - A mark is a hidden git ref, `refs/release-bot/schedule/<environment>/<due instant>` (e.g.
 *   `refs/release-bot/schedule/staging/20261123T080000Z`), pointing at the ops repo's default head
 *   (a ref must point at a commit; which one does not matter). Refs outside `refs/heads` and
 *   `refs/tags` appear in no branch or tag list and no pull request; the bot needs nothing beyond
 *   the `contents: write` it has.
 * - Environment names are valid ref components (the config's ENVIRONMENT_NAME rule, made for
 *   `release-<env>` branches).
 * - Reading every mark of an ops repo is one request (`matching-refs`), made only when a process
 *   starts. Writing one is a read of the environment's marks, one create and a delete of each older
 *   mark (usually one): three requests per scheduled run, which is weekly or daily.
 * - The mark is written after the run: a crash mid-run leaves none, and the next start runs it again.
 */
import type { RepoName } from "../domain/types.js";
import { OctokitClient, split } from "./octokit-client.js";
import { GitHubError } from "./github-port.js";

const PREFIX = "release-bot/schedule/";
const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export interface ScheduleMarks {
  /** The newest recorded run per environment of an ops repo. */
  lastRuns(repo: RepoName): Promise<Record<string, Date>>;
  /** Records the environment's run due at `dueAt`, on `sha`; drops the environment's older marks. */
  mark(opts: { repo: RepoName; environment: string; dueAt: Date; sha: string }): Promise<void>;
}

/** `20261123T080000Z` for 2026-11-23T08:00:00.000Z (seconds are the finest a cron schedule has). */
export function markStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** The instant of a mark's stamp, or null for a ref that is not a mark. */
export function parseMarkStamp(stamp: string): Date | null {
  const m = STAMP.exec(stamp);
  if (!m) return null;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

interface GitRef {
  ref: string;
}

export class OctokitScheduleMarks extends OctokitClient implements ScheduleMarks {
  async lastRuns(repo: RepoName): Promise<Record<string, Date>> {
    const newest: Record<string, Date> = {};
    for (const { environment, at } of await this.marks(repo, "")) {
      if (!newest[environment] || newest[environment] < at) newest[environment] = at;
    }
    return newest;
  }

  async mark(opts: { repo: RepoName; environment: string; dueAt: Date; sha: string }): Promise<void> {
    const { repo, environment, dueAt, sha } = opts;
    const existing = await this.marks(repo, `${environment}/`);
    const ref = `refs/${PREFIX}${environment}/${markStamp(dueAt)}`;
    if (!existing.some((m) => m.ref === ref)) {
      try {
        await this.call("POST /repos/{owner}/{repo}/git/refs", { ...split(repo), ref, sha });
      } catch (error) {
        // A lost answer, or a second process marking the same run: the mark is there either way.
        if (!(error instanceof GitHubError && error.status === 422 && /already exists/i.test(error.message))) throw error;
      }
    }
    for (const older of existing.filter((m) => m.environment === environment && m.at < dueAt)) {
      try {
        await this.call("DELETE /repos/{owner}/{repo}/git/refs/{ref}", { ...split(repo), ref: older.ref.slice("refs/".length) });
      } catch (error) {
        // Already gone (another process, a lost answer): nothing to drop.
        if (!(error instanceof GitHubError && (error.status === 422 || error.status === 404))) throw error;
      }
    }
  }

  /** The marks under `refs/release-bot/schedule/<under>`. */
  private async marks(repo: RepoName, under: string): Promise<{ ref: string; environment: string; at: Date }[]> {
    const refs = await this.call<GitRef[]>("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { ...split(repo), ref: `${PREFIX}${under}` });
    const out: { ref: string; environment: string; at: Date }[] = [];
    for (const { ref } of refs) {
      const [environment, stamp, ...rest] = ref.slice(`refs/${PREFIX}`.length).split("/");
      const at = rest.length === 0 && stamp ? parseMarkStamp(stamp) : null;
      if (environment && at) out.push({ ref, environment, at });
    }
    return out;
  }
}
