/**
 * The steps that test what the bot finishes (issue #8): GitHub failing requests (`fault`), the
 * bot's process dying (`crash`) and coming back (`restart`), and GitHub redelivering a webhook,
 * once or as many copies at the same moment (`redeliver`). `concurrently` lives in play-step.ts.
 */
import type { World } from "../world/world.js";
import type { FaultInjector } from "../http/fault-injector.js";
import { ordinal, type BotProcess } from "../http/bot-process.js";
import type { WebhookQueue } from "../webhooks/webhook-queue.js";
import type { ScenarioStep } from "./scenario-schema.js";

export interface DurabilityEnv {
  world: World;
  webhooks: WebhookQueue;
  faults: FaultInjector;
  bot: BotProcess;
}

type Step<K extends string> = Extract<ScenarioStep, Record<K, unknown>>;

export function registerFault(env: DurabilityEnv, step: Step<"fault">): string {
  const f = step.fault;
  env.faults.add(f);
  const what = f.mode === "hang" ? "hangs" : f.mode === "lost-response" ? `is performed, then answered ${f.status}` : `answers ${f.status}`;
  const after = f.after ? ` after ${f.after} pass` : "";
  return `GitHub: the next ${f.times === 1 ? "" : `${f.times} `}${f.method} ${f.route}${after} ${what}`;
}

export function crashBot(env: DurabilityEnv, step: Step<"crash">): string {
  const trigger = step.crash.after;
  if (!trigger) {
    env.bot.kill();
    return `${env.world.app.slug} is killed (SIGKILL)`;
  }
  env.bot.killAt(trigger);
  return `${env.world.app.slug} will be killed at its ${trigger.count === 1 ? "next" : ordinal(trigger.count)} ${trigger.method} ${trigger.route}`;
}

export async function restartBot(env: DurabilityEnv): Promise<string> {
  const wasDown = env.bot.down;
  const { hooks } = await env.bot.restart();
  const slug = env.world.app.slug;
  if (hooks === 0) return `${slug} is back (no bot process registered to restart)`;
  return wasDown ? `${slug} restarts after its crash` : `${slug} restarts`;
}

export function redeliver(env: DurabilityEnv, step: Step<"redeliver">): string {
  const { world, webhooks } = env;
  const s = step.redeliver;
  const candidates = [...webhooks.deliveries].reverse();
  const event = s === "last" ? undefined : s.event;
  const delivery =
    event === undefined
      ? candidates.find((d) => (d.payload.sender as { login?: string } | undefined)?.login !== world.app.botLogin)
      : candidates.find((d) => d.event === event && (s === "last" || s.action === undefined || d.action === s.action));
  const name = event === undefined ? "" : `${event}${s !== "last" && s.action ? `.${s.action}` : ""} `;
  if (!delivery) throw new Error(`redeliver: no earlier ${name}delivery to send again`);
  const copies = s === "last" ? 1 : s.copies;
  const atOnce = s !== "last" && s.atOnce;
  webhooks.redeliver(delivery, world.now(), { copies, atOnce });
  const label = `${delivery.event}${delivery.action ? `.${delivery.action}` : ""} (${delivery.guid.slice(0, 8)})`;
  if (copies === 1) return `GitHub redelivers ${label}`;
  return `GitHub redelivers ${label} ${copies} times${atOnce ? " at the same moment" : ""}`;
}
