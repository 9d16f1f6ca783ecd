/**
 * The final state of a sandbox run as JSON (the shape of issue #2): every repository's files on
 * the default branch, branches, pull requests (with their changed files at head), issues,
 * deployments and the bot's check runs; chat notifications; the bot's writes; API and webhook counts.
 */
import type { ContractViolation } from "../contract/violation.js";
import type { World } from "../world/world.js";
import type { Repository } from "../world/repository.js";
import { pullCommits, pullFiles } from "../world/operations/pull-operations.js";
import type { ApiRecorder, WriteRecord } from "../http/api-recorder.js";
import type { WebhookQueue } from "../webhooks/webhook-queue.js";
import type { BotProcess, CrashRecord } from "../http/bot-process.js";

export interface TranscriptComment {
  user: string;
  body: string;
}

export interface TranscriptPull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: "open" | "closed";
  merged: boolean;
  labels: string[];
  commits: number;
  comments: TranscriptComment[];
  /** Changed files at the PR's head (deleted files are left out). */
  files: Record<string, string>;
}

export interface TranscriptIssue {
  number: number;
  title: string;
  state: "open" | "closed";
  labels: string[];
  comments: TranscriptComment[];
}

export interface TranscriptDeployment {
  id: number;
  environment: string;
  ref: string;
  sha: string;
  statuses: { state: string; logUrl: string }[];
}

export interface TranscriptCheckRun {
  name: string;
  headSha: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
}

export interface TranscriptRepo {
  files: Record<string, string>;
  branches: Record<string, string>;
  pulls: TranscriptPull[];
  issues: TranscriptIssue[];
  deployments: TranscriptDeployment[];
  /** Check runs the bot created. */
  checkRuns: TranscriptCheckRun[];
}

export interface Transcript {
  scenario: string;
  clock: string;
  repos: Record<string, TranscriptRepo>;
  notifications: { url: string; body: unknown }[];
  writes: WriteRecord[];
  api: {
    requests: number;
    byRoute: Record<string, number>;
    contractViolations: ContractViolation[];
    /** GraphQL points charged by GitHub's formula (documents refused before running cost none). */
    graphqlPoints: number;
    /** The same by operation name ("(anonymous)" for unnamed documents). */
    graphqlPointsByOperation: Record<string, number>;
  };
  webhooks: { delivered: number; failed: number };
  /** Only when a scenario killed the bot: its crashes and restarts, requests its dead process sent (dropped), deliveries that failed while it was down. */
  bot?: { crashes: CrashRecord[]; restarts: number; refusedRequests: number; failedWhileDown: number };
}

export function buildTranscript(opts: { scenario: string; world: World; recorder: ApiRecorder; webhooks: WebhookQueue; bot?: BotProcess }): Transcript {
  const { world, recorder, webhooks, bot } = opts;
  const repos: Record<string, TranscriptRepo> = {};
  for (const repo of world.repos.values()) {
    if (repo.forkOf) continue;
    repos[repo.fullName] = repoState(world, repo);
  }
  return {
    scenario: opts.scenario,
    clock: world.now(),
    repos,
    notifications: world.notifications.map((n) => ({ url: n.url, body: n.body })),
    writes: recorder.writes.map((w) => ({ ...w })),
    api: {
      requests: recorder.requests,
      byRoute: Object.fromEntries(Object.entries(recorder.byRoute).sort(([a], [b]) => a.localeCompare(b))),
      contractViolations: recorder.violations.map((v) => ({ ...v })),
      graphqlPoints: recorder.graphqlPoints,
      graphqlPointsByOperation: Object.fromEntries(Object.entries(recorder.graphqlPointsByOperation).sort(([a], [b]) => a.localeCompare(b))),
    },
    webhooks: { delivered: webhooks.delivered, failed: webhooks.failed },
    ...(bot && (bot.crashes.length > 0 || bot.restarts > 0)
      ? {
          bot: {
            crashes: bot.crashes.map((c) => ({ ...c })),
            restarts: bot.restarts,
            refusedRequests: bot.refused,
            failedWhileDown: webhooks.deliveries.filter((d) => d.whileBotDown).length,
          },
        }
      : {}),
  };
}

function repoState(world: World, repo: Repository): TranscriptRepo {
  const comments = (n: number) => repo.commentsOn(n).map((c) => ({ user: c.user, body: c.body }));
  return {
    files: repo.filesAt(repo.defaultBranch),
    branches: Object.fromEntries([...repo.branches()].sort(([a], [b]) => a.localeCompare(b))),
    pulls: repo.pulls().map((pr) => {
      const pull = pr.pull!;
      const files: Record<string, string> = {};
      for (const d of pullFiles(world, repo, pr)) {
        if (d.after) files[d.path] = repo.git.blob(d.after)?.toString("utf8") ?? "";
      }
      return {
        number: pr.number,
        title: pr.title,
        body: pr.body ?? "",
        head: pull.headRef,
        base: pull.baseRef,
        state: pr.state,
        merged: pull.merged,
        labels: [...pr.labels],
        commits: pullCommits(repo, pr).length,
        comments: comments(pr.number),
        files,
      };
    }),
    issues: [...repo.issues.values()]
      .filter((i) => !i.pull)
      .sort((a, b) => a.number - b.number)
      .map((i) => ({ number: i.number, title: i.title, state: i.state, labels: [...i.labels], comments: comments(i.number) })),
    deployments: repo.deployments.map((d) => ({
      id: d.id,
      environment: d.environment,
      ref: d.ref,
      sha: d.sha,
      statuses: d.statuses.map((s) => ({ state: s.state, logUrl: s.logUrl })),
    })),
    checkRuns: repo.checkRuns
      .filter((r) => r.app === world.app.slug)
      .map((r) => ({ name: r.name, headSha: r.headSha, conclusion: r.conclusion, title: r.output.title, summary: r.output.summary })),
  };
}
