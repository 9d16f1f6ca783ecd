/** The worked examples of GitHub's docs, "Rate limits and query limits for the GraphQL API" (docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api). */

/** The docs' "simple query": 50 + 50 × 10 = 550 total nodes. */
export const DOCS_SIMPLE = `query { viewer { repositories(first: 50) { edges { repository:node { name
  issues(first: 10) { totalCount edges { node { title bodyHTML } } } } } } } }`;

/** The docs' "complex query": 50 + 1,000 + 10,000 + 1,000 + 10,000 + 10 = 22,060 total nodes. */
export const DOCS_COMPLEX = `query { viewer {
  repositories(first: 50) { edges { repository:node { name
    pullRequests(first: 20) { edges { pullRequest:node { title comments(first: 10) { edges { comment:node { bodyHTML } } } } } }
    issues(first: 20) { totalCount edges { issue:node { title bodyHTML comments(first: 10) { edges { comment:node { bodyHTML } } } } } } } } }
  followers(first: 10) { edges { follower:node { login } } } } }`;

/** The docs' point example: 1 + 100 + 5,000 = 5,101 requests, "Dividing by 100 and rounding gives us the final score of the query: 51". */
export const DOCS_POINTS = `query { viewer { login repositories(first: 100) { edges { node { id
  issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }`;
