/** How commits and versions are shortened for people: one rule, everywhere the bot writes. */

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** A commit's first 7 hex digits, as GitHub shows it; absent stays absent. */
export const shortSha = (sha: string): string => sha.slice(0, 7);

/** A version as people read it: a full sha (the sha scheme) shortened, anything else as written. */
export const shortVersion = (version: string): string => (FULL_SHA.test(version) ? shortSha(version) : version);
