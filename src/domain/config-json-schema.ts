/** The JSON Schema of `.github/release-bot.yml`, generated from the zod schema, for editors (yaml-language-server). */
import { z } from "zod";
import { configSchema } from "./config-schema.js";

export const CONFIG_JSON_SCHEMA_FILE = "release-bot.schema.json";

/** The schema as the text written to release-bot.schema.json (input shape: defaults make keys optional). */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "release-bot configuration" }, null, 2)}\n`;
}
