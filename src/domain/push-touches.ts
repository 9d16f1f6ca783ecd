/**
 * Whether a push may have changed a file, from what its webhook lists: each pushed commit's added,
 * modified and removed paths. The list is trusted only when it can be whole: a forced push (it may
 * drop commits that held the file), an empty list (a new branch, a big push) or one of 20 commits or
 * more (GitHub shortens the list; older docs say at 20) count as "may have".
 */
export interface PushedCommits {
  forced?: boolean;
  commits?: readonly { added?: readonly string[]; modified?: readonly string[]; removed?: readonly string[] }[] | null;
}

/** Commits a push payload lists before GitHub may leave some out. */
export const TRUSTED_PUSH_COMMITS = 20;

export function pushMayTouch(push: PushedCommits, path: string): boolean {
  const commits = push.commits ?? [];
  if (push.forced || commits.length === 0 || commits.length >= TRUSTED_PUSH_COMMITS) return true;
  return commits.some((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(path));
}
