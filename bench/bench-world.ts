/** A synthetic ops world for the benchmark: N components, half on Actions (run numbers), half on checks (shas). */
export function benchWorld(opts: { components: number; commits: number }) {
  const repos: Record<string, unknown> = {};
  const configComponents: string[] = [];
  const pins: string[] = [];
  for (let c = 0; c < opts.components; c++) {
    const name = `svc${String(c).padStart(3, "0")}`;
    const pin = (c + 1).toString(16).padStart(40, "a");
    const viaChecks = c % 2 === 1;
    configComponents.push(`  ${name}: { repo: acme/${name}, build: ${viaChecks ? '{ checks: ["ci/build"] }' : "{ workflow: ci.yml }"} }`);
    pins.push(`  ${name}:\n    version: "${viaChecks ? pin : "100"}"\n    commit: ${pin}`);
    const commits = [
      { id: "pin", sha: pin, message: "Pinned", author: "alice" },
      ...Array.from({ length: opts.commits }, (_, i) => ({
        id: `k${i}`,
        message: `Change ${i} (#${100 + i})`,
        author: "bob",
        pullRequest: { number: 100 + i, title: `Change ${i} of ${name}`, body: `Fixes #${10 + (i % 5)}`, author: "bob" },
      })),
    ];
    const head = `k${opts.commits - 1}`;
    repos[`acme/${name}`] = {
      commits,
      issues: Array.from({ length: 5 }, (_, i) => ({ number: 10 + i, title: `Issue ${i}`, labels: ["workflow/ready-for-staging"] })),
      ...(viaChecks
        ? { checkRuns: [{ commit: "pin", name: "ci/build", conclusion: "success" }, { commit: head, name: "ci/build", conclusion: "success" }] }
        : { workflowRuns: [{ workflow: "ci.yml", commit: "pin", runNumber: 100, conclusion: "success", event: "push", headBranch: "main" }, { workflow: "ci.yml", commit: head, runNumber: 200, conclusion: "success", event: "push", headBranch: "main" }] }),
    };
  }
  repos["acme/ops"] = {
    collaborators: { alice: "admin" },
    files: {
      ".github/release-bot.yml": `components:\n${configComponents.join("\n")}\nenvironments:\n  staging: { from: builds }\n`,
      "environments/staging.yml": `components:\n${pins.join("\n")}\n`,
    },
    issues: [{ number: 1, title: "Releases", author: "alice" }],
  };
  return { name: `bench: ${opts.components} components × ${opts.commits} commits`, start: "2026-11-23T09:00:00+01:00", repos, steps: [] };
}

/** The bench's trigger: someone asks for a staging release on the ops repo's release issue. */
export const RELEASE_STAGING = { comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release staging" } } as const;

/** One new green build of the first component (svc000, on Actions): a pushed commit with its PR, then its successful push run. */
export function greenBuildSteps(opts: { id: string; runNumber: number; pull: number }) {
  return [
    { push: { repo: "acme/svc000", user: "bob", commits: [{ id: opts.id, message: `Refresh ${opts.id} (#${opts.pull})`, author: "bob", pullRequest: { number: opts.pull, title: `Refresh ${opts.id}`, body: "Fixes #10", author: "bob" } }] } },
    { workflowRun: { repo: "acme/svc000", workflow: "ci.yml", commit: opts.id, runNumber: opts.runNumber, conclusion: "success" } },
  ];
}
