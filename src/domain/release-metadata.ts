/**
 * The hidden, machine-readable part of a release PR body: one HTML comment holding JSON.
 *
 * Wire format (compact, so 300 components still fit in a PR body):
 *   {"version":1,"environment":"staging",
 *    "components":{"billing":["acme/billing","<from version>","<from commit|''>","<to version>","<to commit|''>"]},
 *    "issues":{"acme/billing":[3,5]},"issuesOmitted":2,"componentsOmitted":0}
 *
 * Anyone who can edit the PR can edit it, so the bot trusts it only with a valid `seal` (see
 * metadata-seal.ts) over the pins git shows at merge; otherwise it reads the issues from git.
 * Every "<", ">", "&" and any "-" followed by "-" is written as a \u escape, so no data can close the
 * comment early (`-->`, `--!>`) or open another one.
 */
import { z } from "zod";
import type { IssueRef, Pin, ReleaseMetadata } from "./types.js";

export const METADATA_PREFIX = "<!-- release-bot:metadata ";
export const METADATA_SUFFIX = " -->";

const wireSchema = z.object({
  version: z.literal(1),
  environment: z.string().min(1),
  components: z.record(z.string(), z.tuple([z.string().min(1), z.string(), z.string(), z.string(), z.string()])),
  issues: z.record(z.string().min(1), z.array(z.number().int().positive())),
  issuesOmitted: z.number().int().nonnegative().optional(),
  componentsOmitted: z.number().int().nonnegative().optional(),
  seal: z.string().regex(/^[0-9a-f]{40}$/).optional(),
});
type Wire = z.infer<typeof wireSchema>;

function toWire(meta: ReleaseMetadata): Wire {
  const issues: Record<string, number[]> = {};
  for (const issue of meta.issues) (issues[issue.repo] ??= []).push(issue.number);
  return {
    version: 1,
    environment: meta.environment,
    components: Object.fromEntries(
      Object.entries(meta.components).map(([name, c]) => [name, [c.repo, c.from.version, c.from.commit ?? "", c.to.version, c.to.commit ?? ""]]),
    ),
    issues,
    ...(meta.issuesOmitted ? { issuesOmitted: meta.issuesOmitted } : {}),
    ...(meta.componentsOmitted ? { componentsOmitted: meta.componentsOmitted } : {}),
    ...(meta.seal ? { seal: meta.seal } : {}),
  };
}

function fromWire(wire: Wire): ReleaseMetadata {
  const pin = (version: string, commit: string): Pin => (commit ? { version, commit } : { version });
  const issues: IssueRef[] = Object.entries(wire.issues).flatMap(([repo, numbers]) => numbers.map((number) => ({ repo, number })));
  return {
    version: 1,
    environment: wire.environment,
    components: Object.fromEntries(Object.entries(wire.components).map(([name, [repo, fv, fc, tv, tc]]) => [name, { repo, from: pin(fv, fc), to: pin(tv, tc) }])),
    issues,
    ...(wire.issuesOmitted ? { issuesOmitted: wire.issuesOmitted } : {}),
    ...(wire.componentsOmitted ? { componentsOmitted: wire.componentsOmitted } : {}),
    ...(wire.seal ? { seal: wire.seal } : {}),
  };
}

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * One HTML comment. Issues are grouped by repository: parse returns them grouped in first-seen repo order.
 * Throws on invalid metadata (e.g. issue number 0), which is a bug in the caller.
 */
export function renderMetadata(meta: ReleaseMetadata): string {
  const json = JSON.stringify(wireSchema.parse(toWire(meta))).replace(/[<>&]|-(?=-)/g, escapeChar);
  return `${METADATA_PREFIX}${json}${METADATA_SUFFIX}`;
}

/** The metadata in a PR body (the last block: the bot writes it at the end), or null when absent or invalid. */
export function parseReleaseMetadata(body: string | null | undefined): ReleaseMetadata | null {
  if (!body) return null;
  const start = body.lastIndexOf(METADATA_PREFIX);
  if (start < 0) return null;
  const end = body.indexOf(METADATA_SUFFIX, start + METADATA_PREFIX.length);
  if (end < 0) return null;
  try {
    const parsed = wireSchema.safeParse(JSON.parse(body.slice(start + METADATA_PREFIX.length, end)));
    return parsed.success ? fromWire(parsed.data) : null;
  } catch {
    return null;
  }
}
