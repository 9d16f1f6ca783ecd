import { describe, expect, it } from "vitest";
import { asFanOut, ContentBudget, isContentBudgetDeferral, isContentCreating, type BudgetClock } from "../../src/github/content-budget.js";

/** Simulated time: sleeping moves the clock at once, so hours run in milliseconds. */
function simulatedClock(): BudgetClock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

/** A fake Octokit: its request hook as Octokit's `hook.wrap` would chain it; records when each request went out. */
function fakeOctokit(clock: BudgetClock) {
  let wrapped: ((request: (o: any) => any, options: any) => Promise<any>) | undefined;
  const sent: { at: number; route: string }[] = [];
  const octokit = { hook: { wrap: (_name: "request", w: typeof wrapped) => void (wrapped = w) } };
  const request = (method: string, url: string) =>
    wrapped!((o: { method: string; url: string }) => {
      sent.push({ at: clock.now(), route: `${o.method} ${o.url}` });
      return Promise.resolve({ status: 201 });
    }, { method, url });
  return { octokit, request, sent };
}

const COMMENT = ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"] as const;

/** The most requests in any window of `ms` (GitHub's count: t in (now - ms, now]). */
function peak(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("the content budget", () => {
  it("knows GitHub's content-creating routes, templated or expanded", () => {
    expect(isContentCreating({ method: "POST", url: COMMENT[1] })).toBe(true);
    expect(isContentCreating({ method: "POST", url: "http://127.0.0.1:4000/api/v3/repos/acme/ops/issues/1/labels" })).toBe(true);
    expect(isContentCreating({ method: "POST", url: "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses" })).toBe(true);
    expect(isContentCreating({ method: "POST", url: "/repos/{owner}/{repo}/check-runs" })).toBe(true);
    expect(isContentCreating({ method: "GET", url: COMMENT[1] })).toBe(false);
    expect(isContentCreating({ method: "PATCH", url: "/repos/{owner}/{repo}/issues/{issue_number}" })).toBe(false);
    expect(isContentCreating({ method: "POST", url: "/graphql" })).toBe(false);
  });

  it("a 1,000-request fan-out stays within 80 a minute and 500 an hour, finishing in about 2.5 simulated hours", async () => {
    const clock = simulatedClock();
    const budget = new ContentBudget({ clock, maxFanOutRunMs: Number.POSITIVE_INFINITY });
    const { octokit, request, sent } = fakeOctokit(clock);
    budget.apply(octokit, 1);
    await asFanOut(async () => {
      for (let i = 0; i < 1000; i++) await request(...COMMENT);
    });
    const times = sent.map((s) => s.at);
    expect(sent).toHaveLength(1000);
    expect(peak(times, 60_000)).toBeLessThanOrEqual(60); // the fan-out's share: 80 less the reserve of 20
    expect(peak(times, 3_600_000)).toBeLessThanOrEqual(400);
    expect(times.at(-1)! / 3_600_000).toBeGreaterThan(2);
    expect(times.at(-1)! / 3_600_000).toBeLessThan(3);
  });

  it("interactive work never waits behind a fan-out: the reserve is always free", async () => {
    const clock = simulatedClock();
    const budget = new ContentBudget({ clock, maxFanOutRunMs: Number.POSITIVE_INFINITY });
    const { octokit, request } = fakeOctokit(clock);
    budget.apply(octokit, 1);
    // The fan-out has used its whole hourly share.
    await asFanOut(async () => {
      for (let i = 0; i < 400; i++) await request(...COMMENT);
    });
    expect(budget.waitMs(1, "fan-out")).toBeGreaterThan(60_000);
    const before = clock.t;
    for (let i = 0; i < 20; i++) await request("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions");
    expect(clock.t - before).toBeLessThanOrEqual(5_000);
    expect(budget.granted).toEqual({ interactive: 20, "fan-out": 400 });
  });

  it("installations have separate budgets; the whole limit binds interactive work too", async () => {
    const clock = simulatedClock();
    const budget = new ContentBudget({ clock, limits: { perMinute: 5, perHour: 10 }, reserve: { perMinute: 2, perHour: 4 } });
    const a = fakeOctokit(clock);
    const b = fakeOctokit(clock);
    budget.apply(a.octokit, 1);
    budget.apply(b.octokit, 2);
    for (let i = 0; i < 5; i++) await a.request(...COMMENT);
    expect(clock.t).toBe(0);
    await b.request(...COMMENT);
    expect(clock.t).toBe(0);
    await a.request(...COMMENT);
    expect(clock.t).toBeGreaterThanOrEqual(60_000);
  });

  it("a fan-out that would wait past its run bound is deferred (transient), so its lock is released in time", async () => {
    const clock = simulatedClock();
    const budget = new ContentBudget({ clock, limits: { perMinute: 5, perHour: 10 }, reserve: { perMinute: 2, perHour: 4 }, maxFanOutRunMs: 3 * 60_000 });
    const { octokit, request, sent } = fakeOctokit(clock);
    budget.apply(octokit, 1);
    const error = await asFanOut(async () => {
      for (let i = 0; i < 20; i++) await request(...COMMENT);
    }).catch((e: unknown) => e);
    expect(isContentBudgetDeferral(error)).toBe(true);
    // 3 a minute for 3 minutes, then the hourly share of 6 is used: deferred rather than waiting an hour.
    expect(sent).toHaveLength(6);
    expect(clock.t).toBeLessThanOrEqual(3 * 60_000);
    expect(budget.deferrals).toBe(1);
  });
});
