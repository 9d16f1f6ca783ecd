/** One way a request, response, GraphQL document or delivered webhook payload departs from GitHub's published contract. */
export interface ContractViolation {
  kind: "request" | "response" | "graphql" | "webhook";
  method?: string;
  /** The operation, e.g. "GET /repos/{owner}/{repo}/pulls", "POST /graphql" or "webhook issue_comment.created". */
  route: string;
  /** Readable: which field, what was expected, what came. */
  message: string;
}
