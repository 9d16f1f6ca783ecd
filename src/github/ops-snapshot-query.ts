/**
 * One GraphQL query for what every use case reads of an ops repository first: the repository, its
 * default head (and tree), the config file and the files of one directory at that head, and the bot's
 * branches (`release-…`) with their head commit, parents, the same directory's files there and the open
 * PRs from each. Paths and the prefix are variables, never part of the document. Cost: about 3 points.
 */

/** Release branches read at most; an ops repo has one per environment. */
export const SNAPSHOT_BRANCHES = 50;
/** Open PRs read per branch: GitHub allows one open PR per head and base. */
export const SNAPSHOT_PULLS_PER_BRANCH = 5;

export const OPS_SNAPSHOT_QUERY = `query OpsSnapshot($owner: String!, $name: String!, $config: String!, $dir: String!, $prefix: String!) {
  repository(owner: $owner, name: $name) {
    id
    nameWithOwner
    url
    defaultBranchRef {
      name
      target {
        ... on Commit {
          oid
          tree { oid }
          config: file(path: $config) { ...SnapshotEntry }
          dir: file(path: $dir) { ...SnapshotDir }
        }
      }
    }
    branches: refs(refPrefix: "refs/heads/", query: $prefix, first: ${SNAPSHOT_BRANCHES}) {
      nodes {
        name
        target {
          ... on Commit {
            oid
            parents(first: 2) { nodes { oid } }
            dir: file(path: $dir) { ...SnapshotDir }
          }
        }
        associatedPullRequests(states: [OPEN], first: ${SNAPSHOT_PULLS_PER_BRANCH}) {
          nodes {
            number title body state merged headRefName headRefOid baseRefName url viewerDidAuthor
            author { login }
            headRepository { nameWithOwner }
            labels(first: 20) { nodes { name } }
          }
        }
      }
    }
  }
}

fragment SnapshotBlob on Blob { oid text byteSize isBinary isTruncated }

fragment SnapshotEntry on TreeEntry { object { __typename ...SnapshotBlob } }

fragment SnapshotDir on TreeEntry {
  object {
    __typename
    ... on Tree { entries { name path type object { __typename ...SnapshotBlob } } }
  }
}`;

export type SnapshotBlobNode = { __typename: string; oid?: string; text?: string | null; byteSize?: number; isBinary?: boolean; isTruncated?: boolean } | null;
export type SnapshotDirNode = { object: { __typename: string; entries?: { name: string; path: string | null; type: string; object: SnapshotBlobNode }[] } | null } | null;
export type SnapshotPullNode = {
  number: number; title: string; body: string; state: string; merged: boolean; headRefName: string; headRefOid: string; baseRefName: string; url: string;
  viewerDidAuthor: boolean; author: { login: string } | null; headRepository: { nameWithOwner: string } | null; labels: { nodes: ({ name: string } | null)[] } | null;
} | null;
export type OpsSnapshotData = {
  repository: {
    id: string;
    nameWithOwner: string;
    url: string;
    defaultBranchRef: { name: string; target: { oid?: string; tree?: { oid: string }; config?: { object: SnapshotBlobNode } | null; dir?: SnapshotDirNode } | null } | null;
    branches: {
      nodes: ({
        name: string;
        target: { oid?: string; parents?: { nodes: ({ oid: string } | null)[] }; dir?: SnapshotDirNode } | null;
        associatedPullRequests: { nodes: SnapshotPullNode[] } | null;
      } | null)[];
    } | null;
  } | null;
};
