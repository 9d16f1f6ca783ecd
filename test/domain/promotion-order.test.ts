import { describe, expect, it } from "vitest";
import { promotionOrder } from "../../src/domain/promotion-order.js";

const envs = (spec: Record<string, string>) => ({ environments: Object.fromEntries(Object.entries(spec).map(([name, from]) => [name, { from }])) }) as any;

describe("promotionOrder", () => {
  it.each([
    ["a chain declared backwards", { production: "demo", demo: "staging", staging: "builds" }, ["staging", "demo", "production"]],
    ["client chains after their source", { "acme-production": "acme-staging", "acme-staging": "production", production: "staging", staging: "builds" }, ["staging", "production", "acme-staging", "acme-production"]],
    ["two builds-fed roots, by name", { qa: "builds", staging: "builds", demo: "staging" }, ["qa", "staging", "demo"]],
    ["a source missing from the config does not hide the environment", { demo: "stagign" }, ["demo"]],
  ])("%s", (_name, spec, expected) => {
    expect(promotionOrder(envs(spec))).toEqual(expected);
  });
});
