/**
 * `POST /api/graphql`: the document is checked against GitHub's schema (contract), then GitHub's
 * limits apply as GitHub applies them: before anything runs, the 500,000-node limit
 * (`MAX_NODE_LIMIT_EXCEEDED`, nothing executed) and the installation's points
 * (`query-cost.ts`; `RATE_LIMITED` when they do not fit); while it runs, `first`/`last` on every
 * connection (`pagination-bounds.ts`). The document is then EXECUTED with graphql-js against
 * that same schema and the sandbox's world objects; `rateLimit` answers the real cost and budget.
 * A field the sandbox does not model produces an error naming it, never a silent null.
 */
import { execute, getVariableValues, GraphQLError, Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type GraphQLFieldResolver, type GraphQLTypeResolver, type OperationDefinitionNode } from "graphql";
import { githubGraphQLSchema, operationFieldNames, validateGraphQLDocument } from "../contract/graphql-contract.js";
import type { PrimaryRateLimit, RateWindow } from "../http/primary-rate-limit.js";
import { isoSeconds } from "../world/clock.js";
import { checkPaginationBounds } from "./pagination-bounds.js";
import { GRAPHQL_NODE_LIMIT, nodeLimitMessage, queryCost, type QueryCost } from "./query-cost.js";
import type { ContractViolation } from "../contract/violation.js";
import type { World } from "../world/world.js";
import type { InstallationToken } from "../world/records.js";
import type { GraphQLContext } from "./graphql-context.js";
import { gqlRepository, requireVisibleRepo } from "./git-objects-graphql.js";
import { mutationRoot } from "./mutations-graphql.js";

export interface GraphQLOutcome {
  status: number;
  body: unknown;
  /** Top-level mutation field names (for the write log). */
  mutations: string[];
  violations: ContractViolation[];
  /** Points charged to the installation (0 when the document did not run). */
  points: number;
  /** The operation's name ("(anonymous)" without one), for points by operation. */
  operationName: string;
  /** The installation's GraphQL budget after this document (for the `x-ratelimit-*` headers). */
  window: RateWindow;
}

const fieldResolver: GraphQLFieldResolver<unknown, GraphQLContext> = (source, args, ctx, info) => {
  checkPaginationBounds(info, args);
  if (source && typeof source === "object" && info.fieldName in source) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? value.call(source, args, ctx, info) : value;
  }
  throw new GraphQLError(`The GitHub sandbox does not implement ${info.parentType.name}.${info.fieldName}`, { extensions: { type: "SANDBOX_NOT_IMPLEMENTED" } });
};

const typeResolver: GraphQLTypeResolver<unknown, GraphQLContext> = (value) => {
  const name = (value as { __typename?: string } | null)?.__typename;
  if (!name) throw new GraphQLError("The GitHub sandbox produced an object without __typename");
  return name;
};

function queryRoot(ctx: GraphQLContext, cost: QueryCost, window: RateWindow): Record<string, unknown> {
  return {
    __typename: "Query",
    repository: ({ owner, name }: { owner: string; name: string }) => gqlRepository(ctx, requireVisibleRepo(ctx, owner, name)),
    rateLimit: ({ dryRun }: { dryRun?: boolean }) => {
      if (dryRun) throw new GraphQLError("The GitHub sandbox does not implement rateLimit(dryRun: true)", { extensions: { type: "SANDBOX_NOT_IMPLEMENTED" } });
      return {
        __typename: "RateLimit",
        limit: window.limit,
        cost: cost.points,
        remaining: window.remaining,
        used: window.used,
        nodeCount: cost.nodeCount,
        resetAt: isoSeconds(new Date(window.reset * 1000)),
      };
    },
  };
}

export async function executeGraphQL(opts: {
  world: World;
  token: InstallationToken;
  htmlUrl: string;
  body: { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
  rateLimit: PrimaryRateLimit;
}): Promise<GraphQLOutcome> {
  const query = typeof opts.body?.query === "string" ? opts.body.query : "";
  const variables = (opts.body?.variables && typeof opts.body.variables === "object" ? opts.body.variables : {}) as Record<string, unknown>;
  const requestedName = typeof opts.body?.operationName === "string" ? opts.body.operationName : undefined;
  const installationId = opts.token.installationId;
  const answer = (status: number, body: unknown, violations: ContractViolation[], extra: Partial<GraphQLOutcome> = {}): GraphQLOutcome => ({
    status,
    body,
    mutations: [],
    violations,
    points: 0,
    operationName: requestedName ?? "(anonymous)",
    window: opts.rateLimit.window(installationId, "graphql"),
    ...extra,
  });
  if (!query) {
    return answer(400, { message: "A query attribute must be specified and must be a string.", documentation_url: "https://docs.github.com/graphql" }, [
      { kind: "graphql", method: "POST", route: "POST /graphql", message: "request has no query string" },
    ]);
  }
  const violations = validateGraphQLDocument(query, variables);
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return answer(200, { errors: [formatError(error as GraphQLError)] }, violations);
  }
  const schema = githubGraphQLSchema();
  const invalid = validate(schema, document);
  if (invalid.length) return answer(200, { errors: invalid.map(formatError) }, violations);

  const op = chosenOperation(document, requestedName);
  const operationName = requestedName ?? op?.name?.value ?? "(anonymous)";
  const coerced = op ? getVariableValues(schema, op.variableDefinitions ?? [], variables) : undefined;
  let cost: QueryCost = { nodeCount: 0, requestCount: 0, points: 1 };
  if (op && coerced?.coerced) {
    const fragments = new Map(document.definitions.flatMap((d): [string, FragmentDefinitionNode][] => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
    cost = queryCost({ schema, operation: op, fragments, variables: coerced.coerced });
    if (cost.nodeCount > GRAPHQL_NODE_LIMIT) {
      const error: Record<string, unknown> = { type: "MAX_NODE_LIMIT_EXCEEDED", message: nodeLimitMessage(cost) };
      if (cost.overLimit?.location) error.locations = [cost.overLimit.location];
      return answer(200, { errors: [error] }, violations, { operationName });
    }
    if (!opts.rateLimit.charge(installationId, "graphql", cost.points)) {
      return answer(200, { errors: [{ type: "RATE_LIMITED", message: `API rate limit already exceeded for installation ID ${installationId}.` }] }, violations, { operationName });
    }
  }
  const points = op && coerced?.coerced ? cost.points : 0;
  const window = opts.rateLimit.window(installationId, "graphql");
  const { operation, fields } = operationFieldNames(query);
  const ctx: GraphQLContext = { world: opts.world, token: opts.token, htmlUrl: opts.htmlUrl, commitPullIndex: new Map() };
  const result = await execute({
    schema,
    document,
    rootValue: operation === "mutation" ? mutationRoot(ctx) : queryRoot(ctx, cost, window),
    contextValue: ctx,
    variableValues: variables,
    operationName: requestedName,
    fieldResolver,
    typeResolver,
  });
  const body: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) body.errors = result.errors.map(formatError);
  const failedMutations = new Set((result.errors ?? []).map((e) => String(e.path?.[0] ?? "")));
  const mutations = operation === "mutation" ? fields.filter((f) => !failedMutations.has(f)) : [];
  return { status: 200, body, mutations, violations, points, operationName, window };
}

/** The operation graphql-js will run: the named one, or the only one. */
function chosenOperation(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === name);
}

/** GitHub's error shape: `type` at the top level next to message, path and locations. */
function formatError(error: GraphQLError): Record<string, unknown> {
  const out: Record<string, unknown> = { message: error.message };
  const type = (error.extensions?.type as string | undefined) ?? (error.path ? undefined : "INVALID");
  if (type) out.type = type;
  if (error.path) out.path = error.path;
  if (error.locations) out.locations = error.locations;
  return out;
}
