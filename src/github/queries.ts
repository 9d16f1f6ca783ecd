/**
 * GraphQL documents the port sends. Batched reads use one alias per repository and per
 * commit, with values inlined as JSON string literals (safe: JSON strings are valid GraphQL
 * strings for the characters owner names, branch names and shas can hold).
 */

const lit = (value: string): string => JSON.stringify(value);

/** At most this many `object(oid:)` lookups per query: keeps each document small and its node cost far under GitHub's limits. */
export const COMMITS_PER_QUERY = 100;

export interface BranchChecksRequest {
  alias: string;
  owner: string;
  name: string;
  branch: string;
  depth: number;
}

/** The newest `depth` commits of each branch with their check runs and commit statuses. */
export function branchChecksQuery(requests: BranchChecksRequest[]): string {
  const parts = requests.map(
    (r) => `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) {
    ref(qualifiedName: ${lit(`refs/heads/${r.branch}`)}) {
      target {
        ... on Commit {
          history(first: ${Math.min(Math.max(r.depth, 1), 100)}) {
            nodes { ...CommitChecks }
          }
        }
      }
    }
  }`,
  );
  return `query BranchChecks {
${parts.join("\n")}
}

fragment CommitChecks on Commit {
  oid
  committedDate
  url
  statusCheckRollup {
    contexts(first: 100) {
      nodes {
        __typename
        ... on CheckRun { name status conclusion }
        ... on StatusContext { context state }
      }
    }
  }
}`;
}

export interface CommitPullsRequest {
  alias: string;
  owner: string;
  name: string;
  commits: { alias: string; sha: string }[];
}

/** For each commit, the pull requests it belongs to and the issues those PRs close. */
export function commitPullsQuery(requests: CommitPullsRequest[]): string {
  const parts = requests.map((r) => {
    const commits = r.commits
      .map((c) => `    ${c.alias}: object(oid: ${lit(c.sha)}) { ...CommitPulls }`)
      .join("\n");
    return `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) {\n${commits}\n  }`;
  });
  return `query CommitPulls {
${parts.join("\n")}
}

fragment CommitPulls on Commit {
  oid
  associatedPullRequests(first: 5) {
    nodes {
      number
      title
      body
      url
      merged
      author { login }
      closingIssuesReferences(first: 50) {
        nodes { number repository { nameWithOwner } }
      }
    }
  }
}`;
}

export interface OpsConfigRequest {
  alias: string;
  owner: string;
  name: string;
}

/** The config file's text on each repository's default branch (null where there is none): finds the ops repos of an installation in one query per 100 repos. */
export function opsConfigQuery(requests: OpsConfigRequest[], path: string): string {
  const parts = requests.map(
    (r) => `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) {
    object(expression: ${lit(`HEAD:${path}`)}) { ... on Blob { text } }
  }`,
  );
  return `query OpsConfigs {\n${parts.join("\n")}\n}`;
}

/** Default branch names of many repositories in one query. */
export function defaultBranchesQuery(requests: OpsConfigRequest[]): string {
  const parts = requests.map((r) => `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) { defaultBranchRef { name } }`);
  return `query DefaultBranches {\n${parts.join("\n")}\n}`;
}

export interface IssueStatesRequest {
  alias: string;
  owner: string;
  name: string;
  issues: { alias: string; number: number }[];
}

/** State, labels and latest comments of many issues across repositories (deploy feedback reads them once, up front). */
export function issueStatesQuery(requests: IssueStatesRequest[]): string {
  const parts = requests.map((r) => {
    const issues = r.issues.map((i) => `    ${i.alias}: issue(number: ${i.number}) { ...IssueState }`).join("\n");
    return `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) {\n${issues}\n  }`;
  });
  return `query IssueStates {
${parts.join("\n")}
}

fragment IssueState on Issue {
  number
  state
  labels(first: 100) { nodes { name } }
  comments(last: 100) { totalCount nodes { body viewerDidAuthor } }
}`;
}

/** How many label events `labelEventsQuery` reads: the newest ones, so no flood of older events hides who added a label last. */
export const LABEL_EVENTS_READ = 100;

/** The newest label additions on a pull request, with who made them. */
export function labelEventsQuery(opts: { owner: string; name: string; number: number }): string {
  return `query LabelEvents {
  repository(owner: ${lit(opts.owner)}, name: ${lit(opts.name)}) {
    pullRequest(number: ${opts.number}) {
      timelineItems(last: ${LABEL_EVENTS_READ}, itemTypes: [LABELED_EVENT]) {
        nodes { ... on LabeledEvent { createdAt actor { __typename login } label { name } } }
      }
    }
  }
}`;
}

export interface PathHistoryQueryRequest {
  alias: string;
  owner: string;
  name: string;
  head: string;
  since?: string;
  until?: string;
  first: number;
  paths: { alias: string; path: string; after?: string }[];
}

/**
 * Monorepos: the commits touching each path, newest first from `head` (`Commit.history(path:)`,
 * one alias per path, bounded by committer dates), only their oids: a page of 100 costs one node each.
 */
export function pathHistoryQuery(requests: PathHistoryQueryRequest[]): string {
  const parts = requests.map((r) => {
    const bounds = [
      `first: ${Math.min(Math.max(Math.trunc(r.first), 1), 100)}`,
      ...(r.since ? [`since: ${lit(r.since)}`] : []),
      ...(r.until ? [`until: ${lit(r.until)}`] : []),
    ];
    const histories = r.paths
      .map((p) => `        ${p.alias}: history(path: ${lit(p.path)}, ${[...bounds, ...(p.after ? [`after: ${lit(p.after)}`] : [])].join(", ")}) { ...PathCommits }`)
      .join("\n");
    return `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) {
    object(oid: ${lit(r.head)}) {
      ... on Commit {
${histories}
      }
    }
  }`;
  });
  return `query PathHistory {
${parts.join("\n")}
}

fragment PathCommits on CommitHistoryConnection {
  nodes { oid }
  pageInfo { hasNextPage endCursor }
}`;
}
