/**
 * Hidden markers that start every comment and body the bot writes about a deployment, so a retry finds its earlier
 * work instead of repeating it: `<!-- release-bot:deploy-success deployment=12 -->`.
 */

/** `notify-pending`: on a failure comment until its chat notification was sent (the failure path's last step). */
export type DeployMarkerKind = "success" | "failure" | "issue" | "rollback" | "progress" | "notify-pending";

/** `extra` is kept readable; characters that could end the comment or collide are percent-encoded (so it stays unique). */
const encodeExtra = (extra: string) =>
  extra.trim().replace(/[^\w.~/#=:@,+ -]|-(?=-)|\s{2,}/g, (c) => Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""));

/** Throws on a deployment id that is not a non-negative integer (a caller bug). */
export function deployMarker(kind: DeployMarkerKind, deploymentId: number, extra?: string): string {
  if (!Number.isSafeInteger(deploymentId) || deploymentId < 0) throw new RangeError(`deployment id must be a non-negative integer, got ${deploymentId}`);
  const tail = extra?.trim() ? ` ${encodeExtra(extra)}` : "";
  return `<!-- release-bot:deploy-${kind} deployment=${deploymentId}${tail} -->`;
}

/**
 * Whether `body` holds `marker` at the start of a line (as the bot writes it). The closing ` -->` is part of the
 * marker, so `deployment=1` never matches `deployment=12`, nor a marker with an `extra`.
 */
export function hasMarker(body: string | null | undefined, marker: string): boolean {
  if (!body || !marker) return false;
  return body.split(/\r?\n|\r/).some((line) => line.trimStart().startsWith(marker));
}
