/** Real webhook payloads from @octokit/webhooks-examples, deep-copied and patched for a test. */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];

export const TEST_INSTALLATION_ID = 4242;

/**
 * The first example of `event` (with `action`, when given) matching `where`, with an
 * `installation` patched in (many examples lack one) and then `patch` applied.
 */
export function webhookExample<T = Record<string, any>>(opts: {
  event: string;
  action?: string;
  where?: (payload: Record<string, any>) => boolean;
  patch?: (payload: Record<string, any>) => void;
}): T {
  const group = examples.find((e) => e.name === opts.event);
  if (!group) throw new Error(`@octokit/webhooks-examples has no "${opts.event}" event`);
  const found = group.examples.find((p) => (!opts.action || p.action === opts.action) && (!opts.where || opts.where(p)));
  if (!found) throw new Error(`@octokit/webhooks-examples has no "${opts.event}.${opts.action}" example matching the filter`);
  const payload = structuredClone(found) as Record<string, any>;
  payload.installation = { id: TEST_INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  opts.patch?.(payload);
  return payload as T;
}
