/**
 * Why a merge deploys nothing (or not everything), and why the bot tells an issue nothing: pure text for the release
 * PR's comments and the deploy comment's "Not told" list. Pull request heads, labels, logins and environments that
 * did not resolve are echoed only in code spans; the environments a deployment targets come from the validated config.
 */
import { codeSpan } from "./neutralize-text.js";

/** A pull request from a fork (or a deleted one): never deployed. */
export const forkRefusal = (opts: { headRepo: string | null; repo: string }): string =>
  `this pull request comes from ${opts.headRepo ? codeSpan(opts.headRepo) : "a deleted fork"}, not from a branch of ${opts.repo}: pull requests from forks never deploy. Push the change to a branch of ${opts.repo} and open the pull request from there.`;

/** A `release-…`/`rollback-…` branch the bot did not open: its name deploys nothing. */
export const foreignBranchRefusal = (headRef: string): string =>
  `release-bot did not open this pull request, so its branch name ${codeSpan(headRef)} deploys nothing. To deploy a hand edit, a user with write access adds the \`deploy/<environment>\` label before merging.`;

/** A `deploy/<env>` label added by someone without write access, or by someone the label events do not name (`actor` ""). */
export const untrustedLabelRefusal = (opts: { label: string; actor: string; permission: string }): string => {
  const who = opts.actor
    ? `${codeSpan(opts.actor)}, who has ${opts.permission === "none" ? "no" : opts.permission} access`
    : "a user release-bot cannot name (not among the pull request's latest label events)";
  return `the ${codeSpan(opts.label)} label was added by ${who}; only users with write access may deploy. A user with write access can remove the label and add it again, or merge a release PR.`;
};

/** The refusals above, as one comment. */
export const renderNotDeployed = (refusals: readonly string[]): string => `Not deployed: ${refusals.join(" ")}`;

/** Environments the merge asked for that config problems block. */
export const renderBlockedEnvironments = (blocked: readonly string[]): string =>
  `Not deployed to ${blocked.map((e) => codeSpan(e)).join(", ")}: ${blocked.length === 1 ? "its" : "their"} configuration in \`.github/release-bot.yml\` has problems (the \`release-bot/config\` check run and the “release-bot: configuration error” issue list them). Fix them, then run \`/release\` or label the change again.`;

/** Environments the merge asked for that the config does not declare. */
export const renderUnknownEnvironments = (opts: { unknown: readonly string[]; known: readonly string[] }): string =>
  `Not deployed to ${opts.unknown.map((e) => codeSpan(e)).join(", ")}: no such environment in \`.github/release-bot.yml\` (known: ${opts.known.map((e) => codeSpan(e)).join(", ") || "none"}). Fix the label or the config, then label again or run \`/release\`.`;

/** The deployment exists but its executor workflow could not be dispatched: how to run it by hand. */
export const renderDispatchFailed = (opts: { deploymentId: number; environment: string; workflow: string; cause: string; forbidden: boolean }): string => {
  const permission = opts.forbidden ? " The app needs the *Actions: write* permission to dispatch workflows." : "";
  return `Deployment ${opts.deploymentId} to **${opts.environment}** was created, but dispatching \`${opts.workflow}\` failed: ${opts.cause}.${permission} Run the workflow by hand with \`environment=${opts.environment}\`, \`deployment_id=${opts.deploymentId}\`, or fix the cause and merge again.`;
};

const BY_HAND = `A user with triage access there can label or close it by hand.`;

/** An older deployment records no merger, so nobody's triage access to the issue's repo is known. */
export const mergerUnknownReason = (opts: { repo: string; pull: number }): string =>
  `the deployment does not record who merged #${opts.pull} (an older release-bot made it), so nobody's triage access to ${opts.repo} is known. ${BY_HAND}`;

/** The merger may not triage the issue's repo: the bot does not act there on their behalf. */
export const mergerCannotTriageReason = (opts: { mergedBy: string; pull: number; permission: string; repo: string }): string =>
  `${opts.mergedBy} who merged #${opts.pull} has ${opts.permission === "none" ? "no" : opts.permission} access to ${opts.repo}; release-bot tells, relabels and closes its issues only for a merger with triage access there. ${BY_HAND}`;

/** The app cannot read the issue (not installed there, or no access). */
export const unreachableIssueReason = (opts: { repo: string; status: string | number }): string =>
  `the app cannot reach it (${opts.status}); install release-bot on ${opts.repo} to include it`;
