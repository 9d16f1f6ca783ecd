/**
 * An ajv instance holding every `components.schemas` entry of the spec under its own `$id`.
 * Registering is cheap (no compilation); ajv compiles a component the first time an operation's
 * schema reaches it, then reuses it for every later operation.
 */
import { Ajv, type Plugin } from "ajv";
import addFormatsModule from "ajv-formats";
import type { OpenApiDocument, OpenApiSchema } from "./load-github-openapi.js";
import { COMPONENTS_ID, toJsonSchema } from "./openapi-to-json-schema.js";

// ajv-formats is CommonJS with `exports.default`; depending on the loader the default import is
// either the plugin or the module object.
const addFormats = ((addFormatsModule as unknown as { default?: Plugin<unknown> }).default ??
  addFormatsModule) as unknown as Plugin<unknown>;

/** Formats the spec uses that ajv-formats does not define: annotations only, as in GitHub's docs. */
const ANNOTATION_FORMATS = ["int32", "int64", "double", "float", "binary", "byte", "password", "repo.nwo"];

export function createAjv(doc: OpenApiDocument): Ajv {
  const ajv = newAjv();
  const schemas: Record<string, OpenApiSchema> = {};
  for (const [name, schema] of Object.entries(doc.components.schemas)) schemas[name] = toJsonSchema(schema);
  for (const [name, schema] of Object.entries(schemas)) {
    ajv.addSchema({ ...schema, $id: `${COMPONENTS_ID}schemas/${name}` });
  }
  return ajv;
}

/** An empty ajv instance with the options and formats every contract check uses. */
export function newAjv(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true, // errors carry `data` and `parentSchema`, for readable messages
    validateSchema: false,
    unicodeRegExp: false,
    logger: false,
  });
  addFormats(ajv, undefined);
  for (const format of ANNOTATION_FORMATS) ajv.addFormat(format, true);
  return ajv;
}
