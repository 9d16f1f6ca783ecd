/**
 * The `rollback-<env>` PR: restores the environment file as it was before a failed release. Its body says what is
 * rolled back (each component to → from) and why, links the failed release, and carries release metadata with
 * from/to swapped, so merging it deploys like any release. Issues are not carried: nobody is told "released" again.
 */
import { linkCtx, mdLink, type DeployComponents } from "./deploy-feedback-format.js";
import { deployMarker } from "./deploy-marker.js";
import { fitList } from "./fit-text.js";
import { codeSpan, sanitizeForBody, titleText } from "./neutralize-text.js";
import { renderMetadata } from "./release-metadata.js";
import { refLink, short } from "./render-release-body.js";
import { versionLine, versionSpan } from "./version-line.js";
import type { ReleaseMetadata, RepoName } from "./types.js";
import { ROLLBACK_BRANCH_PREFIX } from "./deploy-targets.js";

/** Components listed in the body before "… and N more" (the metadata always has them all). */
const MAX_LISTED = 300;
const TITLE_LIMIT = 120;
/** How much of one name or version the title shows before "…". */
const PIECE_LIMIT = 40;

export const rollbackBranch = (env: string) => `${ROLLBACK_BRANCH_PREFIX}${env}`;

/**
 * "Roll back staging to billing 1432, search 1a2b3c4" (the versions before the failed release), at most 120 characters.
 * Names and versions come from files: each goes through `titleText` (no mentions, references, HTML or links; one line).
 */
export function rollbackTitle(opts: { environment: string; components: DeployComponents }): string {
  const piece = (text: string) => titleText(text, PIECE_LIMIT);
  const items = Object.entries(opts.components).flatMap(([name, c]) => (c.from ? [`${piece(name)} ${piece(short(c.from.version))}`] : []));
  const head = `Roll back ${piece(opts.environment)}`;
  return items.length === 0 ? fitList({ prefix: head, items: [], suffix: "", max: TITLE_LIMIT }) : fitList({ prefix: `${head} to `, items, suffix: "", max: TITLE_LIMIT });
}

export function renderRollbackBody(opts: {
  environment: string;
  failed: { pull: number; deploymentId: number; components: DeployComponents };
  reason: string;
  logUrl?: string;
  links: { redirect: string | false };
  githubUrl?: string;
  opsRepo: RepoName;
  /** Repositories of components whose payload entry has none (e.g. from the config); without one a component is left out of the metadata. */
  repos?: Record<string, RepoName>;
}): string {
  const ctx = linkCtx(opts);
  const { failed } = opts;
  const entries = Object.entries(failed.components);
  const release = refLink(ctx, { repo: opts.opsRepo, number: failed.pull }, opts.opsRepo, "pull");
  const log = mdLink("Deploy log", opts.logUrl);
  const lines = [
    deployMarker("rollback", failed.deploymentId),
    `## Roll back ${codeSpan(opts.environment)}`,
    "",
    `The deploy of ${release} to **${sanitizeForBody(opts.environment)}** failed: ${sanitizeForBody(opts.reason)}.${log ? ` ${log}` : ""}`,
    "",
    entries.length > 0
      ? "Merging this pull request restores the environment file as it was before that release and deploys it like any release:"
      : "Merging this pull request restores the environment file as it was before that release and deploys it like any release.",
    "",
  ];
  for (const [name, c] of entries.slice(0, MAX_LISTED)) {
    lines.push(c.from ? `- ${versionLine(name, { from: c.to, to: c.from })}` : `- **${sanitizeForBody(name)}** ${versionSpan(c.to.version)} → not pinned before that release`);
  }
  if (entries.length > MAX_LISTED) lines.push(`- … and ${entries.length - MAX_LISTED} more`);
  if (entries.length > 0) lines.push("");
  lines.push("---", "<sub>Opened by release-bot after a failed deploy. Close it to keep the current versions.</sub>", "");

  const pin = (p: { version: string; commit?: string }) => (p.commit ? { version: p.version, commit: p.commit } : { version: p.version });
  const metadata: ReleaseMetadata = {
    version: 1,
    environment: opts.environment,
    components: Object.fromEntries(
      entries.flatMap(([name, c]) => {
        const repo = c.repo ?? opts.repos?.[name];
        return c.from && repo ? [[name, { repo, from: pin(c.to), to: pin(c.from) }]] : [];
      }),
    ),
    issues: [],
  };
  return `${lines.join("\n")}\n${renderMetadata(metadata)}`;
}
