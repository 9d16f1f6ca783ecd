/**
 * `npm run bench:fanout [-- --issues 300]`: the deploy feedback fan-out at scale, paced as in
 * production. One release references N issues; after its deploy succeeds the bot comments on and
 * relabels every one, with the production Octokit (writes serialized, comments ≥ 3 s apart, as
 * Probot's throttling does) against a sandbox that enforces GitHub's secondary limits (80
 * content-creating requests a minute, 500 an hour). Reports wall time, requests and how many
 * secondary-limit 403s were hit (GitHub's limit: none should be). Slow by design: ~3 s per issue.
 */
import { parseArgs } from "node:util";
import { startBot } from "../src/harness/start-bot.js";
import { parseScenario, startSandbox } from "../src/sandbox/sandbox.js";
import { parseStep } from "../src/sandbox/scenario/load-scenario.js";

const { values } = parseArgs({ options: { issues: { type: "string", default: "300" } } });
const n = Number(values.issues);
const PIN = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
const scenario = parseScenario({
  name: `fan-out to ${n} issues`,
  start: "2026-11-23T09:00:00+01:00",
  repos: {
    "acme/ops": {
      collaborators: { alice: "admin" },
      files: {
        ".github/release-bot.yml": "components:\n  billing: { repo: acme/billing, build: { workflow: ci.yml } }\nenvironments:\n  staging: {}\n",
        "environments/staging.yml": `components:\n  billing: { version: "1", commit: ${PIN} }\n`,
      },
      issues: [{ number: 1, title: "Releases" }],
    },
    "acme/billing": {
      commits: [
        { id: "pin", sha: PIN, message: "Pinned", author: "bob" },
        { id: "big", message: "Big batch (#9000)", author: "bob", pullRequest: { number: 9000, title: "Big batch", body: Array.from({ length: n }, (_, i) => `Fixes #${i + 1}`).join("\n"), author: "bob" } },
      ],
      issues: Array.from({ length: n }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}`, labels: ["workflow/ready-for-staging"] })),
      workflowRuns: [{ workflow: "ci.yml", commit: "big", runNumber: 2, conclusion: "success", event: "push", headBranch: "main" }],
    },
  },
});

const sandbox = await startSandbox({ scenario, secondaryRateLimits: true, settleQuietMs: 5_000 });
const bot = await startBot({ github: sandbox, octokit: "production" });
const play = (step: Record<string, unknown>) => sandbox.play(parseStep(step, 0));
try {
  await play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } });
  await play({ merge: { repo: "acme/ops", head: "release-staging", user: "alice" } });
  const started = performance.now();
  await play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
  const seconds = (performance.now() - started) / 1000;
  const t = sandbox.transcript();
  const issues = t.repos["acme/billing"].issues;
  const commented = issues.filter((i) => i.comments.some((c) => c.user === "release-bot[bot]")).length;
  const relabelled = issues.filter((i) => i.labels.includes("workflow/test") && !i.labels.includes("workflow/ready-for-staging")).length;
  console.log(JSON.stringify({ issues: n, commented, relabelled, fanOutSeconds: Math.round(seconds), requests: t.api.requests, secondaryLimitHits: sandbox.secondaryLimitHits(), contractViolations: t.api.contractViolations.length, byRoute: t.api.byRoute }, null, 2));
  if (commented !== n || relabelled !== n || t.api.contractViolations.length > 0) process.exitCode = 1;
} finally {
  await bot.close();
  await sandbox.close();
}
