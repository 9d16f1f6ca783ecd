import { describe, expect, it } from "vitest";
import { renderChatNotification, type ChatDeployState } from "../../src/domain/render-chat-notification.js";
import { components, many } from "./deploy-feedback-fixtures.js";

const base = { environment: "staging", components, mergedBy: "alice", logUrl: "https://ci.example.com/run/9", pullUrl: "https://github.com/acme/ops/pull/2" };
const allText = (n: ReturnType<typeof renderChatNotification>) => [n.text, ...n.blocks.map((b) => JSON.stringify(b))].join("\n");

describe("renderChatNotification", () => {
  it("says which environment, which versions, who merged, and links the log and the PR", () => {
    const message = renderChatNotification({ ...base, state: "failure" });
    expect(message).toEqual({
      text: "❌ Deploy to staging failed: billing 1433, search 9f16f65 (merged by alice)",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "❌ *Deploy to staging failed*" } },
        { type: "section", text: { type: "mrkdwn", text: "• *billing* `1432` → `1433`\n• *search* `9f16f65`" } },
        { type: "context", elements: [{ type: "mrkdwn", text: "Merged by alice · <https://ci.example.com/run/9|Deploy log> · <https://github.com/acme/ops/pull/2|Pull request>" }] },
      ],
    });
    expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  });

  it.each<[ChatDeployState, string]>([
    ["success", "✅ Deploy to staging succeeded"],
    ["failure", "❌ Deploy to staging failed"],
    ["error", "❌ Deploy to staging failed with an error"],
    ["timeout", "❌ Deploy to staging timed out (no result reported)"],
    ["queued", "⏳ Deploy to staging queued"],
    ["in_progress", "⏳ Deploy to staging in progress"],
  ])("%s → %s", (state, headline) => {
    expect(renderChatNotification({ ...base, state }).text.startsWith(`${headline}: `)).toBe(true);
  });

  it.each<[string, Partial<typeof base>, string[], string[]]>([
    ["no merger, no log", { mergedBy: undefined, logUrl: undefined }, ["<https://github.com/acme/ops/pull/2|Pull request>"], ["Merged by", "merged by", "Deploy log"]],
    ["no components", { components: {} }, ["Deploy to staging failed"], ["•"]],
    ["a log URL that is not http(s)", { logUrl: "javascript:alert(1)" }, [], ["javascript", "Deploy log"]],
    ["a URL with Slack's separators", { logUrl: "https://ci.example.com/a|b>c" }, ["<https://ci.example.com/a%7Cb%3Ec|Deploy log>"], []],
    ["Slack control sequences in names", { environment: "<!channel>", mergedBy: "<@U123>", components: { "<!here>": { to: { version: "1`2" } } } }, ["&lt;\u200B!channel&gt;", "&lt;@\u200BU123&gt;", "*&lt;\u200B!here&gt;* `1'2`"], ["<!channel>", "<@U123>", "<!here>", "@U123"]],
    ["plain-text pings and links in data", { environment: "@here", mergedBy: "x", components: { "@alice": { to: { version: "https://evil.example" } } } }, ["@\u200Bhere", "@\u200Balice", "https\u200B://evil.example"], ["@here", "@alice", "https://evil"]],
  ])("%s", (_name, over, contains, absent) => {
    const text = allText(renderChatNotification({ ...base, state: "failure", ...over }));
    for (const part of contains) expect(text).toContain(part);
    for (const part of absent) expect(text).not.toContain(part);
  });

  it("has no dangling separator without components", () => {
    expect(renderChatNotification({ ...base, components: {}, state: "success" }).text).toBe("✅ Deploy to staging succeeded (merged by alice)");
  });

  it("keeps 300 components within Slack's limits and says how many are left out", () => {
    const message = renderChatNotification({ ...base, components: many(300), state: "failure" });
    expect(message.text.length).toBeLessThanOrEqual(300);
    expect(message.text).toMatch(/ and \d+ more \(merged by alice\)$/);
    const list = message.blocks[1];
    expect(list.type).toBe("section");
    const text = list.type === "section" ? list.text.text : "";
    expect(text.length).toBeLessThanOrEqual(3000);
    const shown = text.split("\n").filter((l) => l.startsWith("•")).length;
    expect(text.endsWith(`… and ${300 - shown} more`)).toBe(true);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});
