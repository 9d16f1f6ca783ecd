/**
 * The `payload` of a GitHub Deployment the bot creates: what is deployed, from which PR, and which issues to tell.
 * It marks the deployment as ours (`releaseBot: 1`); `deployment_status` events for other deployments are ignored.
 * Kept small (GitHub limits payloads): issues as { repo, number }, at most MAX_PAYLOAD_ISSUES of them
 * (beyond that, `issuesOmitted` says how many more the feedback reads again from git).
 */
import { z } from "zod";
import { fitList } from "./fit-text.js";
import { titleText } from "./neutralize-text.js";
import { short } from "./render-release-body.js";
import type { IssueRef, Pin } from "./types.js";

export const MAX_PAYLOAD_ISSUES = 1000;
/** GitHub's limit on a deployment (status) description. */
export const DESCRIPTION_LIMIT = 140;

export interface DeploymentPayload {
  releaseBot: 1;
  environment: string;
  pull: number;
  kind: "release" | "rollback" | "label";
  components: Record<string, { repo?: string; from?: Pin; to: Pin }>;
  issues: IssueRef[];
  /** Issues left out of `issues` (beyond MAX_PAYLOAD_ISSUES): the feedback then reads them again from git. */
  issuesOmitted?: number;
  mergedBy?: string;
}

const pinSchema = z.object({ version: z.string(), commit: z.string().min(1).optional() });

const payloadSchema = z.object({
  releaseBot: z.literal(1),
  environment: z.string().min(1),
  pull: z.number().int().positive(),
  kind: z.enum(["release", "rollback", "label"]),
  components: z.record(z.string().min(1), z.object({ repo: z.string().min(1).optional(), from: pinSchema.optional(), to: pinSchema })),
  issues: z.array(z.object({ repo: z.string().min(1), number: z.number().int().positive() })),
  issuesOmitted: z.number().int().positive().optional(),
  mergedBy: z.string().min(1).optional(),
});

/** The payload to send: issues capped at MAX_PAYLOAD_ISSUES, only known keys. Throws on invalid input (a caller bug). */
export function createDeploymentPayload(opts: Omit<DeploymentPayload, "releaseBot">): DeploymentPayload {
  const omitted = Math.max(0, opts.issues.length - MAX_PAYLOAD_ISSUES);
  return payloadSchema.parse({ ...opts, releaseBot: 1, issues: opts.issues.slice(0, MAX_PAYLOAD_ISSUES), ...(omitted > 0 ? { issuesOmitted: omitted } : {}) }) as DeploymentPayload;
}

/** GitHub gives the payload as an object or a JSON string. null when it is not ours (no `releaseBot: 1`) or malformed. */
export function parseDeploymentPayload(raw: unknown): DeploymentPayload | null {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const parsed = payloadSchema.safeParse(value);
  return parsed.success ? (parsed.data as DeploymentPayload) : null;
}

/**
 * "Deploy billing 1433, search 9f16f65 to staging (#2)": at most 140 characters, "and N more" when long. Names and
 * versions come from files: each goes through `titleText` (plain text: no mentions, references, HTML or links).
 */
export function deploymentDescription(opts: { environment: string; components: DeploymentPayload["components"]; pull: number }): string {
  const piece = (text: string) => titleText(text, 40);
  const items = Object.entries(opts.components).map(([name, c]) => `${piece(name)} ${piece(short(c.to.version))}`);
  return fitList({ prefix: "Deploy ", items, suffix: ` to ${piece(opts.environment)} (#${opts.pull})`, max: DESCRIPTION_LIMIT });
}
