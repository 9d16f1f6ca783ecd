/**
 * An environment's pin files read in one GraphQL query (`readFiles`): five Kustomize overlays cost the
 * release one query instead of five contents reads, and each readEnvironmentPins of the deploy feedback
 * (the merge and what was live) one more. A configured path is a GraphQL variable, never part of the
 * document: quotes and colons in it read the file they name. A blob GraphQL cuts (over 512,000
 * bytes) is read whole over REST; a binary or too large one is a clear problem naming the file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { billingRepo, opsRepo, releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { ops, issueOf, botComments, stagingPulls } = worldViews(() => w!);
const release = () => stagingPulls()[0];
const lastReply = () => botComments(issueOf("acme/ops", 1).comments).at(-1)!.body;
const ONLY_ANSWERED = ["POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"];
const CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}";
const GRAPHQL = "POST /graphql";

const SERVICES = ["billing", "invoices", "ledger", "payments", "tax"];

const overlay = (image: string, tag: string, padding = "") => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
images:
  - name: ${image}
    newTag: "${tag}"   # set by release-bot
${padding}`;

/** Overlay paths per component; `{environment}` is the environment's name. */
const defaultFile = (name: string) => `apps/${name}/overlays/{environment}/kustomization.yaml`;

function kustomizeWorld(opts: { services?: string[]; fileOf?: (name: string) => string; staging?: (name: string) => string } = {}) {
  const services = opts.services ?? SERVICES;
  const fileOf = opts.fileOf ?? defaultFile;
  const config = `components:
${services.map((name) => `  ${name}:
    repo: acme/${name}
    build: { workflow: ci.yml }
    pin: { file: ${JSON.stringify(fileOf(name))}, image: ghcr.io/acme/${name} }`).join("\n")}
environments:
  staging: { from: builds }
  production: { from: builds }
releaseOwners: [alice]
`;
  const files: Record<string, string> = { ".github/release-bot.yml": config };
  for (const name of services) {
    for (const env of ["staging", "production"]) {
      files[fileOf(name).replace("{environment}", env)] = env === "staging" && opts.staging ? opts.staging(name) : overlay(`ghcr.io/acme/${name}`, "1431");
    }
  }
  const base = world();
  const repos: Record<string, unknown> = { "acme/ops": { ...opsRepo(), files } };
  for (const name of services) repos[`acme/${name}`] = billingRepo();
  return { ...base, repos };
}

/** Requests per route made by `step`. */
async function counted(step: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = { ...w!.transcript().api.byRoute };
  await step();
  const after = w!.transcript().api.byRoute;
  return Object.fromEntries(Object.keys(after).flatMap((route) => ((after[route] ?? 0) - (before[route] ?? 0) > 0 ? [[route, after[route] - (before[route] ?? 0)]] : [])));
}

describe("pin files read in one query", () => {
  it("five Kustomize overlays: the release reads them in one GraphQL query, and each deploy-feedback read of them is one more", async () => {
    w = await startWorld(kustomizeWorld());
    const released = await counted(() => w!.play(releaseStaging()));
    const pull = release();
    expect(pull.title).toBe(`Release staging: ${SERVICES.map((s) => `${s} 1431 → 1433`).join(", ")}`);
    expect(Object.keys(pull.files)).toEqual(SERVICES.map((s) => `apps/${s}/overlays/staging/kustomization.yaml`));
    // The pins store only versions: each changelog comes from run 1431's commit.
    expect(pull.body).toContain("https://redirect.github.com/acme/tax/pull/44");
    // No contents read at all: the config came in the ops snapshot, all five overlays in one GraphQL query.
    expect(released[CONTENTS] ?? 0).toBe(0);

    // Six overlays cost as many queries and contents reads as five: the files are one query, whatever their number.
    const five = { contents: released[CONTENTS], graphql: released[GRAPHQL] };
    await w.close();
    w = await startWorld(kustomizeWorld({ services: [...SERVICES, "vat"] }));
    const six = await counted(() => w!.play(releaseStaging()));
    expect({ contents: six[CONTENTS], graphql: six[GRAPHQL] }).toEqual(five);

    await w.close();
    w = await startWorld(kustomizeWorld());
    await w.play(releaseStaging());
    const merged = await counted(() => w!.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } }));
    const deployed = await counted(() => w!.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } }));
    expect(botComments(issueOf("acme/tax", 41).comments)).toHaveLength(1);
    // No overlay is read over REST (and no config: the snapshot brings it).
    for (const step of [released, merged, deployed]) expect(step[CONTENTS] ?? 0).toBe(0);
    // The merge reads the pins at the merge and before it, the success what was deployed: one query per read, plus
    // one ops snapshot per config load (the merge's two deliveries, pull_request and push; the success's one).
    expect({ merge: merged[GRAPHQL], success: deployed[GRAPHQL] }).toEqual({ merge: 4 + 2, success: 1 + 1 });
  });

  it("a path with quotes and colons is a variable of the query, read as the file it names", async () => {
    // Braces would be a placeholder (a config problem of its own); quotes, colons and the rest are plain path characters.
    const hostile = (name: string) => (name === "billing" ? `apps/bill"ing:x') #$/overlays/{environment}/kustomization.yaml` : defaultFile(name));
    w = await startWorld(kustomizeWorld({ services: ["billing", "tax"], fileOf: hostile }));
    await w.play(releaseStaging());
    const pull = release();
    expect(pull.title).toBe("Release staging: billing 1431 → 1433, tax 1431 → 1433");
    const file = hostile("billing").replace("{environment}", "staging");
    expect(pull.files[file]).toBe(overlay("ghcr.io/acme/billing", "1433"));
    expect(parseReleaseMetadata(pull.body)!.components.billing).toMatchObject({ from: { version: "1431" }, to: { version: "1433" } });

    // Alone, the file is one contents read: the path is percent-encoded into the URL.
    await w.close();
    w = await startWorld(kustomizeWorld({ services: ["billing"], fileOf: hostile }));
    await w.play(releaseStaging());
    expect(release().files).toEqual({ [file]: overlay("ghcr.io/acme/billing", "1433") });
  });

  it("an overlay over 512,000 bytes (GraphQL cuts its text) is read whole over REST: the release edits it, every other byte stays", async () => {
    const padding = `# ${"x".repeat(98)}\n`.repeat(5150);
    const big = overlay("ghcr.io/acme/billing", "1431", padding);
    expect(Buffer.byteLength(big)).toBeGreaterThan(512_000);
    expect(Buffer.byteLength(big)).toBeLessThan(512 * 1024);
    w = await startWorld(kustomizeWorld({ services: ["billing", "tax"], staging: (name) => (name === "billing" ? big : overlay(`ghcr.io/acme/${name}`, "1431")) }));
    const made = await counted(() => w!.play(releaseStaging()));
    const pull = release();
    expect(pull.files["apps/billing/overlays/staging/kustomization.yaml"]).toBe(big.replace('newTag: "1431"', 'newTag: "1433"'));
    // Only the cut overlay (the config came in the ops snapshot).
    expect(made[CONTENTS]).toBe(1);
  });

  it.each([
    ["binary", "\u0000\u0001PNG\u0000", /binary \(it holds NUL bytes\), not YAML or JSON text/],
    ["1.1 MB, more than the contents API returns", `# ${"y".repeat(1100 * 1024)}\n`, /the file is 1,10\d KB, more than the 512 KB release-bot reads/],
    ["600 KB", `# ${"z".repeat(600 * 1024)}\n`, /the file is (at least )?60\d KB, more than the 512 KB release-bot reads/],
  ])("an overlay that is %s is a problem naming the file; nothing is written, nothing crashes", async (_what, content, message) => {
    const staging = (name: string) => (name === "billing" ? (content.startsWith("#") ? overlay("ghcr.io/acme/billing", "1431", content) : content) : overlay(`ghcr.io/acme/${name}`, "1431"));
    w = await startWorld(kustomizeWorld({ services: ["billing", "tax"], staging }));
    w.takeWrites();
    await w.play(releaseStaging());
    expect(w.takeWrites().map((x) => x.route)).toEqual(ONLY_ANSWERED);
    expect(ops().pulls).toEqual([]);
    expect(lastReply()).toContain("apps/billing/overlays/staging/kustomization.yaml");
    expect(lastReply()).toMatch(message);
    // Production's overlays are fine: it still releases.
    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release production" } });
    expect(ops().pulls.find((p) => p.head === "release-production")!.title).toBe("Release production: billing 1431 → 1433, tax 1431 → 1433");
  });
});
