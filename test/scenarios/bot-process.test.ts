/**
 * The bot in a process of its own (issue #8: "for `crash` and `restart`, the demo runs the bot in a
 * process of its own"): a `crash` is a real SIGKILL of that process at the trigger, a `restart` a
 * fresh fork with nothing in memory, and `clock` steps still drive its scheduler and reconciler
 * over IPC. What the dead process leaves behind (a late IPC message, a leftover holding its
 * credentials) cannot act.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { deployMarker } from "../../src/domain/deploy-marker.js";
import { startRestartableBot, type RestartableBot } from "../../src/harness/start-bot.js";
import { parseScenario, startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { parseStep } from "../../src/sandbox/scenario/load-scenario.js";
import { releaseStaging, world } from "./fixtures.js";

const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const BOT = "release-bot[bot]";

interface ChildWorld {
  sandbox: Sandbox;
  bot: RestartableBot;
  /** The pino lines the bot processes logged (over IPC). */
  logged: string[];
  play(step: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

let w: ChildWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function startChildWorld(scenario: Record<string, unknown>): Promise<ChildWorld> {
  const sandbox = await startSandbox({ scenario: parseScenario({ steps: [], ...scenario }) });
  const logged: string[] = [];
  const bot = await startRestartableBot({ github: sandbox, outOfProcess: true, logLevel: "info", logLine: (line) => void logged.push(line) });
  return {
    sandbox,
    bot,
    logged,
    async play(step) {
      await sandbox.play(parseStep(step, 0));
      await bot.idle();
      await sandbox.settle();
    },
    async close() {
      const t = sandbox.transcript();
      await bot.close();
      await sandbox.close();
      expect(t.api.contractViolations).toEqual([]);
      expect(t.webhooks.failed - (t.bot?.failedWhileDown ?? 0)).toBe(0);
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Whether any process of the group `pgid` leads is still there. */
const groupAlive = (pgid: number) => alive(-pgid);
/** Whether `done()` holds within `ms`. */
async function within(ms: number, done: () => boolean): Promise<boolean> {
  for (const end = Date.now() + ms; !done(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > end) return false;
  return true;
}
const ops = () => w!.sandbox.transcript().repos["acme/ops"];
const issueOf = (repo: string, n: number) => w!.sandbox.transcript().repos[repo].issues.find((i) => i.number === n)!;
const botComments = (comments: { user: string; body: string }[]) => comments.filter((c) => c.user === BOT);
const release = () => ops().pulls.find((p) => p.head === "release-staging")!;
const later = (minutes: number) => ({ clock: new Date(Date.parse("2026-11-23T08:00:00Z") + minutes * 60_000).toISOString() });

describe("the bot in a process of its own", () => {
  it("a crash mid fan-out SIGKILLs the bot's process; after the restart (a fresh process) every issue is told once and the done comment written last", async () => {
    w = await startChildWorld(world());
    const first = w.bot.processes[0];
    expect(first.pid).not.toBe(process.pid);
    // It leads a process group of its own: the kill takes the group, so no grandchild outlives it.
    expect(groupAlive(first.pid)).toBe(true);
    await w.play(releaseStaging());
    expect(release().state).toBe("open");
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ crash: { after: { method: "POST", route: COMMENTS, count: 2 } } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });

    // The process really died, by SIGKILL, at the trigger.
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(alive(first.pid)).toBe(false);
    // Nothing of its group is left (orphans are reaped by init, hence the wait).
    expect(await within(2_000, () => !groupAlive(first.pid))).toBe(true);
    expect(w.sandbox.botProcess().down).toBe(true);
    const [deployment] = w.sandbox.world.repo("acme/ops").deployments;
    expect(botComments(release().comments).some((c) => c.body.includes(deployMarker("success", deployment.id)))).toBe(false);
    const told = [["acme/billing", 41], ["acme/billing", 43], ["acme/search", 7]].filter(([repo, n]) => botComments(issueOf(repo as string, n as number).comments).length > 0);
    expect(told.length).toBeLessThan(3);

    await w.play({ restart: {} });
    expect(w.bot.generation).toBe(2);
    const second = w.bot.processes[1];
    expect(second.pid).not.toBe(first.pid);
    expect(alive(second.pid)).toBe(true);

    // The clock, mirrored over IPC, drives the fresh process's reconciler.
    await w.play(later(6));
    for (const [repo, n] of [["acme/billing", 41], ["acme/billing", 43], ["acme/search", 7]] as const) {
      expect(botComments(issueOf(repo, n).comments), `${repo}#${n}`).toHaveLength(1);
      expect(issueOf(repo, n).labels).toContain("workflow/test");
    }
    expect(botComments(release().comments).filter((c) => c.body.includes(deployMarker("success", deployment.id)))).toHaveLength(1);

    // Nothing pending: later passes write nothing.
    const writes = w.sandbox.transcript().writes.length;
    await w.play(later(16));
    expect(w.sandbox.transcript().writes.length).toBe(writes);
  }, 120_000);

  it("attack: what the killed process leaves behind cannot act — its late IPC messages are ignored, and a leftover process holding its token is refused", async () => {
    w = await startChildWorld(world());
    await w.play(releaseStaging());
    const first = w.bot.processes[0];
    // The tokens the first process minted for itself (it asked for them; nobody else did).
    const deadTokens = [...w.sandbox.world.tokens.keys()];
    expect(deadTokens.length).toBeGreaterThan(0);
    await w.play({ crash: {} });
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    await w.play({ restart: {} });
    const second = w.bot.processes[1];

    // A message the dead process had in flight over IPC, arriving late: a `ready` pointing the
    // sandbox's webhooks elsewhere, a log line, an idle answer. None counts.
    first.child.emit("message", { type: "ready", url: "http://127.0.0.1:9/api/github/webhooks" });
    first.child.emit("message", { type: "log", line: '{"level":30,"msg":"a line from beyond the grave"}' });
    first.child.emit("message", { type: "idle-done", id: 1 });
    expect(w.logged.some((line) => line.includes("beyond the grave"))).toBe(false);

    // The fresh process still gets the webhooks: a command is answered by it, once.
    const before = botComments(issueOf("acme/ops", 1).comments).length;
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(before + 1);
    expect(botComments(issueOf("acme/ops", 1).comments).at(-1)!.body).not.toContain("failed");
    // A leftover of the dead process (an orphan with its installation token) tries to comment.
    const script = `
      const [url, token, method] = process.argv.slice(1);
      const body = method === "POST" ? JSON.stringify({ body: "from beyond the grave" }) : undefined;
      fetch(url + "/api/v3/repos/acme/ops/issues/1/comments", { method, headers: { authorization: "token " + token, "content-type": "application/json" }, body })
        .then((r) => { console.log("answered " + r.status); }, (e) => { console.log("refused " + (e.cause?.code ?? e.message)); });`;
    // Not spawnSync: the sandbox answers from this very process.
    const leftover = (token: string, method: string) => promisify(execFile)(process.execPath, ["-e", script, w!.sandbox.url, token, method], { encoding: "utf8", timeout: 20_000 });
    expect((await leftover(deadTokens[0], "POST")).stdout).toMatch(/^refused/);
    expect((await leftover(deadTokens[0], "GET")).stdout).toMatch(/^refused/);
    // The control: the same request with the fresh process's token is answered.
    const liveToken = [...w.sandbox.world.tokens.keys()].find((t) => !deadTokens.includes(t))!;
    expect((await leftover(liveToken, "GET")).stdout).toMatch(/^answered 200/);
    expect(issueOf("acme/ops", 1).comments.some((c) => c.body.includes("from beyond the grave"))).toBe(false);

    expect(alive(second.pid)).toBe(true);
    expect(w.sandbox.transcript().webhooks.failed - (w.sandbox.transcript().bot?.failedWhileDown ?? 0)).toBe(0);
  }, 120_000);

  it("a restart without a crash stops the process gracefully (exit code 0) and the fresh one picks up the work", async () => {
    w = await startChildWorld(world());
    const first = w.bot.processes[0];
    await w.play({ restart: {} });
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(w.bot.processes).toHaveLength(2);
    await w.play(releaseStaging());
    expect(release().state).toBe("open");
    expect(botComments(issueOf("acme/ops", 1).comments)).toHaveLength(1);
    expect(botComments(issueOf("acme/ops", 1).comments)[0].body).toContain("Opened #");
  }, 120_000);
});

describe("npm run demo with a crash and a restart", () => {
  it("runs the bot in a process of its own and exits 0, in bounded time", () => {
    const dir = mkdtempSync(join(tmpdir(), "release-bot-demo-"));
    try {
      const file = join(dir, "crash.yml");
      const steps = [
        releaseStaging(),
        { merge: { repo: "acme/ops", head: "release-staging", user: "bob" } },
        { crash: { after: { method: "POST", route: COMMENTS, count: 2 } } },
        { deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } },
        { restart: {} },
        later(6),
      ];
      writeFileSync(file, stringify({ ...world(), steps }));
      const started = Date.now();
      const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/demo.ts", "--scenario", file], { encoding: "utf8", timeout: 90_000 });
      expect(run.stderr).not.toMatch(/✗/);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("in a process of its own");
      expect(run.stdout).toContain("✖ release-bot killed (the 2nd POST");
      expect(run.stdout).toMatch(/✓ 6 steps, \d+ API requests, \d+ webhooks, no contract violations\./);
      expect(Date.now() - started).toBeLessThan(90_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
