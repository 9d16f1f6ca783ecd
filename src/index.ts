/**
 * release-bot: wires GitHub events to handlers. Nothing else lives here.
 */
import type { ApplicationFunction, Probot } from "probot";
import type { Clock } from "./domain/types.js";
import { onIssueComment } from "./handlers/on-issue-comment.js";
import { onPush } from "./handlers/on-push.js";
import { onWorkflowRun } from "./handlers/on-workflow-run.js";
import { onCheckResult } from "./handlers/on-check-result.js";
import type { Lock } from "./use-cases/keyed-lock.js";
import type { AppDeps } from "./handlers/app-deps.js";
import { onDeploymentStatus } from "./handlers/on-deployment-status.js";
import { onPullRequestClosed } from "./handlers/on-pull-request-closed.js";
import { postChatNotification } from "./notify/post-chat-notification.js";
import { scheduleReleases } from "./handlers/schedule-releases.js";
import { CronTickSource } from "./scheduler/cron-tick-source.js";
import { createCoordinator, type RunCoordinator } from "./scheduler/run-coordinator.js";
import type { TickSource } from "./scheduler/tick-source.js";
import { appIdentityLoader, type AppIdentity } from "./github/app-identity.js";
import { createMetadataSeal, type MetadataSeal } from "./domain/metadata-seal.js";
import { parseOpsRepoFilter } from "./domain/ops-repo-filter.js";
import { oncePerDelivery } from "./handlers/once-per-delivery.js";
import type { DeliveryRecord } from "./use-cases/delivery-record.js";
import { createDeliveryRecord } from "./scheduler/redis-delivery-record.js";
import { createLock } from "./scheduler/redis-lock.js";

const sealOf = (key: string | undefined): MetadataSeal | undefined => (key && key.length >= 16 ? createMetadataSeal(key) : undefined);

export interface AppOptions {
  /** Scenario time in the sandbox; real time otherwise. */
  clock?: Clock;
  /** Where failed-deploy chat notifications go; default RELEASE_BOT_NOTIFY_URL. */
  notifyUrl?: string;
  /**
   * What drives scheduled releases: default node-cron every minute, coordinated through Redis
   * when REDIS_URL is set. The sandbox passes its scenario clock; `false` runs no scheduler.
   */
  scheduler?: { ticks: TickSource; coordinator?: RunCoordinator } | false;
  /** The app's identity when known up front (handler tests); default: asked once with `GET /app`. */
  identity?: AppIdentity;
  /**
   * Key of the seal over release metadata (16+ characters); default RELEASE_BOT_METADATA_KEY, else
   * the webhook secret. Without one, every merge reads its issues from git.
   */
  metadataKey?: string;
  /** Which repositories may be ops repos (patterns such as `acme/ops, acme/*-ops`); default RELEASE_BOT_OPS_REPOS, else all. */
  opsRepos?: string;
  /** Which deliveries were processed: default in memory, or in Redis (shared by replicas) when REDIS_URL is set. */
  deliveries?: DeliveryRecord;
  /** The per-environment lock: default in memory, or in Redis (shared by replicas) when REDIS_URL is set. */
  lock?: Lock;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const deps: AppDeps = {
      lock: options.lock ?? createLock({ redisUrl: process.env.REDIS_URL || undefined, log: app.log }),
      clock: options.clock ?? { now: () => new Date() },
      notify: { url: options.notifyUrl ?? (process.env.RELEASE_BOT_NOTIFY_URL || undefined), send: postChatNotification },
      identity: options.identity ? async () => options.identity! : appIdentityLoader(app),
      seal: sealOf(options.metadataKey ?? (process.env.RELEASE_BOT_METADATA_KEY || process.env.WEBHOOK_SECRET || undefined)),
      opsRepos: parseOpsRepoFilter(options.opsRepos ?? process.env.RELEASE_BOT_OPS_REPOS),
    };
    // Each delivery is processed once, however many copies arrive (one handler per event, so the delivery id is the key).
    const once = oncePerDelivery(options.deliveries ?? createDeliveryRecord({ redisUrl: process.env.REDIS_URL || undefined, log: app.log }));
    app.on("issue_comment.created", once(onIssueComment(deps)));
    app.on("push", once(onPush(deps)));
    app.on("workflow_run.completed", once(onWorkflowRun(deps)));
    const checkResult = onCheckResult(deps);
    app.on(["check_run.created", "check_run.completed"], once(checkResult.checkRun));
    app.on("status", once(checkResult.status));
    app.on("pull_request.closed", once(onPullRequestClosed(deps)));
    app.on("deployment_status.created", once(onDeploymentStatus(deps)));
    if (options.scheduler !== false) {
      scheduleReleases(app, deps, {
        ticks: options.scheduler?.ticks ?? new CronTickSource({ log: app.log }),
        coordinator: options.scheduler?.coordinator ?? createCoordinator({ redisUrl: process.env.REDIS_URL || undefined, log: app.log }),
      });
    }
  };
}

/** The app as `probot run` and `src/server.ts` load it: real time, node-cron ticks. */
export default createApp();
