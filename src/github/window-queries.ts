/**
 * The GraphQL documents of the one read that plans a release: for every component, its branch's
 * newest commits with their parents, pull requests, the issues those close, and the builds on them
 * (the GitHub Actions check suites with their workflow run, or the status rollup), and for
 * tag-versioned components the newest tags. Later pages of history (no builds) continue from a cursor.
 *
 * Sizes are chosen against GitHub's GraphQL formulas (docs: "Rate limits and node limits for the
 * GraphQL API"): a connection costs one request per parent node that may fill it, and the points are
 * the sum over connections divided by 100. Per component the first page costs
 * 1 + W (pulls) + W·PULLS (closing issues) + W (parents) + W (builds) requests, W = FIRST_PAGE (126 at 100
 * components: 126 points); a later page 1 + 100 + 100 + 100 (3 points a component).
 * `windowNodes` estimates the nodes the same way, so batches stay under the 500,000-node limit.
 */

const lit = (value: string): string => JSON.stringify(value);

/** Commits of the first page: enough for the common release (a few days of merges) in one query. */
export const FIRST_PAGE = 25;
/** Commits of each later page. */
export const LATER_PAGE = 100;
/** Pull requests read per commit of the first page: the merged one that introduced it, and one more (an open PR also holding it). */
export const PULLS_PER_COMMIT = 2;
/**
 * Pull requests read per commit of later pages: on the default branch GitHub lists only the merged PR that
 * introduced a commit, and older commits are rarely in an open PR; one saves a quarter of a page's points.
 */
export const PULLS_PER_LATER_COMMIT = 1;
/** Closing issues read per pull request (issue references in titles and bodies are parsed besides). */
export const CLOSING_PER_PULL = 10;
/** GitHub Actions check suites read per commit (one per workflow run on it). */
export const SUITES_PER_COMMIT = 10;
/** Status contexts (check runs and commit statuses) read per commit. */
export const CONTEXTS_PER_COMMIT = 50;
/** Newest tags read for a tag-versioned component. */
export const TAGS_READ = 100;
/** GitHub Actions' app id on github.com: only its check suites carry workflow runs. */
export const ACTIONS_APP_ID = 15368;

export interface WindowQueryRequest {
  alias: string;
  owner: string;
  name: string;
  /** Undefined: the default branch. */
  branch?: string;
  builds: "workflow" | "checks" | "none";
  tags: boolean;
}

export interface PageQueryRequest {
  alias: string;
  owner: string;
  name: string;
  /** The commit the first page started from (cursors are relative to it). */
  head: string;
  after: string;
  first: number;
}

const commitFields = (builds: WindowQueryRequest["builds"], pulls = PULLS_PER_COMMIT): string => {
  const suites = `checkSuites(first: ${SUITES_PER_COMMIT}, filterBy: { appId: ${ACTIONS_APP_ID} }) {
              nodes { status conclusion updatedAt branch { name repository { nameWithOwner } } workflowRun { databaseId runNumber event url updatedAt file { path } } }
            }`;
  const rollup = `statusCheckRollup {
              contexts(first: ${CONTEXTS_PER_COMMIT}) {
                nodes { __typename ... on CheckRun { name status conclusion } ... on StatusContext { context state } }
              }
            }`;
  return `oid url message committedDate
            author { name user { login } }
            parents(first: 2) { nodes { oid } }
            associatedPullRequests(first: ${pulls}) {
              nodes {
                number title body url merged author { login }
                closingIssuesReferences(first: ${CLOSING_PER_PULL}) { nodes { number repository { nameWithOwner } } }
              }
            }${builds === "workflow" ? `\n            ${suites}` : builds === "checks" ? `\n            ${rollup}` : ""}`;
};

/** The first page of each component's branch (`FIRST_PAGE` newest commits) with builds. */
export function branchWindowsQuery(requests: WindowQueryRequest[]): string {
  const parts = requests.map((r) => {
    const ref = r.branch ? `ref(qualifiedName: ${lit(`refs/heads/${r.branch}`)})` : "defaultBranchRef";
    const tags = r.tags
      ? `\n    tags: refs(refPrefix: "refs/tags/", first: ${TAGS_READ}, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) {
      nodes { name target { __typename oid ... on Tag { target { oid } } } }
    }`
      : "";
    return `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) {
    url
    branch: ${ref} {
      name
      target {
        ... on Commit {
          oid
          history(first: ${FIRST_PAGE}) {
            pageInfo { hasNextPage endCursor }
            nodes {
            ${commitFields(r.builds)}
            }
          }
        }
      }
    }${tags}
  }`;
  });
  return `query BranchWindows {\n${parts.join("\n")}\n}`;
}

/** Later pages of history, from the first page's start commit and cursor, without builds. */
export function historyPagesQuery(requests: PageQueryRequest[]): string {
  const parts = requests.map(
    (r) => `  ${r.alias}: repository(owner: ${lit(r.owner)}, name: ${lit(r.name)}) {
    object(oid: ${lit(r.head)}) {
      ... on Commit {
        history(first: ${r.first}, after: ${lit(r.after)}) {
          pageInfo { hasNextPage endCursor }
          nodes {
            ${commitFields("none", PULLS_PER_LATER_COMMIT)}
          }
        }
      }
    }
  }`,
  );
  return `query HistoryPages {\n${parts.join("\n")}\n}`;
}

/** GitHub's node count of one component's part of a query: history, then each nested connection times its parents. */
export function windowNodes(opts: { first: number; builds: WindowQueryRequest["builds"]; tags: boolean; pullsPerCommit?: number }): number {
  const w = opts.first;
  const pulls = w * (opts.pullsPerCommit ?? PULLS_PER_COMMIT);
  const builds = opts.builds === "workflow" ? w * SUITES_PER_COMMIT : opts.builds === "checks" ? w * CONTEXTS_PER_COMMIT : 0;
  return w + pulls + pulls * CLOSING_PER_PULL + w * 2 + builds + (opts.tags ? TAGS_READ : 0);
}

/** Nodes one query may ask for: GitHub refuses over 500,000; staying at 400,000 leaves room for the formula's rounding. */
export const NODE_BUDGET = 400_000;
/** Repositories per query at most, whatever their node count, so one query's work stays well inside GitHub's 10-second limit. */
export const REPOS_PER_QUERY = 100;

/**
 * Repositories per query of later history pages: 100 commits each with their PRs make a page 4 times the
 * work of a first page's component, so fewer go together (the 200 × 600 release: 4 queries a round, 6 rounds).
 */
export const REPOS_PER_PAGE_QUERY = 50;

/** Groups `items` into batches of at most `perQuery` (REPOS_PER_QUERY) whose summed `nodes` stay within NODE_BUDGET. */
export function packByNodes<T>(items: readonly T[], nodes: (item: T) => number, perQuery = REPOS_PER_QUERY): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let sum = 0;
  for (const item of items) {
    const n = nodes(item);
    if (batch.length > 0 && (batch.length >= perQuery || sum + n > NODE_BUDGET)) {
      out.push(batch);
      batch = [];
      sum = 0;
    }
    batch.push(item);
    sum += n;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}
