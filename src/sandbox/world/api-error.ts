/**
 * An error GitHub would answer with: status plus its JSON body. World operations throw these
 * so that the HTTP layer answers exactly as GitHub does and scenario steps fail readably.
 */
export const DOCS = "https://docs.github.com/rest";

export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(body.message ?? `HTTP ${status}`) + formatErrors(body.errors));
    this.name = "ApiError";
    this.status = status;
    this.body = { documentation_url: DOCS, status: String(status), ...body };
    this.headers = headers;
  }
}

function formatErrors(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) return "";
  const parts = errors.map((e) => (typeof e === "string" ? e : (e as ValidationErrorItem).message ?? JSON.stringify(e)));
  return `: ${parts.join("; ")}`;
}

export function notFound(): ApiError {
  return new ApiError(404, { message: "Not Found" });
}

export function unauthorized(message = "Requires authentication"): ApiError {
  return new ApiError(401, { message });
}

export function forbidden(message = "Resource not accessible by integration"): ApiError {
  return new ApiError(403, { message });
}

/** 422 "Validation Failed" with GitHub's `errors` array. */
export function validationFailed(errors: (ValidationErrorItem | string)[]): ApiError {
  return new ApiError(422, { message: "Validation Failed", errors });
}

/** 422 with a bare message (e.g. "Reference already exists", "Update is not a fast forward"). */
export function unprocessable(message: string): ApiError {
  return new ApiError(422, { message });
}

export function conflict(message: string, errors?: unknown[]): ApiError {
  return new ApiError(409, errors ? { message, errors } : { message });
}
