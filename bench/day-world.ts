/**
 * The world and the timeline of `npm run bench -- --day`: a 200-component org through one working
 * day (08:00–18:00 Europe/Rome). Components start pinned at their newest green build, each with
 * `issuesPerComponent` open issues. `builds` green builds arrive evenly over the 10 hours (a pushed
 * commit whose PR fixes the component's next issue, then its green push run or check run), spread
 * over the components in turn. Staging is asked for (`/release staging`) at 08:30 and again after
 * each of its 4 merges (10:30, 13:00, 15:30, 18:00), each merge followed by a successful deployment
 * (which tells the released issues). Production promotes from staging on a schedule at 11:00,
 * 14:00 and 17:00; each promotion PR is merged 10 minutes later and deploys fine.
 */
export interface DayEvent {
  /** Sandbox clock time (ISO, +01:00). */
  at: string;
  steps: Record<string, unknown>[];
}

const DAY = "2026-11-24";
const at = (minutes: number) => {
  const h = Math.floor(minutes / 60);
  const m = Math.floor(minutes % 60);
  const s = Math.round((minutes * 60) % 60);
  return `${DAY}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}+01:00`;
};
const name = (c: number) => `svc${String(c).padStart(3, "0")}`;
const pinOf = (c: number) => (c + 1).toString(16).padStart(40, "d");
const viaChecks = (c: number) => c % 2 === 1;

export function dayWorld(opts: { components: number; issuesPerComponent: number }) {
  const repos: Record<string, unknown> = {};
  const config: string[] = [];
  const pins: string[] = [];
  for (let c = 0; c < opts.components; c++) {
    config.push(`  ${name(c)}: { repo: acme/${name(c)}, build: ${viaChecks(c) ? '{ checks: ["ci/build"] }' : "{ workflow: ci.yml }"} }`);
    pins.push(`  ${name(c)}:\n    version: "${viaChecks(c) ? pinOf(c) : "100"}"\n    commit: ${pinOf(c)}`);
    repos[`acme/${name(c)}`] = {
      collaborators: { alice: "write", bob: "write" },
      commits: [{ id: "pin", sha: pinOf(c), message: "Pinned", author: "alice" }],
      issues: Array.from({ length: opts.issuesPerComponent }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1} of ${name(c)}`, labels: ["workflow/ready-for-staging"] })),
      ...(viaChecks(c)
        ? { checkRuns: [{ commit: "pin", name: "ci/build", conclusion: "success" }] }
        : { workflowRuns: [{ workflow: "ci.yml", commit: "pin", runNumber: 100, conclusion: "success", event: "push", headBranch: "main" }] }),
    };
  }
  const envFile = `components:\n${pins.join("\n")}\n`;
  repos["acme/ops"] = {
    collaborators: { alice: "admin" },
    files: {
      ".github/release-bot.yml": `timezone: Europe/Rome\ncomponents:\n${config.join("\n")}\nenvironments:\n  staging: { from: builds }\n  production: { from: staging, schedule: "0 11,14,17 * * *" }\n`,
      "environments/staging.yml": envFile,
      "environments/production.yml": envFile,
    },
    issues: [{ number: 1, title: "Releases", author: "alice" }],
  };
  return { name: `a day at a ${opts.components}-component org`, start: at(8 * 60), repos, steps: [] };
}

/** The day's timeline, in clock order; builds grouped in `slotMinutes` slots (one burst of webhooks each). */
export function dayTimeline(opts: { components: number; builds: number; slotMinutes: number }): DayEvent[] {
  const events: DayEvent[] = [];
  const perComponent = new Map<number, number>();
  const dayMinutes = 600;
  for (let slot = 0; slot * opts.slotMinutes < dayMinutes; slot++) {
    const from = slot * opts.slotMinutes;
    const steps: Record<string, unknown>[] = [];
    for (let b = Math.ceil((from * opts.builds) / dayMinutes); b < Math.min(opts.builds, Math.ceil(((from + opts.slotMinutes) * opts.builds) / dayMinutes)); b++) {
      const c = b % opts.components;
      const k = (perComponent.get(c) ?? 0) + 1;
      perComponent.set(c, k);
      const repo = `acme/${name(c)}`;
      const id = `d${b}`;
      steps.push({ push: { repo, user: "bob", commits: [{ id, message: `Change ${k} (#${1000 + k})`, author: "bob", pullRequest: { number: 1000 + k, title: `Change ${k} of ${name(c)}`, body: `Fixes #${k}`, author: "bob" } }] } });
      steps.push(viaChecks(c) ? { checkRun: { repo, commit: id, name: "ci/build", conclusion: "success" } } : { workflowRun: { repo, workflow: "ci.yml", commit: id, runNumber: 100 + k, conclusion: "success" } });
    }
    if (steps.length > 0) events.push({ at: at(8 * 60 + from + opts.slotMinutes / 2), steps: [{ concurrently: steps }] });
  }
  const ask = { comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } };
  const ship = (environment: string) => [
    { merge: { repo: "acme/ops", head: `release-${environment}`, user: "alice" } },
    { deploymentStatus: { repo: "acme/ops", environment, state: "success" } },
  ];
  events.push({ at: at(8 * 60 + 30), steps: [ask] });
  for (const minutes of [10.5 * 60, 13 * 60, 15.5 * 60, 18 * 60]) {
    events.push({ at: at(minutes), steps: ship("staging") });
    if (minutes < 18 * 60) events.push({ at: at(minutes + 5), steps: [ask] });
  }
  for (const hour of [11, 14, 17]) events.push({ at: at(hour * 60), steps: [] }, { at: at(hour * 60 + 10), steps: ship("production") });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
