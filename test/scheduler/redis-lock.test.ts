import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockWaitTimeoutError, KeyedLock } from "../../src/use-cases/keyed-lock.js";
import { createLock, LockUnavailableError, RedisLock, type RedisLockOptions } from "../../src/scheduler/redis-lock.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";

let server: RedisServer;
let admin: Redis;
const locks: RedisLock[] = [];
/** A replica's lock; the prefix keeps each test's keys apart on the shared server. */
const replica = (keyPrefix: string, opts: Omit<RedisLockOptions, "url" | "keyPrefix"> = {}) => {
  const made = new RedisLock({ url: server.url, keyPrefix, pollMs: { min: 5, max: 20 }, ...opts });
  locks.push(made);
  return made;
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const warnings = () => {
  const lines: string[] = [];
  const log = { warn: (_o: unknown, m?: string) => void lines.push(String(m)), info: () => undefined, error: () => undefined, debug: () => undefined };
  return { lines, log: log as never };
};

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  await Promise.all(locks.map((l) => l.close()));
  admin?.disconnect();
  await server?.stop();
});

describe("RedisLock against a real redis-server", () => {
  it("two replicas never run work on one key at once, and different keys do not wait for each other", async () => {
    const a = replica("t1:");
    const b = replica("t1:");
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const work = (name: string) => async () => {
      inside++;
      most = Math.max(most, inside);
      order.push(`${name} in`);
      await sleep(40);
      order.push(`${name} out`);
      inside--;
      return name;
    };
    const results = await Promise.all([a.run("acme/ops:staging", work("a1")), b.run("acme/ops:staging", work("b1")), a.run("acme/ops:staging", work("a2")), b.run("acme/ops:staging", work("b2"))]);
    expect(results).toEqual(["a1", "b1", "a2", "b2"]);
    expect(most).toBe(1);
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i].replace(" in", " out"));
    expect(await admin.exists("t1:acme/ops:staging")).toBe(0);

    const started = Date.now();
    await Promise.all([a.run("acme/ops:staging", () => sleep(100)), b.run("acme/ops:production", () => sleep(100))]);
    expect(Date.now() - started).toBeLessThan(190);
  });

  it("sets a ttl on the key and releases it when the work fails", async () => {
    const a = replica("t2:", { leaseMs: 10_000 });
    await expect(
      a.run("k", async () => {
        const pttl = await admin.pttl("t2:k");
        expect(pttl).toBeGreaterThan(9_000);
        expect(pttl).toBeLessThanOrEqual(10_000);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await admin.exists("t2:k")).toBe(0);
  });

  it("a holder whose lease expired cannot release the next holder's lock", async () => {
    // A's hold bound is shorter than its work: its key expires (as a stalled holder's does), B takes it.
    const { lines, log } = warnings();
    const a = replica("t3:", { maxHoldMs: 60, leaseMs: 60, log });
    const b = replica("t3:", { maxWaitMs: 2_000 });
    let bHolds!: () => void;
    const bIn = new Promise<void>((resolve) => (bHolds = resolve));
    let finishB!: () => void;
    const bDone = new Promise<void>((resolve) => (finishB = resolve));
    let bRun!: Promise<void>;
    await a.run("k", async () => {
      bRun = b.run("k", async () => {
        bHolds();
        await bDone;
      });
      await bIn;
    });
    // A has finished and released while B holds: B's key stays.
    const bToken = await admin.get("t3:k");
    expect(bToken).not.toBeNull();
    await a.run("other", async () => undefined);
    expect(await admin.get("t3:k")).toBe(bToken);
    expect(lines.some((l) => l.includes("held longer than"))).toBe(true);
    // A third replica still waits for B.
    const c = replica("t3:", { maxWaitMs: 50 });
    await expect(c.run("k", async () => "c")).rejects.toBeInstanceOf(LockWaitTimeoutError);
    finishB();
    await bRun;
    expect(await admin.exists("t3:k")).toBe(0);
  });

  it("a crashed holder's key expires by itself after its lease, and the next replica gets it", async () => {
    // A crashed replica leaves its key behind with its lease, and no release.
    await admin.set("t4:acme/ops:staging", "crashed-holder-token", "PX", 150);
    const b = replica("t4:", { maxWaitMs: 2_000 });
    const started = Date.now();
    expect(await b.run("acme/ops:staging", async () => "b ran")).toBe("b ran");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("a live holder keeps its key past one lease by renewing it", async () => {
    const a = replica("t5:", { leaseMs: 60, maxHoldMs: 10_000 });
    const b = replica("t5:", { maxWaitMs: 100 });
    await a.run("k", async () => {
      await sleep(200);
      await expect(b.run("k", async () => "b")).rejects.toBeInstanceOf(LockWaitTimeoutError);
      expect(await admin.pttl("t5:k")).toBeGreaterThan(0);
    });
  });

  it("a waiter gives up after maxWaitMs with a transient LockWaitTimeoutError, and does not run its work", async () => {
    const a = replica("t6:");
    const b = replica("t6:", { maxWaitMs: 80 });
    let ranB = false;
    await a.run("acme/ops:staging", async () => {
      const started = Date.now();
      const error = await b
        .run("acme/ops:staging", async () => {
          ranB = true;
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockWaitTimeoutError);
      expect((error as LockWaitTimeoutError).transient).toBe(true);
      expect((error as LockWaitTimeoutError).key).toBe("acme/ops:staging");
      expect(Date.now() - started).toBeGreaterThanOrEqual(75);
      expect(Date.now() - started).toBeLessThan(500);
    });
    expect(ranB).toBe(false);
  });

  it("without a reachable Redis the work does not run unlocked: a transient LockUnavailableError", async () => {
    const down = new RedisLock({ url: "redis://127.0.0.1:1", maxWaitMs: 100 });
    locks.push(down);
    let ran = false;
    const error = await down
      .run("k", async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockUnavailableError);
    expect((error as LockUnavailableError).transient).toBe(true);
    expect(ran).toBe(false);
  });

  it("createLock: Redis with a url (REDIS_URL), the in-process KeyedLock without", async () => {
    const made = createLock({ redisUrl: server.url });
    expect(made).toBeInstanceOf(RedisLock);
    await made.close?.();
    expect(createLock({})).toBeInstanceOf(KeyedLock);
  });
});
