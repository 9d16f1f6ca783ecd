/**
 * A Slack-compatible incoming-webhook message about a deploy: which environment, which versions, who merged,
 * links to the log and the PR. Nothing else: no PR body, no config, no secrets.
 * Slack limits: a section's text is at most 3,000 characters; `text` is the fallback shown in notifications.
 * Slack parses `text` too, so every piece of data is escaped there as well (`<!channel>` would ping everyone), and
 * goes through `titleText` first: one line, capped, no `@here`/`@alice` (Slack's `link_names` would ping), no autolinks.
 */
import type { DeployComponents } from "./deploy-feedback-format.js";
import { safeUrl } from "./deploy-feedback-format.js";
import { fitList, truncateText } from "./fit-text.js";
import { slackText } from "./neutralize-text.js";
import { short } from "./render-release-body.js";

export type ChatDeployState = "success" | "failure" | "error" | "timeout" | "queued" | "in_progress";

export type ChatBlock =
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };

export interface ChatNotification {
  text: string;
  blocks: ChatBlock[];
}

const SECTION_LIMIT = 3000;
const TEXT_LIMIT = 300;

const HEADLINE: Record<ChatDeployState, [string, string]> = {
  success: ["✅", "succeeded"],
  failure: ["❌", "failed"],
  error: ["❌", "failed with an error"],
  timeout: ["❌", "timed out (no result reported)"],
  queued: ["⏳", "queued"],
  in_progress: ["⏳", "in progress"],
};

const codeSpan = (text: string) => `\`${slackText(short(text)).replace(/`/g, "'")}\``;
const slackLink = (url: string | undefined, text: string) => {
  const safe = safeUrl(url);
  return safe ? `<${safe.replace(/\|/g, "%7C")}|${text}>` : "";
};

export function renderChatNotification(opts: {
  environment: string;
  state: ChatDeployState;
  components: DeployComponents;
  mergedBy?: string;
  logUrl?: string;
  pullUrl: string;
}): ChatNotification {
  const [icon, verb] = HEADLINE[opts.state];
  const entries = Object.entries(opts.components);
  const text = fitList({
    prefix: `${icon} Deploy to ${slackText(opts.environment)} ${verb}: `,
    items: entries.map(([name, c]) => `${slackText(name)} ${slackText(short(c.to.version))}`),
    suffix: opts.mergedBy ? ` (merged by ${slackText(opts.mergedBy)})` : "",
    max: TEXT_LIMIT,
  });

  const blocks: ChatBlock[] = [{ type: "section", text: { type: "mrkdwn", text: truncateText(`${icon} *Deploy to ${slackText(opts.environment)} ${verb}*`, SECTION_LIMIT) } }];
  const lines: string[] = [];
  let length = 0;
  for (const [index, [name, c]] of entries.entries()) {
    const line = `• *${slackText(name)}* ${c.from ? `${codeSpan(c.from.version)} → ` : ""}${codeSpan(c.to.version)}`;
    const more = `… and ${entries.length - index} more`;
    if (length + line.length + 1 + more.length + 1 > SECTION_LIMIT) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  if (lines.length > 0) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncateText(lines.join("\n"), SECTION_LIMIT) } });
  const context = [opts.mergedBy ? `Merged by ${slackText(opts.mergedBy)}` : "", slackLink(opts.logUrl, "Deploy log"), slackLink(opts.pullUrl, "Pull request")].filter(Boolean);
  if (context.length > 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncateText(context.join(" · "), SECTION_LIMIT) }] });
  return { text, blocks };
}
