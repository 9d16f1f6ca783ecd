import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema } from "../../src/domain/config-json-schema.js";

describe("release-bot.schema.json", () => {
  it("is up to date with the zod schema (run `npm run schema`)", () => {
    const committed = readFileSync(new URL(`../../${CONFIG_JSON_SCHEMA_FILE}`, import.meta.url), "utf8");
    expect(committed).toBe(configJsonSchema());
  });

  it("documents every field and keeps defaults out of `required`", () => {
    const schema = JSON.parse(configJsonSchema());
    expect(schema.required ?? []).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    const env = schema.properties.environments.additionalProperties;
    expect(env.required ?? []).toEqual([]);
    for (const [key, field] of Object.entries<{ description?: string }>(env.properties)) expect(field.description, key).toBeTruthy();
    for (const [key, field] of Object.entries<{ description?: string }>(schema.properties)) expect(field.description, key).toBeTruthy();
  });

  it("environment names are checked by the editor too", () => {
    const pattern = new RegExp(JSON.parse(configJsonSchema()).properties.environments.propertyNames.pattern);
    expect(["staging", "Acme-Prod", "eu.west_1"].map((n) => pattern.test(n))).toEqual([true, true, true]);
    expect(["-x", "a..b", "x.", "x.lock", "a b", ""].map((n) => pattern.test(n))).toEqual([false, false, false, false, false, false]);
  });
});
