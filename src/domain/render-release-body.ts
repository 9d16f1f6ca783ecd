/**
 * The release PR body: per component from → to, compare link, PRs, referenced issues, commits without a PR;
 * skipped components as notes; hidden metadata at the end.
 *
 * - Issue and PR links go through the redirector host (no back-references on every edit); no bare `#3`.
 * - User text is sanitized: no pings, no closing keywords, no Markdown/HTML breaking the layout.
 * - The body stays under GitHub's 65,536-char limit (budget 60,000) by degrading step by step: drop commit
 *   lists, cut PR and issue lists per component, one line per component, names only, a count. The metadata is
 *   always kept; if even that does not fit, it drops the components' pins, then caps its issue list (and says so).
 * - The output is deterministic (no clock unless `generatedAt` is given), so re-rendering an unchanged release
 *   produces the same body and no PR edit.
 */
import { codeSpan, defuseClosingKeywords, defuseReferences, escapeMarkdownInline, neutralizeMentions, sanitizeForBody } from "./neutralize-text.js";
import { findReferences } from "./parse-references.js";
import type { MetadataSeal } from "./metadata-seal.js";
import { renderMetadata } from "./release-metadata.js";
import type { Changelog, ComponentChange, IssueRef, Release, ReleaseMetadata, RepoName } from "./types.js";
import { shortVersion } from "./short-sha.js";

export const BODY_BUDGET = 60_000;

export interface RenderReleaseBodyOptions {
  release: Release;
  /** The ops repository the PR is opened in. */
  opsRepo: RepoName;
  links: { redirect: string | false };
  /** Web URL of GitHub (GitHub Enterprise: its own). Default https://github.com */
  githubUrl?: string;
  /** Shown in the footer when given (the domain has no clock). */
  generatedAt?: string;
  /** Maximum body length; default 60,000. */
  budget?: number;
  /** Seals the metadata so the merge can trust its issue list (no seal: the merge reads the issues from git). */
  seal?: MetadataSeal;
}

interface Detail {
  mode: "full" | "line" | "names" | "count";
  commits: boolean;
  maxPulls: number;
  maxIssues: number;
}

const LEVELS: Detail[] = [
  { mode: "full", commits: true, maxPulls: Infinity, maxIssues: Infinity },
  { mode: "full", commits: false, maxPulls: Infinity, maxIssues: Infinity },
  ...[50, 20, 10, 5, 2].map((n): Detail => ({ mode: "full", commits: false, maxPulls: n, maxIssues: n })),
  { mode: "line", commits: false, maxPulls: 0, maxIssues: 0 },
  { mode: "names", commits: false, maxPulls: 0, maxIssues: 0 },
  { mode: "count", commits: false, maxPulls: 0, maxIssues: 0 },
];

export interface Ctx {
  linkBase: string;
  githubHost: string;
}

export const short = shortVersion;
export const code = (text: string) => codeSpan(short(text));
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function linkBaseOf(opts: { redirect: string | false; githubUrl: string }): string {
  if (opts.redirect === false) return opts.githubUrl.replace(/\/+$/, "");
  return (opts.redirect.includes("://") ? opts.redirect : `https://${opts.redirect}`).replace(/\/+$/, "");
}

export function refLink(ctx: Ctx, ref: IssueRef, home: RepoName, kind: "issues" | "pull" = "issues"): string {
  const label = ref.repo.toLowerCase() === home.toLowerCase() ? `#${ref.number}` : `${ref.repo}#${ref.number}`;
  return `[${label}](${ctx.linkBase}/${ref.repo}/${kind}/${ref.number})`;
}

/** One line of user text: references become redirect links, everything else is sanitized. */
function userText(ctx: Ctx, text: string, repo: RepoName): string {
  const line = defuseClosingKeywords(text.split(/\r?\n/)[0].trim());
  let out = "";
  let cursor = 0;
  const safe = (chunk: string) => escapeMarkdownInline(defuseReferences(neutralizeMentions(chunk)));
  for (const found of findReferences({ text: line, repo, githubHost: ctx.githubHost })) {
    out += safe(line.slice(cursor, found.start)) + refLink(ctx, found.ref, repo);
    cursor = found.end;
  }
  return out + safe(line.slice(cursor));
}

const by = (author?: string) => (author ? ` (${escapeMarkdownInline(author)})` : "");

function componentSection(ctx: Ctx, change: ComponentChange, detail: Detail): string[] {
  const { changelog, repo } = change;
  const name = sanitizeForBody(change.component);
  const to = change.to.url ? `[${code(change.to.version)}](${change.to.url})` : code(change.to.version);
  const lines = [`### ${name} ${code(change.from.version)} → ${to}`, ""];
  if (changelog.status === "unavailable") {
    lines.push(`Changelog unavailable: ${sanitizeForBody(changelog.reason)}.${changelog.compareUrl ? ` [Compare ${escapeMarkdownInline(repo)}](${changelog.compareUrl})` : ""}`, "");
    return lines;
  }
  const range = change.from.commit && change.to.commit ? ` ${code(change.from.commit)}...${code(change.to.commit)}` : "";
  lines.push(`[Compare ${escapeMarkdownInline(repo)}${range}](${changelog.compareUrl}) · ${commitCountText(changelog)}`, "");
  if (changelog.pulls.length > 0) {
    lines.push("**Pull requests**", "");
    for (const pull of changelog.pulls.slice(0, detail.maxPulls)) {
      lines.push(`- ${refLink(ctx, { repo, number: pull.number }, repo, "pull")} ${userText(ctx, pull.title, repo)}${by(pull.author)}`);
    }
    const more = changelog.pulls.length - detail.maxPulls;
    if (more > 0) lines.push(`- … and ${more} more, see [compare](${changelog.compareUrl})`);
    lines.push("");
  }
  if (changelog.issues.length > 0) {
    const shown = changelog.issues.slice(0, detail.maxIssues).map((issue) => refLink(ctx, issue, repo));
    const more = changelog.issues.length - detail.maxIssues;
    lines.push(`**Issues:** ${shown.join(", ")}${more > 0 ? ` … and ${more} more` : ""}`, "");
  }
  const loose = changelog.commits.filter((commit) => commit.pulls.length === 0);
  const unlisted = changelog.totalCommits - changelog.commits.length;
  if (loose.length > 0 && detail.commits) {
    lines.push(`<details><summary>${plural(loose.length, "commit")} without a pull request</summary>`, "");
    for (const commit of loose) lines.push(`- [${code(commit.sha)}](${commit.url}) ${userText(ctx, commit.message, repo)}${by(commit.author)}`);
    lines.push("", "</details>", "");
  } else if (loose.length > 0) {
    lines.push(`${plural(loose.length, "commit")} without a pull request: see [compare](${changelog.compareUrl}).`, "");
  }
  if (unlisted > 0) lines.push(`${plural(unlisted, "more commit")} not listed here: see [compare](${changelog.compareUrl}).`, "");
  return lines;
}

/** `a`, `a` or `b`, `a`, `b` or `c`, and beyond three "`a`, `b`, `c` or 2 more paths". */
function pathsText(paths: readonly string[]): string {
  const named = paths.slice(0, 3).map((path) => codeSpan(path));
  if (paths.length > 3) named.push(plural(paths.length - 3, "more path"));
  return named.length <= 1 ? (named[0] ?? "no path") : `${named.slice(0, -1).join(", ")} or ${named.at(-1)}`;
}

/**
 * How many commits the changelog holds: "40 commits", or for a monorepo component (a changelog
 * filtered to its paths) "12 of 40 commits touch `services/api`" or "no commit touches `services/api`".
 */
export function commitCountText(changelog: Pick<Extract<Changelog, { status: "ok" }>, "totalCommits" | "scope">): string {
  const { scope, totalCommits: n } = changelog;
  if (!scope) return plural(n, "commit");
  const where = pathsText(scope.paths);
  const partial = scope.partial ? "only part of the range could be checked: see the compare view" : "";
  if (n === 0) return `no commit touches ${where} (${plural(scope.of, "commit")} between the pins${partial ? `; ${partial}` : ""})`;
  return `${n} of ${plural(scope.of, "commit")} ${n === 1 ? "touches" : "touch"} ${where}${partial ? ` (${partial})` : ""}`;
}

function componentLine(change: ComponentChange): string {
  const { changelog } = change;
  const head = `- **${sanitizeForBody(change.component)}** ${code(change.from.version)} → ${code(change.to.version)}`;
  if (changelog.status === "unavailable") return `${head} · changelog unavailable${changelog.compareUrl ? ` · [compare](${changelog.compareUrl})` : ""}`;
  return `${head} · [compare](${changelog.compareUrl}) · ${plural(changelog.pulls.length, "PR")} · ${plural(changelog.issues.length, "issue")}`;
}

/** `a.yml`, or `a.yml` and `b.yml`, or the first 5 of many and how many more (a body stays within its limit). */
function filesText(files: readonly string[]): string {
  const named = files.slice(0, 5).map((f) => `\`${escapeMarkdownInline(f)}\``);
  if (files.length > 5) named.push(`${files.length - 5} more files`);
  return named.length <= 1 ? (named[0] ?? "no file") : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
}

function renderVisible(opts: { ctx: Ctx; release: Release; detail: Detail; generatedAt?: string; metadataNote?: string }): string {
  const { ctx, release, detail } = opts;
  const { changes, skipped } = release;
  const pulls = changes.reduce((n, c) => n + (c.changelog.status === "ok" ? c.changelog.pulls.length : 0), 0);
  const files = filesText(release.files);
  const lines = [
    `## Release ${code(release.environment)}`,
    "",
    changes.length === 0
      ? `No component changes in ${files}.`
      : `Updates ${files}: ${plural(changes.length, "component")}, ${plural(pulls, "pull request")}, ${plural(release.issues.length, "referenced issue")}.`,
    "",
  ];
  if (detail.mode !== "full" && changes.length > 0) lines.push("_This release is large: details are shortened to fit in a pull request body; the compare links have everything._", "");
  if (detail.mode === "full") for (const change of changes) lines.push(...componentSection(ctx, change, detail));
  else if (detail.mode === "line") lines.push(...changes.map(componentLine), "");
  else if (detail.mode === "names") lines.push(changes.map((c) => `${sanitizeForBody(c.component)} ${code(c.from.version)} → ${code(c.to.version)}`).join(", "), "");
  else if (changes.length > 0) lines.push(`${plural(changes.length, "component")} change: see the diff of ${files}.`, "");

  if (skipped.length > 0) {
    lines.push("### Not changed", "");
    if (detail.mode === "full" || detail.mode === "line") lines.push(...skipped.map((s) => `- ${sanitizeForBody(s.component)}: ${sanitizeForBody(s.detail)}`));
    else if (detail.mode === "names") lines.push(skipped.map((s) => sanitizeForBody(s.component)).join(", "));
    else lines.push(`${plural(skipped.length, "component")} not changed.`);
    lines.push("");
  }
  if (opts.metadataNote) lines.push(`> [!NOTE]\n> ${opts.metadataNote}`, "");
  lines.push("---", `<sub>Opened by release-bot${opts.generatedAt ? ` · ${escapeMarkdownInline(opts.generatedAt)}` : ""}. Merging deploys these versions. This branch is rebuilt on every refresh: to pin something else, change the environment file on the default branch.</sub>`, "");
  return lines.join("\n");
}

/** The metadata the later steps (deploy feedback, rollback) read back from the PR body. */
export function releaseMetadataOf(release: Release): ReleaseMetadata {
  const pin = (p: { version: string; commit?: string }) => (p.commit ? { version: p.version, commit: p.commit } : { version: p.version });
  return {
    version: 1,
    environment: release.environment,
    components: Object.fromEntries(release.changes.map((c) => [c.component, { repo: c.repo, from: pin(c.from), to: pin(c.to) }])),
    issues: release.issues.map((i) => ({ repo: i.repo, number: i.number })),
  };
}

export function renderReleaseBody(opts: RenderReleaseBodyOptions): string {
  const budget = opts.budget ?? BODY_BUDGET;
  const githubUrl = opts.githubUrl ?? "https://github.com";
  const ctx: Ctx = { linkBase: linkBaseOf({ redirect: opts.links.redirect, githubUrl }), githubHost: new URL(githubUrl).host };
  const plain = releaseMetadataOf(opts.release);
  const full: ReleaseMetadata = opts.seal ? { ...plain, seal: opts.seal.sign(plain) } : plain;
  const visible = (detail: Detail, metadataNote?: string) => renderVisible({ ctx, release: opts.release, detail, generatedAt: opts.generatedAt, metadataNote });
  const rendered = renderMetadata(full);
  for (const detail of LEVELS) {
    const body = `${visible(detail)}\n${rendered}`;
    if (body.length <= budget) return body;
  }
  // Too large with every component's pins (about 130 characters each): the metadata keeps the issues and
  // leaves the pins to the env-file diff, which is what a merge deploys anyway.
  const last = LEVELS[LEVELS.length - 1];
  const compact: ReleaseMetadata = { ...full, components: {}, componentsOmitted: Object.keys(full.components).length };
  const compactBody = `${visible(last)}\n${renderMetadata(compact)}`;
  if (compactBody.length <= budget) return compactBody;
  // Even the issues do not fit: keep as many as fit, and say so. None is lost: the deploy feedback reads them from git.
  const note = (omitted: number) => `${plural(omitted, "referenced issue")} could not be listed in this body (size limit); they are still told when this release is deployed.`;
  const total = compact.issues.length;
  // A cut issue list is no longer what was sealed: the merge reads the issues from git.
  const render = (keep: number) => `${visible(last, note(total - keep))}\n${renderMetadata({ ...compact, seal: undefined, issues: compact.issues.slice(0, keep), issuesOmitted: total - keep })}`;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(mid).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  return render(lo);
}
