/** Short narrative lines: scenario time stamps and what the bot did, from world events. */
import type { World } from "../world/world.js";
import type { WorldEvent } from "../world/world-event.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "09:00 Mon 23 Nov" in the scenario's UTC offset. */
export function stamp(date: Date, offsetMinutes: number): string {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${hh}:${mm} ${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

export function quote(text: string, max = 60): string {
  const line = text.split("\n")[0].trim();
  return `“${line.length > max ? `${line.slice(0, max - 1)}…` : line}”`;
}

const REACTIONS: Record<string, string> = { "+1": "👍", "-1": "👎", laugh: "😄", confused: "😕", heart: "❤️", hooray: "🎉", rocket: "🚀", eyes: "👀" };

/** One line per notable thing `event` says the bot did; null for events not worth narrating. */
export function narrateBotEvent(world: World, event: WorldEvent): string | null {
  const repo = world.findRepo("repo" in event ? event.repo : "");
  const at = (n: number) => `${repo?.fullName ?? "?"}#${n}`;
  switch (event.kind) {
    case "push": {
      const branch = event.ref.replace(/^refs\/(heads|tags)\//, "");
      if (event.deleted) return `deleted ${branch} on ${event.repo}`;
      const what = event.created ? `created ${branch}` : event.forced ? `force-pushed ${branch}` : `pushed to ${branch}`;
      return `${what} on ${event.repo} (${event.after.slice(0, 7)})`;
    }
    case "pull_request": {
      const pr = repo?.issue(event.number);
      if (event.action === "opened") return `opened ${at(event.number)} ${quote(pr?.title ?? "")}`;
      if (event.action === "closed") return `${pr?.pull?.merged ? "merged" : "closed"} ${at(event.number)}`;
      if (event.action === "edited") return `updated ${at(event.number)} ${quote(pr?.title ?? "")}`;
      if (event.action === "labeled") return `labelled ${at(event.number)} ${event.label}`;
      if (event.action === "unlabeled") return `removed label ${event.label} from ${at(event.number)}`;
      if (event.action === "reopened") return `reopened ${at(event.number)}`;
      return null;
    }
    case "issues": {
      const issue = repo?.issue(event.issue);
      if (event.action === "opened") return `opened issue ${at(event.issue)} ${quote(issue?.title ?? "")}`;
      if (event.action === "closed") return `closed ${at(event.issue)}`;
      if (event.action === "reopened") return `reopened ${at(event.issue)}`;
      if (event.action === "edited") return `updated ${at(event.issue)}`;
      if (event.action === "labeled") return `labelled ${at(event.issue)} ${event.label}`;
      if (event.action === "unlabeled") return `removed label ${event.label} from ${at(event.issue)}`;
      return null;
    }
    case "issue_comment": {
      const comment = repo?.comments.get(event.commentId);
      if (event.action === "deleted") return `deleted a comment on ${at(event.issue)}`;
      const body = comment?.body.replace(/<!--[\s\S]*?-->/g, "").trim() ?? "";
      // People paged by the comment (e.g. release owners on a failed deploy), outside code spans.
      const mentions = [...new Set(body.replace(/`[^`]*`/g, "").match(/(?<![\w`/])@[A-Za-z0-9][\w-]*(?:\/[\w.-]+)?/g) ?? [])];
      const paging = mentions.length > 0 ? ` (mentions ${mentions.join(" ")})` : "";
      return `${event.action === "edited" ? "edited its comment" : "commented"} on ${at(event.issue)}: ${quote(body, 70)}${paging}`;
    }
    case "reaction": {
      const comment = repo?.comments.get(event.commentId);
      return `reacted ${REACTIONS[event.content] ?? event.content} to ${comment?.user ?? "a"}'s comment on ${at(comment?.issueNumber ?? 0)}`;
    }
    case "check_run": {
      const run = repo?.checkRuns.find((r) => r.id === event.checkRunId);
      return run ? `check run ${quote(run.name)} → ${run.conclusion ?? run.status} on ${event.repo}@${run.headSha.slice(0, 7)}` : null;
    }
    case "status":
      return null;
    case "deployment": {
      const d = repo?.deployments.find((x) => x.id === event.deploymentId);
      return d ? `created deployment ${d.id} of ${event.repo}@${d.sha.slice(0, 7)} to ${d.environment}` : null;
    }
    case "deployment_status": {
      const d = repo?.deployments.find((x) => x.id === event.deploymentId);
      const s = d?.statuses.find((x) => x.id === event.statusId);
      return d && s ? `deployment ${d.id} (${d.environment}) → ${s.state}` : null;
    }
    case "workflow_dispatch": {
      const w = repo?.workflows.find((x) => x.id === event.workflowId);
      return `dispatched ${w?.path.split("/").pop() ?? "a workflow"} on ${event.repo}@${event.ref.replace(/^refs\/heads\//, "")}`;
    }
    case "workflow_run":
      return null;
    case "notification": {
      // The nth notification event carries the nth captured notification.
      const nth = world.events.filter((e) => e.kind === "notification").indexOf(event);
      const text = (world.notifications[nth]?.body as { text?: unknown } | undefined)?.text;
      return typeof text === "string" ? `posted a chat notification: ${quote(text, 80)}` : `posted a chat notification`;
    }
  }
}
