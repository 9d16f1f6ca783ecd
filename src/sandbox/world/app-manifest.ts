/**
 * The app's permissions and webhook subscription, read from the GitHub App manifest (`app.yml`)
 * when there is one: the sandbox's app is the app the manifest registers, so a missing
 * permission or an unsubscribed event fails in the sandbox as it would on GitHub.
 */
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";

export interface AppManifest {
  permissions: Record<string, string>;
  events: string[];
}

export function readAppManifest(path: string): AppManifest | undefined {
  if (!existsSync(path)) return undefined;
  const doc = parse(readFileSync(path, "utf8")) as { default_permissions?: Record<string, string>; default_events?: string[] } | null;
  if (!doc?.default_permissions && !doc?.default_events) return undefined;
  return { permissions: { metadata: "read", ...(doc.default_permissions ?? {}) }, events: [...(doc.default_events ?? [])] };
}
