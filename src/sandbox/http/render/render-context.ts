/**
 * What every REST rendering needs: the world, the sandbox's API base (`…/api/v3`), the HTML base
 * used in `html_url`s (https://github.com unless told, so bodies and transcripts stay stable),
 * and GitHub's own example objects as templates (deep copies, from the OpenAPI description).
 */
import type { World } from "../../world/world.js";

export interface RenderContext {
  world: World;
  /** "http://127.0.0.1:PORT/api/v3" */
  apiUrl: string;
  /** "https://github.com" */
  htmlUrl: string;
  /** A deep copy of `components.examples[name].value`. */
  example(name: string): unknown;
}

export type Json = Record<string, unknown>;

/** An example object as a mutable record (arrays: their first item). */
export function template(ctx: RenderContext, name: string): Json {
  const value = ctx.example(name);
  const item = Array.isArray(value) ? value[0] : value;
  if (!item || typeof item !== "object") throw new Error(`sandbox: example "${name}" is not an object`);
  return item as Json;
}

/**
 * Rewrites the string values of an object (top level only, plus `_links`-style nested hrefs when
 * `deep`) replacing the template's URL prefixes with ours.
 */
export function rebaseUrls(obj: Json, pairs: [from: string, to: string][], deep = false): Json {
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value === "string") {
      let v = value;
      for (const [from, to] of pairs) if (v.startsWith(from)) v = to + v.slice(from.length);
      obj[key] = v;
    } else if (deep && value && typeof value === "object" && !Array.isArray(value)) {
      rebaseUrls(value as Json, pairs, true);
    }
  }
  return obj;
}

/** A GitHub-like global node id ("PR_kwDO…"), stable for a kind and id. */
export function nodeId(kind: string, id: number | string): string {
  return `${kind}_${Buffer.from(`${kind}:${id}`).toString("base64url")}`;
}

export function repoApi(ctx: RenderContext, fullName: string): string {
  return `${ctx.apiUrl}/repos/${fullName}`;
}

export function repoHtml(ctx: RenderContext, fullName: string): string {
  return `${ctx.htmlUrl}/${fullName}`;
}
