/**
 * release-bot: wires GitHub events to handlers. Nothing else lives here.
 */
import type { ApplicationFunction, Context, Probot } from "probot";
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
import { ReleasePlanCache } from "./use-cases/release-plan-cache.js";
import { DEFAULT_CONFIG_CACHE_TTL_MS, OpsConfigCache } from "./use-cases/ops-config-cache.js";
import { ContentBudget } from "./github/content-budget.js";
import { onConfigChange } from "./handlers/on-config-change.js";
import { shareConfigInvalidations } from "./scheduler/redis-config-invalidations.js";

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
  /** Installations and ops configs kept in the process (ttl RELEASE_BOT_CONFIG_CACHE_TTL_MS, default 15 min); invalidations shared through Redis when REDIS_URL is set. */
  configCache?: OpsConfigCache;
  /** Every installation's content-creating requests (80 a minute, 500 an hour, a reserve for interactive work); default real time. */
  contentBudget?: ContentBudget;
}

const ttlFromEnv = (value: string | undefined): number => (value && Number(value) >= 0 ? Number(value) : DEFAULT_CONFIG_CACHE_TTL_MS);

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const deps: AppDeps = {
      lock: options.lock ?? createLock({ redisUrl: process.env.REDIS_URL || undefined, log: app.log }),
      clock: options.clock ?? { now: () => new Date() },
      notify: { url: options.notifyUrl ?? (process.env.RELEASE_BOT_NOTIFY_URL || undefined), send: postChatNotification },
      identity: options.identity ? async () => options.identity! : appIdentityLoader(app),
      seal: sealOf(options.metadataKey ?? (process.env.RELEASE_BOT_METADATA_KEY || process.env.WEBHOOK_SECRET || undefined)),
      opsRepos: parseOpsRepoFilter(options.opsRepos ?? process.env.RELEASE_BOT_OPS_REPOS),
      plans: new ReleasePlanCache(),
    };
    const configs = options.configCache ?? new OpsConfigCache({ now: () => deps.clock.now().getTime(), ttlMs: ttlFromEnv(process.env.RELEASE_BOT_CONFIG_CACHE_TTL_MS) });
    if (!options.configCache && process.env.REDIS_URL) shareConfigInvalidations({ url: process.env.REDIS_URL, cache: configs, log: app.log });
    deps.configs = configs;
    // Every installation Octokit of a webhook context asks the content budget before creating content.
    const budget = options.contentBudget ?? new ContentBudget();
    const paced = <C extends Context>(handler: (context: C) => Promise<void>) => (context: C): Promise<void> => {
      const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
      if (installationId !== undefined) budget.apply(context.octokit, installationId);
      return handler(context);
    };
    const changes = onConfigChange({ cache: configs, opsRepos: deps.opsRepos });
    app.on("push", changes.push);
    app.on("installation", changes.installation);
    app.on("installation_repositories", changes.installationRepositories);
    app.on("repository", changes.repository);
    // Each delivery is processed once, however many copies arrive (one handler per event, so the delivery id is the key).
    const once = oncePerDelivery(options.deliveries ?? createDeliveryRecord({ redisUrl: process.env.REDIS_URL || undefined, log: app.log }));
    app.on("issue_comment.created", once(paced(onIssueComment(deps))));
    app.on("push", once(paced(onPush(deps))));
    app.on("workflow_run.completed", once(paced(onWorkflowRun(deps))));
    const checkResult = onCheckResult(deps);
    app.on(["check_run.created", "check_run.completed"], once(paced(checkResult.checkRun)));
    app.on("status", once(paced(checkResult.status)));
    app.on("pull_request.closed", once(paced(onPullRequestClosed(deps))));
    app.on("deployment_status.created", once(paced(onDeploymentStatus(deps))));
    if (options.scheduler !== false) {
      scheduleReleases(app, deps, {
        ticks: options.scheduler?.ticks ?? new CronTickSource({ log: app.log }),
        coordinator: options.scheduler?.coordinator ?? createCoordinator({ redisUrl: process.env.REDIS_URL || undefined, log: app.log }),
        configs,
        budget,
      });
    }
  };
}

/** The app as `probot run` and `src/server.ts` load it: real time, node-cron ticks. */
export default createApp();
