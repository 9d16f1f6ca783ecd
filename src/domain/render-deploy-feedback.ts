/**
 * What the bot writes after a deployment reports its status (Step 3 of SPEC.md): the release PR's success or failure
 * comment, one comment per referenced issue, an optional progress note. Each starts with a hidden marker line
 * (deploy-marker.ts) so a retry finds its earlier work. The chat notification and the rollback PR body live in their
 * own files and are re-exported here.
 *
 * Only the failure comment pings anyone (the release owners). No text here is a closing keyword GitHub would act on,
 * and issue/PR links go through the redirector so no "mentioned this" back-references pile up.
 */
import { OWNER } from "./config-schema.js";
import { linkCtx, mdLink, type DeployComponents } from "./deploy-feedback-format.js";
import { deployMarker } from "./deploy-marker.js";
import { codeSpan, sanitizeForBody } from "./neutralize-text.js";
import { plural, refLink } from "./render-release-body.js";
import { versionLine, versionLines } from "./version-line.js";
import type { IssueRef, RepoName } from "./types.js";

export { deployMarker, hasMarker, type DeployMarkerKind } from "./deploy-marker.js";
export { renderChatNotification, type ChatNotification, type ChatBlock, type ChatDeployState } from "./render-chat-notification.js";
export { renderRollbackBody, rollbackBranch, rollbackTitle } from "./render-rollback-body.js";
export type { DeployComponents } from "./deploy-feedback-format.js";

type Links = { redirect: string | false };

/** How many components a PR comment lists before "… and N more"; an issue comment lists fewer. */
const MAX_COMPONENTS = 50;
const MAX_ISSUE_COMPONENTS = 10;
const MAX_SKIPPED = 50;

const env = (environment: string) => `**${sanitizeForBody(environment)}**`;
const logLink = (logUrl?: string) => mdLink("Deploy log", logUrl);

/** The release PR's comment when the deploy succeeded: versions, log link, issues told and the ones skipped (and why). */
export function renderDeploySuccessComment(opts: {
  environment: string;
  deploymentId: number;
  logUrl?: string;
  components: DeployComponents;
  issuesCommented: number;
  skippedIssues: { ref: IssueRef; reason: string }[];
  links: Links;
  githubUrl?: string;
}): string {
  const ctx = linkCtx(opts);
  const log = logLink(opts.logUrl);
  const lines = [deployMarker("success", opts.deploymentId), `### ✅ Deployed to ${env(opts.environment)}`, ""];
  const components = versionLines(opts.components, MAX_COMPONENTS);
  if (components.length > 0) lines.push(...components, "");
  const told =
    opts.issuesCommented > 0
      ? `Told ${plural(opts.issuesCommented, "referenced issue")}.`
      : opts.skippedIssues.length > 0
        ? "Told none of the referenced issues."
        : "No referenced issues to tell.";
  lines.push([log, told].filter(Boolean).join(" · "), "");
  const skipped = opts.skippedIssues;
  if (skipped.length > 0) {
    lines.push(`**Not told (${skipped.length}):**`, "");
    for (const { ref, reason } of skipped.slice(0, MAX_SKIPPED)) lines.push(`- ${refLink(ctx, ref, "")}: ${sanitizeForBody(reason)}`);
    if (skipped.length > MAX_SKIPPED) lines.push(`- … and ${skipped.length - MAX_SKIPPED} more`);
    lines.push("");
  }
  return lines.join("\n");
}

/** One short comment on a referenced issue: where it was released, which versions, the release PR (via the redirector). */
export function renderIssueReleasedComment(opts: {
  environment: string;
  deploymentId: number;
  components: DeployComponents;
  pull: { repo: RepoName; number: number };
  links: Links;
  githubUrl?: string;
  transition?: { added: string[]; removed: string[]; closed: boolean };
}): string {
  const ctx = linkCtx(opts);
  const entries = Object.entries(opts.components);
  const shown = entries.slice(0, MAX_ISSUE_COMPONENTS).map(([name, c]) => versionLine(name, c));
  if (entries.length > MAX_ISSUE_COMPONENTS) shown.push(`and ${entries.length - MAX_ISSUE_COMPONENTS} more`);
  const pr = refLink(ctx, opts.pull, "", "pull");
  const lines = [deployMarker("issue", opts.deploymentId), `🚀 Released to ${env(opts.environment)} by ${pr}${shown.length > 0 ? `: ${shown.join(", ")}` : ""}.`];
  const t = opts.transition;
  const labels = (names: string[]) => names.map((name) => codeSpan(name)).join(", ");
  const moves = [t?.removed.length ? `removed ${labels(t.removed)}` : "", t?.added.length ? `added ${labels(t.added)}` : ""].filter(Boolean);
  if (moves.length > 0 || t?.closed) lines.push("");
  if (moves.length > 0) lines.push(`Labels: ${moves.join("; ")}.`);
  if (t?.closed) lines.push(`The release workflow marks this issue done in ${env(opts.environment)}, so it is now closed.`);
  return `${lines.join("\n")}\n`;
}

/** `alice` → `@alice`, `acme/release-team` → `@acme/release-team`; anything that is not a login or team is dropped. */
function mentionsOf(owners: string[]): string[] {
  const valid = owners.map((o) => o.trim().replace(/^@/, "")).filter((o) => OWNER.test(o));
  return [...new Set(valid)].map((o) => `@${o}`);
}

/** The release PR's comment when the deploy failed (or timed out): pings the release owners, links the log and the rollback. */
export function renderDeployFailureComment(opts: {
  environment: string;
  deploymentId: number;
  state: "failure" | "error" | "timeout";
  logUrl?: string;
  owners: string[];
  rollback?: { number: number } | null;
  timeoutMinutes?: number;
}): string {
  const where = env(opts.environment);
  const what =
    opts.state === "timeout"
      ? `The deployment reported no result${opts.timeoutMinutes ? ` within ${plural(opts.timeoutMinutes, "minute")}` : " in time"}, so it is treated as failed.`
      : opts.state === "error"
        ? "The deployment reported `error`: the deployer could not complete it."
        : "The deployment reported `failure`.";
  const lines = [deployMarker("failure", opts.deploymentId), `### ❌ Deploy to ${where} failed`, "", [what, logLink(opts.logUrl)].filter(Boolean).join(" "), ""];
  const mentions = mentionsOf(opts.owners);
  lines.push(mentions.length > 0 ? `${mentions.join(" ")}: please take a look.` : "No `releaseOwners` are configured in `.github/release-bot.yml` to notify.", "");
  if (opts.rollback) lines.push(`**Rollback:** #${opts.rollback.number} restores the versions deployed before; merging it deploys them.`, "");
  else if (opts.rollback === null) lines.push(`No rollback pull request is open. Comment ${codeSpan(`/rollback ${opts.environment}`)} to open one.`, "");
  return lines.join("\n");
}

/**
 * An optional note on the release PR while the deploy is queued or running. Pass `deploymentId` so the note carries
 * `deployMarker("progress", id)` and a retry finds it; without it the marker names no deployment.
 */
export function renderDeployProgressNote(opts: { environment: string; state: "queued" | "in_progress"; logUrl?: string; deploymentId?: number }): string {
  const marker = opts.deploymentId === undefined ? "<!-- release-bot:deploy-progress -->" : deployMarker("progress", opts.deploymentId);
  const state = opts.state === "queued" ? "queued" : "in progress";
  const log = logLink(opts.logUrl);
  return `${marker}\n⏳ Deploy to ${env(opts.environment)} ${state}.${log ? ` ${log}` : ""}\n`;
}
