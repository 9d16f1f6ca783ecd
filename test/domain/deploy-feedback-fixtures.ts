/** Shared inputs and checks for the deploy feedback renderer tests. */
import { expect } from "vitest";
import type { DeployComponents } from "../../src/domain/deploy-feedback-format.js";

export const sha = "9f16f65e8d0a1b2c3d4e5f60718293a4b5c6d7e8";
export const components: DeployComponents = {
  billing: { repo: "acme/billing", from: { version: "1432", commit: "a".repeat(40) }, to: { version: "1433", commit: "b".repeat(40) } },
  search: { repo: "acme/search", to: { version: sha } },
};
/** Names and text that would ping, close issues or inject Markdown if written as they are. */
export const hostile: DeployComponents = {
  "@alice fixes #3": { to: { version: "closes acme/x#4" } },
  "<b>x</b> [y](javascript:alert(1))": { from: { version: "@bob" }, to: { version: "resolves https://github.com/a/b/issues/1" } },
};
export const many = (n: number): DeployComponents =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`component-${i}`, { repo: `acme/c${i}`, from: { version: `${i}` }, to: { version: `${i + 1}` } }]));

/** An @mention GitHub would turn into a ping (neutralized ones carry a zero-width space entity after the @). */
export const MENTION = /(?<![\w@/.-])@(?=[A-Za-z0-9])/g;
/** A closing keyword GitHub would act on (same shape as neutralize-text's defuser). */
export const CLOSING = /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s*(?:#\d|GH-\d|[\w.-]+\/[\w.-]+#\d|https?:\/\/)/i;

/** GitHub links, pings and closes nothing from inside a code span (versions and labels are written as code). */
export const outsideCode = (text: string) => text.replace(/`[^`\n]*`/g, "``");

export function expectNoPingsNoClosing(text: string): void {
  expect(outsideCode(text).match(MENTION)).toBeNull();
  expect(outsideCode(text)).not.toMatch(CLOSING);
}

/** References that would autolink (and leave a back-reference), outside Markdown links. */
export function bareReferences(text: string): string[] {
  return outsideCode(text).replace(/\[[^\]]*\]\([^)]*\)/g, "").replace(/<!--[\s\S]*?-->/g, "").match(/(?<![&\w])#\d+|[\w.-]+\/[\w.-]+#\d+/g) ?? [];
}
