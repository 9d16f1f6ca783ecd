/**
 * release-bot: wires GitHub events to handlers. Nothing else lives here.
 */
import type { ApplicationFunction, Probot } from "probot";
import type { Clock } from "./domain/types.js";
import { onIssueComment } from "./handlers/on-issue-comment.js";
import { onPush } from "./handlers/on-push.js";
import { onWorkflowRun } from "./handlers/on-workflow-run.js";
import { KeyedLock } from "./use-cases/keyed-lock.js";

export interface AppOptions {
  /** Scenario time in the sandbox; real time otherwise. */
  clock?: Clock;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const deps = { lock: new KeyedLock(), clock: options.clock ?? { now: () => new Date() } };
    app.on("issue_comment.created", onIssueComment(deps));
    app.on("push", onPush(deps));
    app.on("workflow_run.completed", onWorkflowRun(deps));
  };
}

export default createApp();
