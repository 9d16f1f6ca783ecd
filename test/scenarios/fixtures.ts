/** Building blocks of scenario worlds: an ops repo pinning `billing` (Actions, run numbers) and `search` (checks, shas). */
export const BILLING_PIN = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
export const SEARCH_PIN = "5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";

export const CONFIG = `# release-bot config of the test ops repo
components:
  billing:
    repo: acme/billing
    build: { workflow: ci.yml }
  search:
    repo: acme/search
    build: { checks: ["ci/circleci: build"] }
environments:
  staging: { from: builds }
  production: { from: builds }
releaseOwners: [alice]
`;

export const STAGING = `# Staging pins. Comments here must survive every release.
components:
  billing:
    version: "1431"   # run number
    commit: ${BILLING_PIN}
  # search is versioned by commit sha
  search:
    version: '${SEARCH_PIN}'
    commit: ${SEARCH_PIN}
`;

/** "Billion laughs": nine levels of nine YAML aliases each, 9^9 strings once expanded. */
export const ALIAS_BOMB = [
  "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  ...Array.from({ length: 8 }, (_, i) => `lol${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(", ")}]`),
].join("\n");

export function opsRepo(opts: { config?: string; staging?: string; production?: string } = {}) {
  return {
    defaultBranch: "main",
    collaborators: { alice: "admin", bob: "write", mallory: "read" },
    files: {
      ".github/release-bot.yml": opts.config ?? CONFIG,
      "environments/staging.yml": opts.staging ?? STAGING,
      "environments/production.yml": opts.production ?? STAGING,
    },
    issues: [{ number: 1, title: "Release requests", author: "alice" }],
  };
}

/**
 * `merged`: the build commit b2 is a merge commit (its second parent the initial commit), so the planning query's
 * window cannot settle pin...build and the REST compare reads it. `quietCommits`: that many commits without a
 * run after b2, so the window's newest commits hold no green build and the REST runs list is read.
 */
export function billingRepo(opts: { runs?: Record<string, unknown>[]; extraCommits?: Record<string, unknown>[]; merged?: boolean; quietCommits?: number } = {}) {
  return {
    collaborators: { alice: "write", bob: "write", carol: "write" },
    commits: [
      { id: "b0", sha: BILLING_PIN, message: "Initial billing (#1)", author: "bob", pullRequest: { number: 1, title: "Initial billing", body: "Closes #2", author: "bob" } },
      { id: "b1", message: "Add invoice export (#42)", author: "alice", pullRequest: { number: 42, title: "Add invoice export @carol", body: "Fixes #41, see acme/search#7", author: "alice" } },
      { id: "b2", message: "Fix VAT rounding (#44)", author: "carol", pullRequest: { number: 44, title: "Fix VAT rounding", body: "Resolves #43", author: "carol" }, ...(opts.merged ? { merges: "initial" } : {}) },
      ...(opts.extraCommits ?? []),
      ...Array.from({ length: opts.quietCommits ?? 0 }, (_, i) => ({ message: `Docs ${i}`, author: "bob" })),
    ],
    issues: [
      { number: 41, title: "Export invoices", labels: ["workflow/ready-for-staging"] },
      { number: 43, title: "VAT rounding", labels: ["workflow/ready-for-staging"] },
    ],
    workflowRuns: opts.runs ?? [
      { workflow: "ci.yml", commit: "b0", runNumber: 1431, conclusion: "success", event: "push", headBranch: "main" },
      { workflow: "ci.yml", commit: "b2", runNumber: 1433, conclusion: "success", event: "push", headBranch: "main" },
    ],
  };
}

export function searchRepo(opts: { green?: string[] } = {}) {
  const green = opts.green ?? ["s0"];
  return {
    // The ops writers who merge releases may triage search's issues too: release-bot tells an issue only for a
    // merger who could label and close it.
    collaborators: { alice: "triage", bob: "triage", carol: "triage" },
    commits: [
      { id: "s0", sha: SEARCH_PIN, message: "Tune BM25 (#6)", author: "dave", pullRequest: { number: 6, title: "Tune BM25", body: "", author: "dave" } },
      { id: "s1", message: "Typo tolerance (#8)", author: "erin", pullRequest: { number: 8, title: "Typo tolerance", body: "Fixes #7", author: "erin" } },
    ],
    issues: [{ number: 7, title: "Typos return nothing", labels: ["workflow/ready-for-staging"] }],
    checkRuns: ["s0", "s1"].map((commit) => ({ commit, name: "ci/circleci: build", conclusion: green.includes(commit) ? "success" : "failure" })),
  };
}

export function world(opts: { ops?: Parameters<typeof opsRepo>[0]; billing?: Parameters<typeof billingRepo>[0]; search?: Parameters<typeof searchRepo>[0] } = {}) {
  return {
    name: "test world",
    start: "2026-11-23T09:00:00+01:00",
    repos: { "acme/ops": opsRepo(opts.ops), "acme/billing": billingRepo(opts.billing), "acme/search": searchRepo(opts.search) },
  };
}

export const releaseStaging = (user = "alice") => ({ comment: { repo: "acme/ops", issue: 1, user, body: "/release staging" } });
