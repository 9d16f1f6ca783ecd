/**
 * Two replicas behind a load balancer that hands both the same delivery at once. As deployed with
 * REDIS_URL they share the lock and the delivery record; with the delivery record per process,
 * the lock shared through Redis alone still keeps their writes apart.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../src/harness/start-bot.js";
import { RedisDeliveryRecord } from "../../src/scheduler/redis-delivery-record.js";
import { RedisLock } from "../../src/scheduler/redis-lock.js";
import { KeyedLock, type Lock } from "../../src/use-cases/keyed-lock.js";
import { startRedisServer } from "../scheduler/redis-server.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { releaseStaging, world } from "./fixtures.js";

const WEBHOOKS = "/api/github/webhooks";
let w: TestWorld | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await w?.close();
  w = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Receives each signed delivery and POSTs it to every replica at the same moment; answers with the first replica's status. */
async function fanOut(targets: () => string[]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers as IncomingHttpHeaders)) if (typeof value === "string" && name !== "host" && name !== "content-length") headers[name] = value;
      void Promise.all(targets().map((t) => fetch(`${t}${WEBHOOKS}`, { method: "POST", headers, body }).then(async (r) => (await r.arrayBuffer(), r.status))))
        .then((statuses) => res.writeHead(statuses.every((s) => s < 300) ? 200 : 500).end(JSON.stringify(statuses)))
        .catch((error: Error) => res.writeHead(502).end(error.message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOKS}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Replica = { lock: Lock; deliveries?: RedisDeliveryRecord };

async function twoReplicas(replicas: [Replica, Replica]): Promise<TestWorld> {
  const [one, two] = replicas;
  const tw = await startWorld(world(), { lock: one.lock, app: one.deliveries && { deliveries: one.deliveries } });
  const replica: RunningBot = await startBot({ github: { ...tw.sandbox, setWebhookTarget: () => undefined }, lock: two.lock, app: two.deliveries && { deliveries: two.deliveries } });
  cleanups.push(() => replica.close());
  const balancer = await fanOut(() => [tw.bot.url, replica.url]);
  cleanups.push(() => balancer.close());
  tw.sandbox.setWebhookTarget(balancer.url);
  return tw;
}

const outcome = (t: TestWorld) => {
  const transcript = t.transcript();
  const writes = transcript.writes.map((x) => x.route);
  const replies = transcript.repos["acme/ops"].issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]");
  return {
    pulls: transcript.repos["acme/ops"].pulls.length,
    createdPulls: writes.filter((r) => r === "POST /repos/{owner}/{repo}/pulls").length,
    commits: writes.filter((r) => r === "POST /repos/{owner}/{repo}/git/commits").length,
    replies: replies.map((c) => c.body.split("\n")[1]),
  };
};

async function sharedRedis() {
  const redis = await startRedisServer();
  const made: { close(): Promise<void> }[] = [];
  cleanups.push(async () => {
    for (const m of made) await m.close();
    await redis.stop();
  });
  return {
    replica(opts: { sharedDeliveries: boolean }): Replica {
      const lock = new RedisLock({ url: redis.url });
      const deliveries = opts.sharedDeliveries ? new RedisDeliveryRecord({ url: redis.url }) : undefined;
      made.push(lock, ...(deliveries ? [deliveries] : []));
      return { lock, deliveries };
    },
  };
}

describe("two replicas sharing one Redis", () => {
  it("both given the same /release staging delivery at once (lock and delivery record in Redis): one release PR, one commit, one reply", async () => {
    const redis = await sharedRedis();
    w = await twoReplicas([redis.replica({ sharedDeliveries: true }), redis.replica({ sharedDeliveries: true })]);
    await w.play(releaseStaging());
    expect(w.sandbox.deliveries().filter((d) => d.event === "issue_comment").every((d) => d.status === 200)).toBe(true);
    expect(outcome(w)).toEqual({ pulls: 1, createdPulls: 1, commits: 1, replies: [expect.stringContaining("Opened #2")] });
  });

  it("with only the lock shared, the copies run one after the other: one release PR, one commit; the second finds it", async () => {
    const redis = await sharedRedis();
    w = await twoReplicas([redis.replica({ sharedDeliveries: false }), redis.replica({ sharedDeliveries: false })]);
    await w.play(releaseStaging());
    expect(outcome(w)).toEqual({ pulls: 1, createdPulls: 1, commits: 1, replies: [expect.stringContaining("Opened #2"), "Nothing changed in #2."] });
  });

  it("(control) with a lock per process, the two replicas race on the same delivery", async () => {
    w = await twoReplicas([{ lock: new KeyedLock() }, { lock: new KeyedLock() }]);
    await w.play(releaseStaging());
    const o = outcome(w);
    expect(o.commits + o.createdPulls + o.replies.length).toBeGreaterThan(3);
  });
});
