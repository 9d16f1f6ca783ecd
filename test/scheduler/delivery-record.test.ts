import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DONE_TTL_MS, InMemoryDeliveryRecord, IN_PROGRESS_TTL_MS, processOnce, type DeliveryRecord } from "../../src/use-cases/delivery-record.js";
import { RetryLaterError } from "../../src/use-cases/read-failed.js";
import { DELIVERY_KEY_PREFIX, RedisDeliveryRecord } from "../../src/scheduler/redis-delivery-record.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";

const quiet = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rules every record keeps, for one process (memory) and for replicas (Redis). */
function behavesAsADeliveryRecord(make: () => DeliveryRecord) {
  it("ten copies at once: one runs, nine are acknowledged while it is in progress", async () => {
    const record = make();
    let runs = 0;
    const copies = Array.from({ length: 10 }, () =>
      processOnce({ record, id: "d-concurrent", what: "issue_comment", log: quiet, work: async () => { runs++; await sleep(30); } }),
    );
    await Promise.all(copies);
    expect(runs).toBe(1);
  });

  it("a copy after it is done is skipped", async () => {
    const record = make();
    let runs = 0;
    const work = async () => { runs++; };
    await processOnce({ record, id: "d-done", what: "push", log: quiet, work });
    await processOnce({ record, id: "d-done", what: "push", log: quiet, work });
    expect(runs).toBe(1);
    expect(await record.begin("d-done")).toEqual({ claimed: false, state: "done" });
  });

  it("a failure releases the claim and is rethrown; the redelivery runs", async () => {
    const record = make();
    let runs = 0;
    await expect(processOnce({ record, id: "d-failed", what: "push", log: quiet, work: async () => { runs++; throw new Error("boom"); } })).rejects.toThrow("boom");
    await processOnce({ record, id: "d-failed", what: "push", log: quiet, work: async () => { runs++; } });
    expect(runs).toBe(2);
  });

  it("“retry later” releases the claim and is acknowledged (whoever asked was told)", async () => {
    const record = make();
    let runs = 0;
    await processOnce({ record, id: "d-retry", what: "issue_comment", log: quiet, work: async () => { runs++; throw new RetryLaterError({ message: "GitHub is down", cause: undefined }); } });
    await processOnce({ record, id: "d-retry", what: "issue_comment", log: quiet, work: async () => { runs++; } });
    expect(runs).toBe(2);
  });

  it("only the claimer can finish or release a claim", async () => {
    const record = make();
    const claim = await record.begin("d-owned");
    expect(claim.claimed).toBe(true);
    await record.release("d-owned", "someone-else");
    await record.finish("d-owned", "someone-else");
    expect(await record.begin("d-owned")).toEqual({ claimed: false, state: "in-progress" });
  });
}

describe("InMemoryDeliveryRecord", () => {
  behavesAsADeliveryRecord(() => new InMemoryDeliveryRecord());

  it("forgets an in-progress claim after its ttl (a crashed claimer) and a done one after three days", async () => {
    let now = 0;
    const record = new InMemoryDeliveryRecord({ now: () => now });
    expect((await record.begin("a")).claimed).toBe(true);
    now = IN_PROGRESS_TTL_MS + 1;
    const claim = await record.begin("a");
    expect(claim.claimed).toBe(true);
    if (claim.claimed) await record.finish("a", claim.token);
    now += DONE_TTL_MS - 1;
    expect((await record.begin("a")).claimed).toBe(false);
    now += 2;
    expect((await record.begin("a")).claimed).toBe(true);
  });

  it("stays bounded: the oldest entries go first", async () => {
    const record = new InMemoryDeliveryRecord({ maxEntries: 2 });
    await record.begin("1");
    await record.begin("2");
    await record.begin("3");
    expect((await record.begin("1")).claimed).toBe(true);
    expect((await record.begin("3")).claimed).toBe(false);
  });
});

describe("RedisDeliveryRecord (a real redis-server)", () => {
  let redis: RedisServer;
  const records: RedisDeliveryRecord[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const record of records) await record.close();
    await redis?.stop();
  });
  const make = () => {
    const record = new RedisDeliveryRecord({ url: redis.url, log: quiet, keyPrefix: `test:${Math.random()}:` });
    records.push(record);
    return record;
  };

  behavesAsADeliveryRecord(make);

  it("two replicas share it: copies spread over both run once", async () => {
    const keyPrefix = "shared:";
    const a = new RedisDeliveryRecord({ url: redis.url, log: quiet, keyPrefix });
    const b = new RedisDeliveryRecord({ url: redis.url, log: quiet, keyPrefix });
    records.push(a, b);
    let runs = 0;
    const work = async () => { runs++; await sleep(30); };
    await Promise.all(Array.from({ length: 10 }, (_, i) => processOnce({ record: i % 2 ? a : b, id: "d-replicas", what: "issue_comment", log: quiet, work })));
    expect(runs).toBe(1);
  });

  it("writes SET NX keys with a ttl: in progress for 15 minutes, done for 3 days", async () => {
    const record = new RedisDeliveryRecord({ url: redis.url, log: quiet });
    records.push(record);
    const client = new Redis(redis.url);
    try {
      const claim = await record.begin("d-ttl");
      expect(await client.get(`${DELIVERY_KEY_PREFIX}d-ttl`)).toMatch(/^in-progress:/);
      expect(await client.pttl(`${DELIVERY_KEY_PREFIX}d-ttl`)).toBeGreaterThan(IN_PROGRESS_TTL_MS - 5_000);
      if (claim.claimed) await record.finish("d-ttl", claim.token);
      expect(await client.get(`${DELIVERY_KEY_PREFIX}d-ttl`)).toBe("done");
      expect(await client.pttl(`${DELIVERY_KEY_PREFIX}d-ttl`)).toBeGreaterThan(DONE_TTL_MS - 5_000);
    } finally {
      client.disconnect();
    }
  });

  it("when Redis is unreachable, copies in this process are still deduplicated, and the failure is logged", async () => {
    const warnings: string[] = [];
    const record = new RedisDeliveryRecord({ url: "redis://127.0.0.1:1", log: { ...quiet, warn: (_o: object | string, msg?: string) => warnings.push(msg ?? "") } });
    records.push(record);
    let runs = 0;
    const work = async () => { runs++; await sleep(20); };
    await Promise.all([1, 2, 3].map(() => processOnce({ record, id: "d-down", what: "push", log: quiet, work })));
    expect(runs).toBe(1);
    expect(warnings).toContain("delivery record: Redis unavailable; copies are deduplicated in this process only");
  });
});
