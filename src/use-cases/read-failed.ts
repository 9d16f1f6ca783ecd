/**
 * "A failed read is not an answer." A GitHub read that still fails after the request policy's
 * retries (5xx, timeout, network, rate limit) says nothing about the release: the operation that
 * needed it is abandoned before any write, and retried later. These types carry that decision.
 */
import { GitHubError, type GitHubErrorKind } from "../github/github-port.js";
import { describeError } from "./describe-error.js";

const TRANSIENT: GitHubErrorKind[] = ["server", "network", "rate-limited"];

/** A read of `what` failed: nothing was decided from it and nothing was written. */
export class ReadFailedError extends Error {
  readonly what: string;

  constructor(opts: { what: string; cause: unknown }) {
    super(`reading ${opts.what} failed: ${describeError(opts.cause)}`, { cause: opts.cause });
    this.name = "ReadFailedError";
    this.what = opts.what;
  }
}

/** Thrown after the person who asked was told that the work will be retried: the delivery is not done. */
export class RetryLaterError extends Error {
  constructor(opts: { message: string; cause: unknown }) {
    super(opts.message, { cause: opts.cause });
    this.name = "RetryLaterError";
  }
}

/** Marks a failure that a later attempt can overcome (GitHub's trouble or a busy lock), as opposed to an answer or a bug. */
export interface TransientFailure {
  readonly transient: true;
}

/** True for a failure worth retrying as is: GitHub unavailable, slow, rate limited, or a lock busy too long. */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof ReadFailedError || error instanceof RetryLaterError) return isTransientFailure(error.cause);
  if (error instanceof GitHubError) return TRANSIENT.includes(error.kind);
  return (error as Partial<TransientFailure> | undefined)?.transient === true;
}

/** For a read whose non-transient failure is reported as a detail (404, 403): a transient one is rethrown, naming `what`. */
export function rethrowIfTransient(what: string, error: unknown): void {
  if (isTransientFailure(error)) throw error instanceof ReadFailedError ? error : new ReadFailedError({ what, cause: error });
}
