/**
 * Reads a scenario: YAML → validated Scenario, with `{ fromFile }` contents read relative to
 * `baseDir` (default: the working directory). Every error names where it is
 * ("scenario: steps[3] (comment).issue: …").
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { scenarioSchema, stepSchemas, STEP_KINDS, type FileContent, type Scenario, type ScenarioStep, type StepKind } from "./scenario-schema.js";

export class ScenarioError extends Error {
  constructor(message: string) {
    super(`scenario: ${message}`);
    this.name = "ScenarioError";
  }
}

export function loadScenario(yamlText: string, opts: { baseDir?: string } = {}): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText, { prettyErrors: true });
  } catch (error) {
    throw new ScenarioError(`YAML syntax error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseScenario(raw, opts);
}

/** Validates an already-parsed scenario object (tests build them inline). */
export function parseScenario(raw: unknown, opts: { baseDir?: string } = {}): Scenario {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(describeIssues(parsed.error.issues, ""));
  const baseDir = opts.baseDir ?? process.cwd();
  const scenario = parsed.data;
  for (const [name, repo] of Object.entries(scenario.repos)) {
    repo.files = readFiles(repo.files, baseDir, `repos.${name}.files`);
    repo.commits.forEach((c, i) => {
      if (c.files) c.files = readFiles(c.files, baseDir, `repos.${name}.commits[${i}].files`);
    });
  }
  const steps = scenario.steps.map((step, index) => parseStep(step, index, baseDir));
  return { ...scenario, steps };
}

export function parseStep(step: unknown, index: number, baseDir = process.cwd()): ScenarioStep {
  const where = `steps[${index}]`;
  if (typeof step === "string" && (STEP_KINDS as string[]).includes(step)) {
    throw new ScenarioError(`${where}: "${step}" needs a value (e.g. "${step}: …")`);
  }
  if (!step || typeof step !== "object" || Array.isArray(step)) {
    throw new ScenarioError(`${where}: a step is an object with one key (one of ${STEP_KINDS.join(", ")}), got ${JSON.stringify(step)}`);
  }
  const keys = Object.keys(step);
  if (keys.length !== 1 || !(STEP_KINDS as string[]).includes(keys[0])) {
    const unknown = keys.filter((k) => !(STEP_KINDS as string[]).includes(k));
    const hint = unknown.length ? `unknown step "${unknown[0]}"` : `${keys.length} keys (${keys.join(", ")})`;
    throw new ScenarioError(`${where}: ${hint}; a step has exactly one of ${STEP_KINDS.join(", ")}`);
  }
  const kind = keys[0] as StepKind;
  const schema = stepSchemas[kind] as z.ZodType;
  const parsed = schema.safeParse((step as Record<string, unknown>)[kind]);
  if (!parsed.success) throw new ScenarioError(describeIssues(parsed.error.issues, `${where} (${kind})`));
  const value = parsed.data as Record<string, unknown>;
  if (kind === "push") {
    (value.commits as { files?: Record<string, FileContent> }[]).forEach((c, i) => {
      if (c.files) c.files = readFiles(c.files, baseDir, `${where} (push).commits[${i}].files`);
    });
  }
  if (kind === "concurrently") {
    const steps = (value as unknown as unknown[]).map((sub, i) => {
      let inner: ScenarioStep;
      try {
        inner = parseStep(sub, i, baseDir);
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        throw new ScenarioError(error.message.replace(/^scenario: steps\[\d+\]/, `${where} (concurrently)[${i}]`));
      }
      const innerKind = Object.keys(inner)[0];
      if (innerKind === "concurrently" || innerKind === "restart") {
        throw new ScenarioError(`${where} (concurrently)[${i}]: a \`${innerKind}\` step cannot run inside \`concurrently\``);
      }
      return inner;
    });
    return { concurrently: steps };
  }
  if (kind === "openPull" && value.files) value.files = readFiles(value.files as Record<string, FileContent>, baseDir, `${where} (openPull).files`);
  return { [kind]: value } as ScenarioStep;
}

function readFiles(files: Record<string, FileContent>, baseDir: string, where: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [path, content] of Object.entries(files)) {
    if (content === null || typeof content === "string") {
      out[path] = content;
      continue;
    }
    const file = resolve(baseDir, content.fromFile);
    try {
      out[path] = readFileSync(file, "utf8");
    } catch (error) {
      throw new ScenarioError(`${where}.${path}.fromFile: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return out;
}

function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: string): string {
  const lines = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    const where = `${prefix}${path}`.replace(/^\./, "") || "(top level)";
    return `${where}: ${issue.message}`;
  });
  if (issues.length > 5) lines.push(`…and ${issues.length - 5} more`);
  return lines.join("; ");
}
