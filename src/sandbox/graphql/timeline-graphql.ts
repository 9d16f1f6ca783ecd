/**
 * What issues and pull requests share in GraphQL: `viewerDidAuthor` (the viewer is the
 * installation token's bot, the world's app), `comments`, and `timelineItems` for the label
 * events the world records (LABELED_EVENT, UNLABELED_EVENT). Other timeline item types are not
 * modelled: asking for them is an error naming them, never a silently short list.
 */
import { GraphQLError } from "graphql";
import type { Repository } from "../world/repository.js";
import type { Issue } from "../world/records.js";
import { connection, type ConnectionArgs } from "./connection.js";
import type { GraphQLContext } from "./graphql-context.js";
import { actor } from "./git-objects-graphql.js";

type Obj = Record<string, unknown>;

const MODELLED_ITEM_TYPES: Record<string, "labeled" | "unlabeled"> = { LABELED_EVENT: "labeled", UNLABELED_EVENT: "unlabeled" };

/** Whether the viewer (the app's bot account, whose installation token asks) wrote it. */
export function viewerDidAuthor(ctx: GraphQLContext, login: string): boolean {
  return login.toLowerCase() === ctx.world.app.botLogin.toLowerCase();
}

export function gqlLabel(repo: Repository, name: string): Obj {
  const label = repo.labels.get(name.toLowerCase());
  return { __typename: "Label", id: `LA_${label?.id ?? name}`, name, color: label?.color ?? "ededed", description: label?.description ?? null };
}

/** `comments` of an issue or PR: an IssueCommentConnection. */
export function gqlComments(ctx: GraphQLContext, repo: Repository, issue: Issue, args: ConnectionArgs): Obj {
  const kind = issue.pull ? "pull" : "issues";
  return connection(
    repo.commentsOn(issue.number).map((c) => ({
      __typename: "IssueComment",
      id: `IC_${c.id}`,
      databaseId: c.id,
      body: c.body,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      url: `${ctx.htmlUrl}/${repo.fullName}/${kind}/${issue.number}#issuecomment-${c.id}`,
      author: actor(ctx, c.user),
      viewerDidAuthor: viewerDidAuthor(ctx, c.user),
    })),
    args,
    "IssueCommentConnection",
  );
}

interface TimelineArgs extends ConnectionArgs {
  itemTypes?: string[] | null;
  since?: string | null;
  skip?: number | null;
}

/** `timelineItems` of an issue or PR, from the label events the world recorded (oldest first). */
export function gqlTimelineItems(ctx: GraphQLContext, repo: Repository, issue: Issue, args: TimelineArgs, labelable: () => Obj): Obj {
  const wanted = args.itemTypes?.length ? args.itemTypes : undefined;
  const unmodelled = (wanted ?? ["(all item types)"]).filter((t) => !(t in MODELLED_ITEM_TYPES));
  if (unmodelled.length) {
    const owner = issue.pull ? "PullRequest" : "Issue";
    throw new GraphQLError(`The GitHub sandbox does not implement ${owner}.timelineItems for ${unmodelled.join(", ")} (only itemTypes: [${Object.keys(MODELLED_ITEM_TYPES).join(", ")}])`, {
      extensions: { type: "SANDBOX_NOT_IMPLEMENTED" },
    });
  }
  const events = new Set(wanted!.map((t) => MODELLED_ITEM_TYPES[t]));
  const all = repo.eventsOf(issue.number);
  let items = all.filter((e) => events.has(e.event));
  if (args.since) items = items.filter((e) => Date.parse(e.createdAt) >= Date.parse(args.since!));
  if (args.skip) items = items.slice(args.skip);
  const nodes = items.map((e) => ({
    __typename: e.event === "labeled" ? "LabeledEvent" : "UnlabeledEvent",
    id: `${e.event === "labeled" ? "LE" : "UNLE"}_${e.id}`,
    actor: actor(ctx, e.actor),
    createdAt: e.createdAt,
    label: { ...gqlLabel(repo, e.label.name), color: e.label.color },
    labelable,
  }));
  const typename = issue.pull ? "PullRequestTimelineItemsConnection" : "IssueTimelineItemsConnection";
  const perPage = args.first ?? args.last ?? 100;
  return connection(nodes, args, typename, {
    filteredCount: items.length,
    pageCount: Math.ceil(items.length / Math.max(1, perPage)),
    updatedAt: all[all.length - 1]?.createdAt ?? issue.updatedAt,
  });
}
