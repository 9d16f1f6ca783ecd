/** One way a request, response or GraphQL document departs from GitHub's published contract. */
export interface ContractViolation {
  kind: "request" | "response" | "graphql";
  method?: string;
  /** The operation, e.g. "GET /repos/{owner}/{repo}/pulls" or "POST /graphql". */
  route: string;
  /** Readable: which field, what was expected, what came. */
  message: string;
}
