/**
 * Validates GraphQL documents against GitHub's schema (`@octokit/graphql-schema`, built with
 * `buildClientSchema` from its introspection JSON; its SDL fails `buildSchema` with duplicate
 * fields), plus GitHub's rule that every connection takes `first` or `last` between 1 and 100.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  buildClientSchema,
  getNamedType,
  getVariableValues,
  GraphQLError,
  GraphQLObjectType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type ValueNode,
} from "graphql";
import type { ContractViolation } from "./violation.js";

const ROUTE = "POST /graphql";
const MAX_PAGE = 100;

let cachedSchema: GraphQLSchema | undefined;

/** GitHub's GraphQL schema, built once per process. */
export function githubGraphQLSchema(): GraphQLSchema {
  cachedSchema ??= buildClientSchema(JSON.parse(readFileSync(schemaJsonPath(), "utf8")) as IntrospectionQuery);
  return cachedSchema;
}

/** The package only exports "." for `import`, so its schema.json is found through Node's lookup paths. */
function schemaJsonPath(): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("@octokit/graphql-schema") ?? []) {
    const candidate = join(dir, "@octokit", "graphql-schema", "schema.json");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("@octokit/graphql-schema/schema.json not found; is the dev dependency installed?");
}

export function validateGraphQLDocument(query: string, variables: Record<string, unknown> = {}): ContractViolation[] {
  const violation = (message: string): ContractViolation => ({ kind: "graphql", method: "POST", route: ROUTE, message });
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return [violation(`syntax error: ${describe(error)}`)];
  }
  const schema = githubGraphQLSchema();
  const errors = validate(schema, document);
  if (errors.length > 0) return errors.slice(0, 10).map((e) => violation(describe(e)));
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return [violation(`send exactly one operation per document, got ${operations.length}`)];
  const coerced = getVariableValues(schema, operations[0].variableDefinitions ?? [], variables, { maxErrors: 10 });
  if (coerced.errors) return coerced.errors.map((e) => violation(`variables: ${describe(e)}`));
  return connectionPagination(schema, document, coerced.coerced).map(violation);
}

/** The operation type and top-level field names (aliases resolved to field names) of the first operation. */
export function operationFieldNames(query: string): { operation: "query" | "mutation"; fields: string[] } {
  const document = parse(query);
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return { operation: "query", fields: [] };
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const fields: string[] = [];
  const collect = (selections: readonly import("graphql").SelectionNode[]): void => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== "__typename" && !fields.includes(s.name.value)) fields.push(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet.selections);
      else {
        const fragment = fragments.get(s.name.value);
        if (fragment) collect(fragment.selectionSet.selections);
      }
    }
  };
  collect(op.selectionSet.selections);
  return { operation: op.operation === "mutation" ? "mutation" : "query", fields };
}

function connectionPagination(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): string[] {
  const messages: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node: FieldNode) {
        const type = getNamedType(typeInfo.getType());
        if (!(type instanceof GraphQLObjectType) || !type.name.endsWith("Connection")) return;
        const parent = typeInfo.getParentType()?.name ?? "?";
        const where = `${parent}.${node.name.value}${node.alias ? ` (alias ${node.alias.value})` : ""}`;
        const given = ["first", "last"].flatMap((name) => {
          const arg = node.arguments?.find((a) => a.name.value === name);
          return arg ? [{ name, value: valueOf(arg.value, variables) }] : [];
        });
        const set = given.filter((g) => g.value !== null && g.value !== undefined);
        if (set.length === 0) {
          messages.push(`${where}: a connection needs \`first\` or \`last\` (1–${MAX_PAGE}); none given`);
          return;
        }
        for (const g of set) {
          if (typeof g.value !== "number" || !Number.isInteger(g.value) || g.value < 1 || g.value > MAX_PAGE) {
            messages.push(`${where}: \`${g.name}\` must be an integer between 1 and ${MAX_PAGE}, got ${JSON.stringify(g.value)}`);
          }
        }
      },
    }),
  );
  return messages;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.NULL:
      return null;
    case Kind.VARIABLE:
      return variables[node.name.value];
    default:
      return "value" in node ? node.value : undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof GraphQLError) {
    const at = error.locations?.[0];
    return at ? `${error.message} (line ${at.line}, column ${at.column})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
