/**
 * `npm run demo` as a process: `--help`, and one-line errors (no stack trace) for an unknown option and for a scenario
 * file that is missing, unreadable or invalid. No sandbox or bot is started in any of these.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "demo-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function demo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn("npx", ["tsx", "src/cli/demo.ts", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** stderr is exactly one line, with no trace of a stack. */
function expectOneLine(stderr: string, line: string | RegExp): void {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(typeof line === "string" ? new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : line);
  expect(stderr).not.toMatch(/\n\s+at |Error:/);
}

describe("npm run demo as a process", { timeout: 30_000 }, () => {
  it.each(["--help", "-h"])("%s prints the usage with every option and exits 0", async (flag) => {
    const { code, stdout, stderr } = await demo(flag);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Usage: npm run demo -- \[--scenario FILE\] \[--json\] \[--all-pulls\] \[--in-process\]\n/);
    for (const option of ["--scenario FILE", "--json", "--all-pulls", "--in-process", "-h, --help"]) expect(stdout).toContain(`  ${option} `);
    expect(stdout).toContain("default scenarios/default.yml");
  });

  it("a missing scenario file: one line naming it, exit 1", async () => {
    const missing = join(dir, "missing.yml");
    const { code, stdout, stderr } = await demo("--scenario", missing);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expectOneLine(stderr, `demo: ${missing}: cannot read it: no such file`);
  });

  it("a directory given as the scenario: one line, exit 1", async () => {
    mkdirSync(join(dir, "a-dir"), { recursive: true });
    const { code, stderr } = await demo("--scenario", join(dir, "a-dir"));
    expect(code).toBe(1);
    expectOneLine(stderr, `demo: ${join(dir, "a-dir")}: cannot read it: is a directory`);
  });

  it("bad YAML: one line naming the file, the syntax error and where, exit 1", async () => {
    const file = scenarioFile("bad-yaml.yml", "name: broken\nrepos: {a: [\n");
    const { code, stdout, stderr } = await demo("--scenario", file);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expectOneLine(stderr, new RegExp(`^demo: ${file.replace(/[.\\/]/g, "\\$&")}: YAML syntax error: .+ at line 3, column 1$`));
  });

  it("a schema error: one line naming the file, the key and the problem, exit 1", async () => {
    const file = scenarioFile("schema.yml", "name: x\nstart: yesterday\nrepos: {}\n");
    const { code, stderr } = await demo("--scenario", file);
    expect(code).toBe(1);
    expectOneLine(stderr, `demo: ${file}: start: not a date-time: "yesterday" (use ISO 8601, e.g. 2026-11-23T09:00:00+01:00)`);
  });

  it("a step naming an unknown commit (found when the world is seeded): one line, exit 1", async () => {
    const file = scenarioFile(
      "unknown-commit.yml",
      'name: x\nstart: "2026-11-23T09:00:00+01:00"\nrepos:\n  acme/billing:\n    workflowRuns: [{ workflow: ci.yml, commit: nope, runNumber: 1, conclusion: success }]\n',
    );
    const { code, stderr } = await demo("--scenario", file);
    expect(code).toBe(1);
    expectOneLine(stderr, new RegExp(`^demo: ${file.replace(/[.\\/]/g, "\\$&")}: .*unknown commit "nope" in acme/billing`));
  });

  it.each([
    ["an unknown option", ["--bogus"], "demo: Unknown option '--bogus'. Run npm run demo -- --help for the options."],
    ["an argument without an option", ["scenarios/default.yml"], /^demo: Unexpected argument 'scenarios\/default\.yml'\. .*Run npm run demo -- --help for the options\.$/],
  ])("%s: one line pointing to --help, exit 2", async (_name, args, line) => {
    const { code, stdout, stderr } = await demo(...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expectOneLine(stderr, line);
  });
});
