import { parseDurationMs } from "../domain/config-schema.js";
import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import {
  deployMarker,
  hasMarker,
  renderChatNotification,
  renderDeployFailureComment,
  renderDeployProgressNote,
  renderDeploySuccessComment,
} from "../domain/render-deploy-feedback.js";
import type { DeploymentState } from "../github/deployments-port.js";
import type { Comment, GitHubPort } from "../github/github-port.js";
import type { Logger } from "./logger.js";
import type { LoadedConfig } from "./load-ops-config.js";
import { openRollback } from "./open-rollback.js";
import { readDeployedIssues } from "./read-deployed-change.js";
import { tellReleasedIssues } from "./tell-released-issues.js";

export const DEPLOYED_LABEL = "deployed";
export const DEPLOY_FAILED_LABEL = "deploy-failed";
/** Prefix of the status description the bot writes when it gives up waiting (see sweep-deploy-timeouts). */
export const TIMEOUT_DESCRIPTION = "release-bot: no result within";

export type Notify = (url: string, body: object) => Promise<void>;

export interface StatusEvent {
  deployment: { id: number; sha: string; environment: string; payload: unknown; createdAt: string; byApp: boolean };
  status: { state: DeploymentState; logUrl?: string; description?: string };
}

/**
 * Step 3: what a deployment status means for people. Only deployments this bot created count.
 * Every write is guarded by a hidden marker or a label check, so a redelivered or repeated
 * status resumes what is missing and repeats nothing.
 */
export async function handleDeploymentStatus(opts: {
  github: GitHubPort;
  loaded: LoadedConfig;
  event: StatusEvent;
  notify: { url?: string; send: Notify };
  log: Logger;
}): Promise<void> {
  const { github, loaded, event } = opts;
  const payload = parseDeploymentPayload(event.deployment.payload);
  if (!payload || !event.deployment.byApp) return;
  const repo = loaded.ops.repo;
  const pull = await github.pulls.getPull(repo, payload.pull);
  const comments = await github.issues.listComments(repo, pull.number, event.deployment.createdAt);
  // Only the bot's own comments: a marker anyone else typed is plain text, never "already done".
  const already = (marker: string): boolean => comments.some((c) => c.byApp && hasMarker(c.body, marker));
  const githubUrl = new URL(loaded.ops.htmlUrl).origin;
  const { state } = event.status;

  if (state === "queued" || state === "in_progress") {
    const marker = deployMarker("progress", event.deployment.id);
    if (!already(marker)) {
      await github.issues.createComment({ repo, number: pull.number, body: renderDeployProgressNote({ environment: payload.environment, state, logUrl: event.status.logUrl, deploymentId: event.deployment.id }) });
    }
    return;
  }

  if (state === "success") {
    if (!pull.labels.includes(DEPLOYED_LABEL)) await github.issues.addLabels({ repo, number: pull.number, labels: [DEPLOYED_LABEL] });
    if (pull.labels.includes(DEPLOY_FAILED_LABEL)) await github.issues.removeLabel({ repo, number: pull.number, label: DEPLOY_FAILED_LABEL });
    // The app's own deployment payload (immutable, derived from git at merge), never the PR's editable body.
    const issues = payload.issuesOmitted ? await readDeployedIssues({ github, loaded, components: payload.components }) : payload.issues;
    const fanOut = await tellReleasedIssues({ github, loaded, deployment: event.deployment, payload, issues, githubUrl });
    if (!already(deployMarker("success", event.deployment.id))) {
      await github.issues.createComment({
        repo,
        number: pull.number,
        body: renderDeploySuccessComment({
          environment: payload.environment,
          deploymentId: event.deployment.id,
          logUrl: event.status.logUrl,
          components: payload.components,
          issuesCommented: issues.length - fanOut.skipped.length,
          skippedIssues: fanOut.skipped,
          links: loaded.parsed.config.links,
          githubUrl,
        }),
      });
    }
    return;
  }

  if (state === "failure" || state === "error") {
    if (!pull.labels.includes(DEPLOY_FAILED_LABEL)) await github.issues.addLabels({ repo, number: pull.number, labels: [DEPLOY_FAILED_LABEL] });
    const timedOut = (event.status.description ?? "").startsWith(TIMEOUT_DESCRIPTION);
    const notification = () =>
      renderChatNotification({ environment: payload.environment, state: timedOut ? "timeout" : state, components: payload.components, mergedBy: payload.mergedBy, logUrl: event.status.logUrl, pullUrl: pull.htmlUrl });
    const done = comments.find((c) => c.byApp && hasMarker(c.body, deployMarker("failure", event.deployment.id)));
    if (done) {
      // A crash between the failure comment and the chat: the comment still says the notification is pending.
      if (hasMarker(done.body, deployMarker("notify-pending", event.deployment.id))) await notifyThenClear({ ...opts, repo, comment: done, text: notification() });
      return;
    }
    const reason = timedOut ? `the deployment reported no result in time` : `the deployment reported “${state}”`;
    let rollbackNumber: number | null = null;
    if (payload.kind !== "rollback") {
      const rollback = await openRollback({ github, loaded, deployment: event.deployment, payload, reason, logUrl: event.status.logUrl });
      rollbackNumber = rollback.pull && rollback.pull.state === "open" ? rollback.pull.number : null;
    }
    const timeoutMinutes = timedOut ? Math.round((parseDurationMs(loaded.parsed.config.environments[payload.environment]?.deployTimeout ?? "60m") ?? 3_600_000) / 60_000) : undefined;
    const body = renderDeployFailureComment({
      environment: payload.environment,
      deploymentId: event.deployment.id,
      state: timedOut ? "timeout" : state,
      logUrl: event.status.logUrl,
      owners: loaded.parsed.config.releaseOwners,
      rollback: rollbackNumber ? { number: rollbackNumber } : null,
      timeoutMinutes,
    });
    // The comment is the done record; with a chat to tell, it says so until the chat was told (then it is cleared).
    const comment = await github.issues.createComment({ repo, number: pull.number, body: opts.notify.url ? `${body}\n${deployMarker("notify-pending", event.deployment.id)}` : body });
    if (opts.notify.url) await notifyThenClear({ ...opts, repo, comment, text: notification() });
  }
}

/**
 * Sends the chat notification, then clears the failure comment's pending marker. A crash in between is the only way
 * to a second notification; a chat that fails leaves the marker, and the reconciler tries again (for 24 hours).
 */
async function notifyThenClear(opts: { github: GitHubPort; notify: { url?: string; send: Notify }; log: Logger; repo: string; comment: Comment; text: Parameters<Notify>[1] }): Promise<void> {
  if (!opts.notify.url) return;
  try {
    await opts.notify.send(opts.notify.url, opts.text);
  } catch (error) {
    opts.log.error({ err: error, repo: opts.repo }, "chat notification failed; the PR comment still tells the release owners, and it is tried again");
    return;
  }
  const body = opts.comment.body.split("\n").filter((line) => !line.startsWith("<!-- release-bot:deploy-notify-pending ")).join("\n");
  await opts.github.issues.updateComment({ repo: opts.repo, commentId: opts.comment.id, body });
}
