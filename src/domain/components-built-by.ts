/**
 * Which configured components a build event may have a new green build for: same repository, a branch
 * the built commit heads (the component's own branch, or the repository's default), and the same workflow
 * file (by name) or one of the checks the component waits for.
 */
import type { Config } from "./config-schema.js";
import type { RepoName } from "./types.js";

/** A sign that a component may have a new green build: a workflow run, or a check run / commit status. */
export interface BuildEvent {
  repo: RepoName;
  /** The workflow file's path, e.g. ".github/workflows/ci.yml" (workflow runs). */
  workflowPath?: string;
  /** The check run's name or the status's context (checks-based components). */
  check?: string;
  /** Branches the built commit is the head of. */
  branches: string[];
  /** The component repo's default branch (for components that name no branch). */
  defaultBranch: string;
}

/** "ci.yml" from ".github/workflows/ci.yml" (and from "….yml@main", the form GitHub uses for some runs). */
export const workflowFileName = (path: string): string => path.split("@")[0].split("/").pop() ?? path;

export function componentsBuiltBy(opts: { config: Pick<Config, "components">; event: BuildEvent }): string[] {
  const { event } = opts;
  return Object.entries(opts.config.components)
    .filter(([, c]) =>
      c.repo.toLowerCase() === event.repo.toLowerCase() &&
      event.branches.includes(c.branch ?? event.defaultBranch) &&
      ("workflow" in c.build
        ? event.workflowPath !== undefined && workflowFileName(c.build.workflow) === workflowFileName(event.workflowPath)
        : event.check !== undefined && c.build.checks.includes(event.check)),
    )
    .map(([name]) => name);
}
