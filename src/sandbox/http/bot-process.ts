/**
 * The bot's process as GitHub sees it, so that a scenario can kill it (`crash`) and start a fresh
 * one (`restart`), whether the bot runs in-process (tests) or in a process of its own (the demo,
 * and tests that ask for it: the harness's kill hook sends that process SIGKILL at the trigger).
 * Either way the sandbox fences what the dead process left behind. A killed process sends nothing more:
 * from the kill on, every request made with the app's credentials (its JWTs and installation
 * tokens) and every chat notification is answered by destroying the socket — no response, no
 * world change — as if it had never left the dead process. Webhook deliveries in flight are cut
 * and later ones fail (connection refused), as GitHub records them for a dead receiver.
 *
 * On `restart`, the registered restart hooks run (the harness closes the old bot server and starts
 * a new one against the same sandbox). The installation tokens the dead process held die with it:
 * they stay refused after the restart, so that a leftover of the old process (a retry timer, a
 * handler still awaiting) cannot act again with them; the fresh process mints its own. (App JWTs
 * are not fenced: two processes signing in the same second sign the very same JWT.)
 */
import { matchesRoute } from "./fault-injector.js";

export interface CrashTrigger {
  method: string;
  route: string;
  /** The count-th matching request kills the bot before it is served; default 1. */
  count?: number;
}

export interface CrashRecord {
  /** What killed it: "at once" or "the 2nd POST /repos/{owner}/{repo}/deployments". */
  cause: string;
  /** Sandbox clock time. */
  at: string;
}

export type RestartHook = (ctx: { revive(): void }) => Promise<void>;

export class BotProcess {
  /** True from a kill until the restart. */
  down = false;
  /** True while the restart hooks run: the new process is not listening for webhooks yet. */
  restarting = false;
  readonly crashes: CrashRecord[] = [];
  /** Requests refused (socket destroyed) because the process that sent them was dead. */
  refused = 0;
  restarts = 0;
  private trigger: (CrashTrigger & { seen: number }) | undefined;
  private readonly deadCredentials = new Set<string>();
  private readonly killListeners: (() => void)[] = [];
  private readonly restartHooks: RestartHook[] = [];

  constructor(private readonly opts: { now(): string; liveCredentials(): Iterable<string> }) {}

  /** Kills the bot when the count-th request matching `trigger` arrives. */
  killAt(trigger: CrashTrigger): void {
    this.trigger = { ...trigger, seen: 0 };
  }

  /** Kills the bot now. */
  kill(cause = "at once"): void {
    if (this.down) return;
    this.down = true;
    this.trigger = undefined;
    for (const credential of this.opts.liveCredentials()) this.deadCredentials.add(credential);
    this.crashes.push({ cause, at: this.opts.now() });
    for (const listener of [...this.killListeners]) listener();
  }

  /**
   * Called when the bot is killed: the webhook queue cuts its deliveries, and a harness running the
   * bot in a process of its own sends that process SIGKILL. Returns an unregister function.
   */
  onKill(listener: () => void): () => void {
    this.killListeners.push(listener);
    return () => {
      const i = this.killListeners.indexOf(listener);
      if (i >= 0) this.killListeners.splice(i, 1);
    };
  }

  /**
   * A hook that replaces the dead bot with a fresh one (the harness registers it). It should stop
   * what is left of the old bot, call `revive()` (requests are accepted again from then on), then
   * start the new one; `revive()` is called for it when it does not.
   */
  onRestart(hook: RestartHook): () => void {
    this.restartHooks.push(hook);
    return () => {
      const i = this.restartHooks.indexOf(hook);
      if (i >= 0) this.restartHooks.splice(i, 1);
    };
  }

  /** Brings the bot back: every restart hook runs (each revives the process when ready). */
  async restart(): Promise<{ hooks: number }> {
    this.trigger = undefined;
    this.restarts++;
    this.restarting = true;
    const revive = () => {
      this.down = false;
    };
    try {
      for (const hook of [...this.restartHooks]) await hook({ revive });
    } finally {
      revive();
      this.restarting = false;
    }
    return { hooks: this.restartHooks.length };
  }

  /**
   * Whether a request from the bot (`credential`: its Authorization value) must be dropped:
   * the bot is down, the credential belonged to a dead process, or this request is the trigger.
   */
  refuses(request: { method: string; template: string; path: string; credential?: string }): boolean {
    if (!this.down && this.trigger && matchesRoute(this.trigger, request.method, request.template, request.path)) {
      const trigger = this.trigger;
      if (++trigger.seen >= (trigger.count ?? 1)) this.kill(`the ${ordinal(trigger.count ?? 1)} ${trigger.method.toUpperCase()} ${trigger.route}`);
    }
    const refused = this.down || (request.credential !== undefined && this.deadCredentials.has(request.credential));
    if (refused) this.refused++;
    return refused;
  }

  /** Whether a response about to be sent to the bot must be dropped (it died meanwhile). */
  diedSince(credential: string | undefined): boolean {
    return this.down || (credential !== undefined && this.deadCredentials.has(credential));
  }
}

export function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}
