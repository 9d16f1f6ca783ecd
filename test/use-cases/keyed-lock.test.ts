import { describe, expect, it } from "vitest";
import { KeyedLock, LockWaitTimeoutError } from "../../src/use-cases/keyed-lock.js";
import { isTransientFailure } from "../../src/use-cases/read-failed.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingLog() {
  const warnings: string[] = [];
  return { warnings, log: { info() {}, error() {}, warn: (_obj: object | string, msg?: string) => warnings.push(msg ?? String(_obj)) } };
}

describe("KeyedLock", () => {
  it("runs work on one key one after another, in arrival order, and different keys side by side", async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const job = (key: string, name: string, ms: number) =>
      lock.run(key, async () => {
        events.push(`${name} start`);
        await sleep(ms);
        events.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([job("a", "a1", 30), job("a", "a2", 5), job("b", "b1", 5)]);
    expect(results).toEqual(["a1", "a2", "b1"]);
    expect(events.indexOf("a2 start")).toBeGreaterThan(events.indexOf("a1 end"));
    expect(events.indexOf("b1 start")).toBeLessThan(events.indexOf("a1 end"));
  });

  it("a failing holder still hands the lock on", async () => {
    const lock = new KeyedLock();
    await expect(lock.run("a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(lock.run("a", async () => "next")).resolves.toBe("next");
  });

  it("a waiter gives up after the maximum wait with a clear, retryable error, and never runs its work", async () => {
    const lock = new KeyedLock({ maxWaitMs: 50, maxHoldMs: 10_000 });
    let ran = false;
    const holder = lock.run("acme/ops:staging", () => sleep(200));
    const waiter = lock.run("acme/ops:staging", async () => {
      ran = true;
    });
    const error = await waiter.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockWaitTimeoutError);
    expect((error as Error).message).toBe("other work on acme/ops:staging was still running after 50 ms of waiting, so this one gave up");
    expect(isTransientFailure(error)).toBe(true);
    await holder;
    expect(ran).toBe(false);
    // The one behind the waiter that gave up still gets its turn.
    await expect(lock.run("acme/ops:staging", async () => "after")).resolves.toBe("after");
  });

  it("a holder past the maximum hold time loses the lock, and that is logged", async () => {
    const { warnings, log } = recordingLog();
    const lock = new KeyedLock({ maxWaitMs: 5_000, maxHoldMs: 40, log });
    const events: string[] = [];
    const hung = lock.run("acme/ops:staging", async () => {
      await sleep(300);
      events.push("hung end");
    });
    const next = lock.run("acme/ops:staging", async () => {
      events.push("next ran");
    });
    await next;
    expect(events).toEqual(["next ran"]);
    expect(warnings).toEqual([expect.stringMatching(/^lock acme\/ops:staging held longer than 40 ms/)]);
    await hung;
    expect(events).toEqual(["next ran", "hung end"]);
  });
});
