import { describe, expect, it } from "vitest";
import { environmentStanding } from "../../src/domain/environment-standing.js";
import { parseConfig } from "../../src/domain/parse-config.js";

const parsed = parseConfig({
  file: ".github/release-bot.yml",
  text: `components:\n  billing: { repo: acme/billing, build: { workflow: ci.yml } }\nenvironments:\n  staging: {}\n  demo: { from: staging, schedule: "0 9 * * Mon-Fri-Sun" }\n  production: { from: stagign }\n`,
});

describe("environmentStanding", () => {
  it.each([
    ["staging", { kind: "usable" }],
    ["demo", { kind: "blocked", problems: [expect.objectContaining({ key: "environments.demo.schedule" })] }],
    ["production", { kind: "blocked", problems: [expect.objectContaining({ key: "environments.production.from" })] }],
    ["qa", { kind: "unknown", declared: ["staging", "demo", "production"] }],
  ])("%s → %j", (environment, expected) => {
    expect(environmentStanding(parsed, environment)).toEqual(expected);
  });

  it("a file too broken to declare anything blocks every name asked for, rather than calling it unknown", () => {
    const broken = parseConfig({ file: ".github/release-bot.yml", text: "environments: [\n" });
    expect(environmentStanding(broken, "staging")).toMatchObject({ kind: "blocked" });
  });
});
