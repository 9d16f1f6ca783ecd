/** A small scenario most sandbox tests start from: an ops repo and a component repo with history. */
import { afterEach, beforeEach, expect } from "vitest";
import { parseScenario, startSandbox, type Sandbox, type Scenario } from "../../src/sandbox/sandbox.js";
import { installationClient, type Client } from "./sandbox-client.js";

/** Every event the sandbox delivers, for tests that look at webhooks app.yml does not subscribe to. */
export const ALL_EVENTS = ["check_run", "deployment", "deployment_status", "issue_comment", "issues", "pull_request", "push", "workflow_run"];

/** app.yml's permissions, plus actions: write (slice 2's deploy executor) so dispatch can be tested. */
const APP_PERMISSIONS = { contents: "write", pull_requests: "write", issues: "write", checks: "write", statuses: "read", actions: "read", deployments: "write", metadata: "read" } as const;

export const PINNED_SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

export function smallWorld(extra: Record<string, unknown> = {}): Scenario {
  return parseScenario({
    name: "small world",
    start: "2026-11-23T08:00:00+01:00",
    repos: {
      "acme/ops": {
        collaborators: { alice: "write", mallory: "read" },
        files: { "environments/staging.yml": "components:\n  billing:\n    version: \"1\"\n", "README.md": "ops\n" },
        issues: [{ number: 1, title: "Release requests" }],
      },
      "acme/billing": {
        collaborators: { alice: "write", bob: "write" },
        commits: [
          { id: "b0", sha: PINNED_SHA, message: "Pinned", author: "bob" },
          { id: "b1", message: "Add invoice export (#12)", author: "alice", pullRequest: { number: 12, title: "Add invoice export", body: "Fixes #3, closes acme/ops#1 and acme/other#9" } },
          { id: "b2", message: "Fix rounding (#14)", author: "bob", pullRequest: { number: 14, title: "Fix rounding", body: "Resolves https://github.com/acme/billing/issues/5 and mentions #6" } },
          { id: "b3", message: "Direct commit", author: "bob" },
        ],
        issues: [
          { number: 3, title: "Export invoices", labels: ["workflow/ready-for-staging"] },
          { number: 5, title: "Rounding", labels: ["workflow/ready"] },
          { number: 6, title: "Mentioned only" },
        ],
        workflowRuns: [
          { workflow: "ci.yml", commit: "b0", runNumber: 100, conclusion: "success" },
          { workflow: "ci.yml", commit: "b1", runNumber: 101, conclusion: "success" },
          { workflow: "ci.yml", commit: "b2", runNumber: 102, conclusion: "success", event: "pull_request", headBranch: "fix" },
          { workflow: "ci.yml", commit: "b3", runNumber: 103, conclusion: "failure" },
          { workflow: "ci.yml", commit: "fork-1", runNumber: 104, conclusion: "success", fromFork: "mallory" },
          { workflow: "deploy.yml", commit: "b1", runNumber: 7, conclusion: "success" },
        ],
        checkRuns: [
          { commit: "b1", name: "ci/circleci: build", conclusion: "success" },
          { commit: "b2", name: "ci/circleci: build", conclusion: "failure" },
        ],
        statuses: [{ commit: "b2", context: "ci/jenkins", state: "success" }],
        tags: { "v1.0.0": "b0", "v1.1.0": "b1" },
      },
      "other/private": { files: { "x.txt": "x\n" } },
      "other/public": { private: false, files: { "x.txt": "x\n" } },
    },
    installations: [{ account: "acme", permissions: { ...APP_PERMISSIONS, actions: "write" } }, { account: "other", repos: ["other/private"] }],
    ...extra,
  });
}

/**
 * A fresh small world per test (with `extra` scenario keys), with an installation client for
 * `acme`, closed after each test; any contract violation the test caused fails it.
 */
export function useSmallWorld(set: (sandbox: Sandbox, octokit: Client) => void, extra: Record<string, unknown> = {}): void {
  let current: Sandbox;
  beforeEach(async () => {
    current = await startSandbox({ scenario: smallWorld(extra) });
    set(current, installationClient(current, "acme"));
  });
  afterEach(async () => {
    const violations = current.contractViolations();
    await current.close();
    expect(violations).toEqual([]);
  });
}
