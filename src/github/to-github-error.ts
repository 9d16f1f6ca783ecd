import { GitHubError, type GitHubErrorKind } from "./github-port.js";

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  errors?: { message?: string; type?: string }[];
}

const kindOf = (status: number | undefined, headers: Record<string, string | undefined>): GitHubErrorKind => {
  if (status === undefined) return "network";
  if (status === 404 || status === 410) return "not-found";
  if (status === 401) return "unauthorized";
  if (status === 429 || (status === 403 && (headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0"))) return "rate-limited";
  if (status === 403) return "forbidden";
  if (status === 409 || status === 422) return "validation";
  if (status >= 500) return "server";
  return "validation";
};

/** Maps an Octokit request or GraphQL error to a `GitHubError` that names the route and what GitHub said. */
export function toGitHubError(route: string, error: unknown): GitHubError {
  if (error instanceof GitHubError) return error;
  const failure = (error ?? {}) as OctokitFailure;
  const headers = failure.response?.headers ?? {};
  const graphqlMessages = failure.errors?.map((e) => e.message).filter(Boolean).join("; ");
  const detail = (failure.response?.data as { errors?: { message?: string }[] } | undefined)?.errors
    ?.map((e) => e.message)
    .filter(Boolean)
    .join("; ");
  const message = [failure.message ?? String(error), detail, graphqlMessages].filter(Boolean).join(" — ");
  const retryAfter = headers["retry-after"] ? Number(headers["retry-after"]) : undefined;
  return new GitHubError({
    kind: graphqlMessages && failure.status === undefined ? "validation" : kindOf(failure.status, headers),
    route,
    status: failure.status,
    message,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
    cause: error,
  });
}
