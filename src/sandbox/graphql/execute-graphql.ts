/**
 * `POST /api/graphql`: the document is checked against GitHub's schema (contract), then
 * EXECUTED with graphql-js against that same schema and the sandbox's world objects. A field the
 * sandbox does not model produces an error naming it, never a silent null.
 */
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLFieldResolver, type GraphQLTypeResolver } from "graphql";
import { githubGraphQLSchema, operationFieldNames, validateGraphQLDocument } from "../contract/graphql-contract.js";
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
}

const fieldResolver: GraphQLFieldResolver<unknown, GraphQLContext> = (source, args, ctx, info) => {
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

function queryRoot(ctx: GraphQLContext): Record<string, unknown> {
  return {
    __typename: "Query",
    repository: ({ owner, name }: { owner: string; name: string }) => gqlRepository(ctx, requireVisibleRepo(ctx, owner, name)),
    rateLimit: () => ({
      __typename: "RateLimit",
      limit: 5000,
      cost: 1,
      remaining: 4999,
      used: 1,
      nodeCount: 1,
      resetAt: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    }),
  };
}

export async function executeGraphQL(opts: {
  world: World;
  token: InstallationToken;
  htmlUrl: string;
  body: { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
}): Promise<GraphQLOutcome> {
  const query = typeof opts.body?.query === "string" ? opts.body.query : "";
  const variables = (opts.body?.variables && typeof opts.body.variables === "object" ? opts.body.variables : {}) as Record<string, unknown>;
  if (!query) {
    return {
      status: 400,
      body: { message: "A query attribute must be specified and must be a string.", documentation_url: "https://docs.github.com/graphql" },
      mutations: [],
      violations: [{ kind: "graphql", method: "POST", route: "POST /graphql", message: "request has no query string" }],
    };
  }
  const violations = validateGraphQLDocument(query, variables);
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { status: 200, body: { errors: [formatError(error as GraphQLError)] }, mutations: [], violations };
  }
  const schema = githubGraphQLSchema();
  const invalid = validate(schema, document);
  if (invalid.length) return { status: 200, body: { errors: invalid.map(formatError) }, mutations: [], violations };
  const { operation, fields } = operationFieldNames(query);
  const ctx: GraphQLContext = { world: opts.world, token: opts.token, htmlUrl: opts.htmlUrl, commitPullIndex: new Map() };
  const result = await execute({
    schema,
    document,
    rootValue: operation === "mutation" ? mutationRoot(ctx) : queryRoot(ctx),
    contextValue: ctx,
    variableValues: variables,
    operationName: typeof opts.body?.operationName === "string" ? opts.body.operationName : undefined,
    fieldResolver,
    typeResolver,
  });
  const body: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) body.errors = result.errors.map(formatError);
  const failedMutations = new Set((result.errors ?? []).map((e) => String(e.path?.[0] ?? "")));
  const mutations = operation === "mutation" ? fields.filter((f) => !failedMutations.has(f)) : [];
  return { status: 200, body, mutations, violations };
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
