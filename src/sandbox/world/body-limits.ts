/**
 * GitHub's size limits on text: issue, pull request and comment bodies hold at most 65,536
 * characters (422 "Validation Failed", `body is too long (maximum is 65536 characters)`); a check
 * run's `output.summary` and `output.text` at most 65,535 characters (422 "Invalid request. Only
 * 65535 characters are allowed; N were supplied.") and 65,535 bytes of UTF-8 (422 "Validation
 * Failed", `summary exceeds a maximum bytesize of 65535`), as GitHub answers each.
 */
import { ApiError, validationFailed } from "./api-error.js";

export const MAX_BODY_CHARACTERS = 65536;
export const MAX_CHECK_OUTPUT = 65535;

/** Characters as GitHub counts them (code points, not UTF-16 units). */
function characters(text: string): number {
  if (text.length <= MAX_CHECK_OUTPUT / 2) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** 422 when an issue, PR or comment body is over 65,536 characters. */
export function checkBodyLength(resource: "Issue" | "PullRequest" | "IssueComment", body: string | null | undefined): void {
  if (typeof body !== "string" || characters(body) <= MAX_BODY_CHARACTERS) return;
  throw validationFailed([{ resource, code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)` }]);
}

/** 422 when a check run's `output.summary` or `output.text` is over 65,535 characters or bytes. */
export function checkCheckRunOutput(output: { summary?: string | null; text?: string | null } | undefined): void {
  for (const field of ["summary", "text"] as const) {
    const value = output?.[field];
    if (typeof value !== "string") continue;
    const count = characters(value);
    if (count > MAX_CHECK_OUTPUT) throw new ApiError(422, { message: `Invalid request.\n\nOnly ${MAX_CHECK_OUTPUT} characters are allowed; ${count} were supplied.` });
    if (Buffer.byteLength(value, "utf8") > MAX_CHECK_OUTPUT) {
      throw validationFailed([{ resource: "CheckRun", code: "custom", field, message: `${field} exceeds a maximum bytesize of ${MAX_CHECK_OUTPUT}` }]);
    }
  }
}
