/**
 * `npm run bench -- --day`: the real bot (out of process) through a working day at a
 * 200-component org (day-world.ts), the scenario clock stepping through it. Each event's requests
 * are counted once the bot is done and bucketed by the scenario clock's hour; the peak hour of
 * REST requests, GraphQL points and content-creating requests is held against half of GitHub's
 * hourly budget for an installation. After 18:00 the clock goes on in 10-minute steps (a paced
 * fan-out may still be telling issues) until every issue is told or midnight.
 */
import { parseScenario, type ScenarioStepInput } from "../src/sandbox/sandbox.js";
import { countersOf, deltaOf, startBenchSession, type Counters } from "./bench-session.js";
import { readPeakRssMb } from "./bot-peak-rss.js";
import { CONTENT_CREATING as CONTENT_CREATING_ROUTES } from "../src/sandbox/http/secondary-rate-limit.js";
import { dayTimeline, dayWorld } from "./day-world.js";

/** The sandbox's quiet time for the day: shorter than the table's (hundreds of steps), safe since the bench also waits for the bot's CPU to rest. */
export const DAY_QUIET_MS = 100;

/** Half of GitHub's hourly budgets of one installation. */
export const DAY_BUDGETS = { requests: 2_500, graphqlPoints: 2_500, contentCreating: 250 } as const;

export interface DayHour {
  hour: string;
  requests: number;
  graphqlPoints: number | null;
  contentCreating: number;
}

export interface DayResult {
  components: number;
  builds: number;
  hours: DayHour[];
  peak: { requests: number; graphqlPoints: number | null; contentCreating: number };
  totals: { requests: number; writes: number; stagingDeploys: number; productionDeploys: number; issues: number; issuesTold: number };
  wallSeconds: number;
  botPeakRssMb: number | null;
  contractViolations: number;
}

const contentCreating = (byRoute: Record<string, number>) => Object.entries(byRoute).reduce((n, [route, k]) => n + (CONTENT_CREATING_ROUTES.has(route) ? k : 0), 0);

export async function runDay(opts: { components: number; builds: number; quietMs?: number; slotMinutes?: number; progress?: (line: string) => void }): Promise<DayResult> {
  const started = performance.now();
  const issuesPerComponent = Math.ceil(opts.builds / opts.components);
  const session = await startBenchSession({ scenario: parseScenario(dayWorld({ components: opts.components, issuesPerComponent })), quietMs: opts.quietMs });
  const { sandbox } = session;
  const botLogin = sandbox.world.app.botLogin;
  const hours = new Map<string, DayHour>();
  let last: Counters = session.counters();
  const record = (clock: string) => {
    const now = session.counters();
    const d = deltaOf(last, now);
    last = now;
    const hour = clock.slice(11, 13);
    const h = hours.get(hour) ?? { hour: `${hour}:00`, requests: 0, graphqlPoints: d.graphqlPoints === null ? null : 0, contentCreating: 0 };
    h.requests += d.requests;
    if (h.graphqlPoints !== null && d.graphqlPoints !== null) h.graphqlPoints += d.graphqlPoints;
    h.contentCreating += contentCreating(d.byRoute);
    hours.set(hour, h);
  };
  const told = () => {
    const t = sandbox.transcript();
    let n = 0;
    for (const [name, repo] of Object.entries(t.repos)) if (name !== "acme/ops") n += repo.issues.filter((i) => i.comments.some((c) => c.user === botLogin)).length;
    return { n, t };
  };
  try {
    for (const event of dayTimeline({ components: opts.components, builds: opts.builds, slotMinutes: opts.slotMinutes ?? 6 })) {
      await sandbox.play({ clock: event.at } as ScenarioStepInput);
      for (const step of event.steps) await sandbox.play(step as ScenarioStepInput);
      await session.done();
      record(event.at);
      if (event.at.endsWith(":00:00+01:00") || event.steps.some((s) => "merge" in s)) opts.progress?.(`day: ${event.at.slice(11, 16)}, ${last.requests} requests so far, ${Math.round((performance.now() - started) / 1000)} s`);
    }
    const total = opts.components * issuesPerComponent;
    for (let minutes = 18 * 60 + 10; minutes < 24 * 60 && told().n < total; minutes += 10) {
      const clock = `2026-11-24T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00+01:00`;
      await sandbox.play({ clock } as ScenarioStepInput);
      await session.done();
      record(clock);
    }
    const { n, t } = told();
    const ops = t.repos["acme/ops"];
    const list = [...hours.values()].sort((a, b) => a.hour.localeCompare(b.hour));
    const points = list.map((h) => h.graphqlPoints).filter((p): p is number => p !== null);
    const final = countersOf(t);
    return {
      components: opts.components,
      builds: opts.builds,
      hours: list,
      peak: { requests: Math.max(...list.map((h) => h.requests)), graphqlPoints: points.length ? Math.max(...points) : null, contentCreating: Math.max(...list.map((h) => h.contentCreating)) },
      totals: {
        requests: final.requests,
        writes: final.writes,
        stagingDeploys: ops.deployments.filter((d) => d.environment === "staging" && d.statuses.some((s) => s.state === "success")).length,
        productionDeploys: ops.deployments.filter((d) => d.environment === "production" && d.statuses.some((s) => s.state === "success")).length,
        issues: total,
        issuesTold: n,
      },
      wallSeconds: Math.round((performance.now() - started) / 1000),
      botPeakRssMb: session.bot ? readPeakRssMb(session.bot.pid) : null,
      contractViolations: t.api.contractViolations.length,
    };
  } finally {
    await session.close();
  }
}


export function renderDay(day: DayResult): string {
  const mark = (value: number | null, budget: number) => (value === null ? "n/a" : `${value} / ${budget} ${value <= budget ? "✓" : "✗"}`);
  const lines = [
    `A day at a ${day.components}-component org: ${day.builds} green builds over 10 hours, ${day.totals.stagingDeploys} staging deploys, ${day.totals.productionDeploys} production promotions deployed, ${day.totals.issuesTold} of ${day.totals.issues} issues told.`,
    "",
    "| hour | requests | GraphQL points | content-creating |",
    "|---|---:|---:|---:|",
    ...day.hours.map((h) => `| ${h.hour} | ${h.requests} | ${h.graphqlPoints ?? "n/a"} | ${h.contentCreating} |`),
    "",
    `peak REST requests per hour:        ${mark(day.peak.requests, DAY_BUDGETS.requests)}`,
    `peak GraphQL points per hour:       ${mark(day.peak.graphqlPoints, DAY_BUDGETS.graphqlPoints)}`,
    `peak content-creating per hour:     ${mark(day.peak.contentCreating, DAY_BUDGETS.contentCreating)}`,
    `(budgets: half of GitHub's 5,000 REST/h, 5,000 points/h, 500 content-creating/h per installation; hours by the scenario clock)`,
    "",
    `total ${day.totals.requests} requests, ${day.totals.writes} writes; bot peak RSS ${day.botPeakRssMb ?? "n/a"} MB; wall ${day.wallSeconds} s; contract violations ${day.contractViolations}`,
  ];
  return lines.join("\n");
}
