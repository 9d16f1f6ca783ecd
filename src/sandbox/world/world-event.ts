/**
 * What happened in the world, as GitHub would announce it. The webhook publisher turns these
 * into deliveries (building payloads at once, so they snapshot the state of that moment) and
 * the scenario player narrates them. `sender` is a login.
 */

/** The previous values of what an `edited` issue or PR changed (the webhook's `changes`). */
export interface EditChanges {
  title?: { from: string };
  body?: { from: string };
}

export type WorldEvent =
  | {
      kind: "push";
      repo: string;
      ref: string;
      before: string;
      after: string;
      /** New commits, oldest first. */
      commits: string[];
      created: boolean;
      deleted: boolean;
      forced: boolean;
      sender: string;
    }
  | {
      kind: "issue_comment";
      action: "created" | "edited" | "deleted";
      repo: string;
      issue: number;
      commentId: number;
      /** The body before an edit. */
      from?: string;
      sender: string;
    }
  | {
      kind: "issues";
      action: "opened" | "closed" | "reopened" | "edited" | "labeled" | "unlabeled";
      repo: string;
      issue: number;
      label?: string;
      changes?: EditChanges;
      sender: string;
    }
  | {
      kind: "pull_request";
      action: "opened" | "closed" | "reopened" | "edited" | "labeled" | "unlabeled" | "synchronize";
      repo: string;
      number: number;
      label?: string;
      changes?: EditChanges;
      before?: string;
      after?: string;
      sender: string;
    }
  | { kind: "workflow_run"; action: "requested" | "in_progress" | "completed"; repo: string; runId: number; sender: string }
  | { kind: "workflow_dispatch"; repo: string; workflowId: number; ref: string; inputs: Record<string, unknown>; sender: string }
  | { kind: "check_run"; action: "created" | "completed"; repo: string; checkRunId: number; sender: string }
  | { kind: "status"; repo: string; statusId: number; sender: string }
  | { kind: "deployment"; action: "created"; repo: string; deploymentId: number; sender: string }
  | { kind: "deployment_status"; action: "created"; repo: string; deploymentId: number; statusId: number; sender: string }
  | { kind: "reaction"; repo: string; commentId: number; content: string; sender: string }
  | { kind: "notification"; url: string; sender: string };

export type WorldEventListener = (event: WorldEvent) => void;
