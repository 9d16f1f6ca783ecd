/**
 * release-bot: wires GitHub events to handlers. Nothing else lives here.
 */
import type { ApplicationFunction, Probot } from "probot";
import type { Clock } from "./domain/types.js";
import { onIssueComment } from "./handlers/on-issue-comment.js";
import { onPush } from "./handlers/on-push.js";
import { onWorkflowRun } from "./handlers/on-workflow-run.js";
import { KeyedLock } from "./use-cases/keyed-lock.js";
import type { AppDeps } from "./handlers/app-deps.js";
import { onDeploymentStatus } from "./handlers/on-deployment-status.js";
import { onPullRequestClosed } from "./handlers/on-pull-request-closed.js";
import { postChatNotification } from "./notify/post-chat-notification.js";

export interface AppOptions {
  /** Scenario time in the sandbox; real time otherwise. */
  clock?: Clock;
  /** Where failed-deploy chat notifications go; default RELEASE_BOT_NOTIFY_URL. */
  notifyUrl?: string;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const deps: AppDeps = {
      lock: new KeyedLock(),
      clock: options.clock ?? { now: () => new Date() },
      notify: { url: options.notifyUrl ?? (process.env.RELEASE_BOT_NOTIFY_URL || undefined), send: postChatNotification },
    };
    app.on("issue_comment.created", onIssueComment(deps));
    app.on("push", onPush(deps));
    app.on("workflow_run.completed", onWorkflowRun(deps));
    app.on("pull_request.closed", onPullRequestClosed(deps));
    app.on("deployment_status.created", onDeploymentStatus(deps));
  };
}

export default createApp();
