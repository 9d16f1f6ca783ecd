/**
 * The routes GitHub counts as content-creating for its secondary rate limit, as the sandbox
 * enforces them (src/sandbox/http/secondary-rate-limit.ts keeps this list private; keep the two equal).
 */
export const CONTENT_CREATING_ROUTES: ReadonlySet<string> = new Set([
  "POST /repos/{owner}/{repo}/issues",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "POST /repos/{owner}/{repo}/pulls",
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
  "POST /repos/{owner}/{repo}/deployments",
  "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
  "POST /repos/{owner}/{repo}/check-runs",
]);
