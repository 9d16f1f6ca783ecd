/** `npm run schema`: writes release-bot.schema.json from the zod config schema. A test fails when it is stale. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema } from "../domain/config-json-schema.js";

const target = fileURLToPath(new URL(`../../${CONFIG_JSON_SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, configJsonSchema());
console.log(`wrote ${target}`);
