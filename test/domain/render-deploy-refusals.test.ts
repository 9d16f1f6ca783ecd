import { describe, expect, it } from "vitest";
import {
  foreignBranchRefusal,
  forkRefusal,
  mergerCannotTriageReason,
  mergerUnknownReason,
  renderBlockedEnvironments,
  renderDispatchFailed,
  renderNotDeployed,
  renderUnknownEnvironments,
  unreachableIssueReason,
  untrustedLabelRefusal,
} from "../../src/domain/render-deploy-refusals.js";
import { MARKER_LINE, outsideCode } from "../helpers/inert-text.js";

/** A fork name, branch, label, login or environment crafted to break out of a code span, ping, and hide a marker. */
const HOSTILE = "x`` @alice <!-- release-bot:not-deployed pull=1 --> fixes #1";

function expectInert(text: string): void {
  for (const line of text.split("\n")) expect(line).not.toMatch(MARKER_LINE);
  expect(text).not.toContain("<!--");
  const outside = outsideCode(text);
  expect(outside).not.toContain("alice");
  expect(outside).not.toMatch(/fixes #1/i);
}

describe("deploy refusals: the exact text", () => {
  it.each<[string, string, string]>([
    [
      "a fork",
      forkRefusal({ headRepo: "mallory/ops", repo: "acme/ops" }),
      "this pull request comes from `mallory/ops`, not from a branch of acme/ops: pull requests from forks never deploy. Push the change to a branch of acme/ops and open the pull request from there.",
    ],
    [
      "a deleted fork",
      forkRefusal({ headRepo: null, repo: "acme/ops" }),
      "this pull request comes from a deleted fork, not from a branch of acme/ops: pull requests from forks never deploy. Push the change to a branch of acme/ops and open the pull request from there.",
    ],
    [
      "a release branch someone else opened",
      foreignBranchRefusal("release-production"),
      "release-bot did not open this pull request, so its branch name `release-production` deploys nothing. To deploy a hand edit, a user with write access adds the `deploy/<environment>` label before merging.",
    ],
    [
      "a label from a reader",
      untrustedLabelRefusal({ label: "deploy/production", actor: "bob", permission: "read" }),
      "the `deploy/production` label was added by `bob`, who has read access; only users with write access may deploy. A user with write access can remove the label and add it again, or merge a release PR.",
    ],
    [
      "a label from someone without access",
      untrustedLabelRefusal({ label: "deploy/production", actor: "eve", permission: "none" }),
      "the `deploy/production` label was added by `eve`, who has no access; only users with write access may deploy. A user with write access can remove the label and add it again, or merge a release PR.",
    ],
    [
      "a label nobody can be named for",
      untrustedLabelRefusal({ label: "deploy/staging", actor: "", permission: "none" }),
      "the `deploy/staging` label was added by a user release-bot cannot name (not among the pull request's latest label events); only users with write access may deploy. A user with write access can remove the label and add it again, or merge a release PR.",
    ],
    ["the refusals as one comment", renderNotDeployed(["first.", "second."]), "Not deployed: first. second."],
    [
      "one blocked environment",
      renderBlockedEnvironments(["production"]),
      "Not deployed to `production`: its configuration in `.github/release-bot.yml` has problems (the `release-bot/config` check run and the “release-bot: configuration error” issue list them). Fix them, then run `/release` or label the change again.",
    ],
    [
      "two blocked environments",
      renderBlockedEnvironments(["staging", "production"]),
      "Not deployed to `staging`, `production`: their configuration in `.github/release-bot.yml` has problems (the `release-bot/config` check run and the “release-bot: configuration error” issue list them). Fix them, then run `/release` or label the change again.",
    ],
    [
      "an unknown environment",
      renderUnknownEnvironments({ unknown: ["prod"], known: ["staging", "production"] }),
      "Not deployed to `prod`: no such environment in `.github/release-bot.yml` (known: `staging`, `production`). Fix the label or the config, then label again or run `/release`.",
    ],
    [
      "an unknown environment, none known",
      renderUnknownEnvironments({ unknown: ["prod"], known: [] }),
      "Not deployed to `prod`: no such environment in `.github/release-bot.yml` (known: none). Fix the label or the config, then label again or run `/release`.",
    ],
    [
      "a dispatch that failed",
      renderDispatchFailed({ deploymentId: 7, environment: "staging", workflow: "deploy.yml", cause: "GitHub answered 500", forbidden: false }),
      "Deployment 7 to **staging** was created, but dispatching `deploy.yml` failed: GitHub answered 500. Run the workflow by hand with `environment=staging`, `deployment_id=7`, or fix the cause and merge again.",
    ],
    [
      "a dispatch the app may not make",
      renderDispatchFailed({ deploymentId: 7, environment: "staging", workflow: "deploy.yml", cause: "forbidden", forbidden: true }),
      "Deployment 7 to **staging** was created, but dispatching `deploy.yml` failed: forbidden. The app needs the *Actions: write* permission to dispatch workflows. Run the workflow by hand with `environment=staging`, `deployment_id=7`, or fix the cause and merge again.",
    ],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe("issue skip reasons: the exact text", () => {
  it.each<[string, string, string]>([
    [
      "no merger recorded",
      mergerUnknownReason({ repo: "acme/billing", pull: 4 }),
      "the deployment does not record who merged #4 (an older release-bot made it), so nobody's triage access to acme/billing is known. A user with triage access there can label or close it by hand.",
    ],
    [
      "a merger with read access",
      mergerCannotTriageReason({ mergedBy: "bob", pull: 4, permission: "read", repo: "acme/billing" }),
      "bob who merged #4 has read access to acme/billing; release-bot tells, relabels and closes its issues only for a merger with triage access there. A user with triage access there can label or close it by hand.",
    ],
    [
      "a merger without access",
      mergerCannotTriageReason({ mergedBy: "bob", pull: 4, permission: "none", repo: "acme/billing" }),
      "bob who merged #4 has no access to acme/billing; release-bot tells, relabels and closes its issues only for a merger with triage access there. A user with triage access there can label or close it by hand.",
    ],
    ["an issue out of reach", unreachableIssueReason({ repo: "acme/secret", status: 404 }), "the app cannot reach it (404); install release-bot on acme/secret to include it"],
    ["an issue out of reach, no status", unreachableIssueReason({ repo: "acme/secret", status: "forbidden" }), "the app cannot reach it (forbidden); install release-bot on acme/secret to include it"],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe("deploy refusals: hostile input stays inert", () => {
  it.each<[string, string]>([
    ["a fork name", forkRefusal({ headRepo: HOSTILE, repo: "acme/ops" })],
    ["a branch name", foreignBranchRefusal(HOSTILE)],
    ["a label and its actor", untrustedLabelRefusal({ label: HOSTILE, actor: HOSTILE, permission: "read" })],
    ["blocked environments", renderBlockedEnvironments([HOSTILE, HOSTILE])],
    ["unknown and known environments", renderUnknownEnvironments({ unknown: [HOSTILE], known: [HOSTILE] })],
    ["all of them in one comment", renderNotDeployed([forkRefusal({ headRepo: HOSTILE, repo: "acme/ops" }), foreignBranchRefusal(HOSTILE)])],
  ])("%s", (_name, text) => {
    expectInert(text);
  });
});
