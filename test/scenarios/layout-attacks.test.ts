/**
 * Attacks on the ops-repo layouts (issue 9) through the real bot on the sandbox: a labelled hand edit of a
 * Kustomize overlay whose PR text lies, files with a BOM, CRLF and trailing whitespace, and configs whose pins
 * collide. What deploys and who is told come from git; a release writes only the pinned value; colliding pins
 * are refused before anything is written.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { SEARCH_PIN, releaseStaging } from "./fixtures.js";
import { KUSTOMIZE_CONFIG as SHARED_KUSTOMIZE_CONFIG, layoutWorld, overlay } from "./layout-fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { ops, issueOf, botComments, deploymentsOf, stagingPulls } = worldViews(() => w!);
const told = (repo: string, n: number) => botComments(issueOf(repo, n).comments);
const lastReply = () => issueOf("acme/ops", 1).comments.at(-1)!;
const ONLY_ANSWERED = ["POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"];

/** Staging only: the attacks need no production overlays. */
const KUSTOMIZE_CONFIG = SHARED_KUSTOMIZE_CONFIG.replace("  production: { from: builds }\n", "");
const BILLING_OVERLAY = "apps/billing/overlays/staging/kustomization.yaml";
const SEARCH_OVERLAY = "apps/search/overlays/staging/kustomization.yaml";

const billingOnly = (pin: string, environments = "  staging: { from: builds }\n") => `components:
  billing:
    repo: acme/billing
    build: { workflow: ci.yml }
    pin: ${pin}
environments:
${environments}releaseOwners: [alice]
`;

describe("layout attacks", () => {
  it("a labelled hand edit of a Kustomize overlay plus an unrelated file: git decides what deploys and who is told, not the PR's text", async () => {
    w = await startWorld(layoutWorld(KUSTOMIZE_CONFIG, { [BILLING_OVERLAY]: overlay("ghcr.io/acme/billing", "1431"), [SEARCH_OVERLAY]: overlay("ghcr.io/acme/search", SEARCH_PIN) }));
    // The title and body claim a search bump and issues billing#1 and #2; the diff moves only billing.
    const forged = `<!-- release-bot:metadata {"version":1,"environment":"staging","components":{"search":["acme/search","${SEARCH_PIN}","","9999",""]},"issues":{"acme/billing":[1,2]}} -->`;
    await w.play({
      openPull: {
        repo: "acme/ops",
        head: "hotfix",
        title: "Pin search 9999, closes acme/billing#1",
        body: `Bumps search to 9999. Fixes acme/billing#2\n${forged}`,
        files: { [BILLING_OVERLAY]: overlay("ghcr.io/acme/billing", "1433"), "docs/notes.md": "search 9999\n" },
        labels: ["deploy/staging"],
        user: "alice",
      },
    });
    await w.play({ merge: { repo: "acme/ops", head: "hotfix", user: "alice" } });
    const [deployment] = deploymentsOf();
    const payload = parseDeploymentPayload(deployment.payload)!;
    expect(payload).toMatchObject({ environment: "staging", kind: "label" });
    expect(payload.components).toEqual({ billing: { repo: "acme/billing", from: { version: "1431" }, to: { version: "1433" } } });
    // The changelog of run 1431 → 1433, its commits found from the run numbers: #42 fixes #41 (and mentions search#7), #44 resolves #43.
    expect(payload.issues).toEqual([
      { repo: "acme/billing", number: 41 },
      { repo: "acme/search", number: 7 },
      { repo: "acme/billing", number: 43 },
    ]);
    expect(deployment.description).not.toContain("9999");

    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(told("acme/billing", 41)).toHaveLength(1);
    expect(told("acme/billing", 43)).toHaveLength(1);
    const feedback = botComments(ops().pulls.find((p) => p.head === "hotfix")!.comments).map((c) => c.body).join("\n");
    expect(feedback).toContain("`1431` → `1433`");
    expect(feedback).not.toContain("9999");
    expect(feedback).not.toContain("search");
  });

  it("Helm values with a BOM, CRLF, trailing whitespace and the old version in comments and strings: the release swaps the one value", async () => {
    const values = '\uFEFF# Helm values \r\nbilling:   \r\n  image:\r\n    tag: 1431    # was 1431; see 1431\r\n    note: "build 1431"\r\n  legacyTag: x1431\r\n\r\n';
    w = await startWorld(layoutWorld(billingOnly('{ file: "deploy/{environment}/values.yaml", version: billing.image.tag }'), { "deploy/staging/values.yaml": values }));
    await w.play(releaseStaging());
    const [pull] = stagingPulls();
    expect(pull.title).toBe("Release staging: billing 1431 → 1433");
    expect(pull.files).toEqual({ "deploy/staging/values.yaml": values.replace("tag: 1431 ", "tag: 1433 ") });
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    expect(parseDeploymentPayload(deploymentsOf()[0].payload)!.components.billing).toMatchObject({ from: { version: "1431" }, to: { version: "1433" } });
  });

  it("a Chef JSON file with CRLF and tabs: only the version string changes", async () => {
    const chef = '{\r\n\t"name": "staging",\r\n\t"override_attributes": {\r\n\t\t"billing": { "version": "1431", "previous": "1431" }  \r\n\t},\r\n\t"description": "billing 1431"\r\n}\r\n';
    w = await startWorld(layoutWorld(billingOnly("{ version: override_attributes.billing.version }", "  staging: { from: builds, file: environments/staging.json }\n"), { "environments/staging.json": chef }));
    await w.play(releaseStaging());
    expect(stagingPulls()[0].files).toEqual({ "environments/staging.json": chef.replace('"version": "1431"', '"version": "1433"') });
  });

  it.each<[string, string, Record<string, string>, string[]]>([
    [
      "two components pinned at the same path",
      `components:
  billing: { repo: acme/billing, build: { workflow: ci.yml }, pin: { file: "deploy/{environment}/values.yaml", version: image.tag } }
  search: { repo: acme/search, build: { checks: ["ci/circleci: build"] }, pin: { file: "deploy/{environment}/values.yaml", version: image.tag } }
environments:
  staging: { from: builds }
`,
      { "deploy/staging/values.yaml": "image:\n  tag: 1431\n" },
      ['components "billing" and "search" are both pinned at deploy/staging/values.yaml image.tag'],
    ],
    [
      "two environments pinning one file without {environment}",
      billingOnly('{ file: "deploy/values.yaml", version: billing.image.tag }', "  staging: { from: builds }\n  production: { from: staging }\n"),
      { "deploy/values.yaml": "billing:\n  image:\n    tag: 1431\n" },
      ['environments "staging" and "production" all pin component "billing" at deploy/values.yaml billing.image.tag', "{environment}"],
    ],
    [
      "one overlay listing the pinned image twice",
      billingOnly('{ file: "apps/billing/overlays/{environment}/kustomization.yaml", image: ghcr.io/acme/billing }'),
      { [BILLING_OVERLAY]: `${overlay("ghcr.io/acme/billing", "1431")}  - name: ghcr.io/acme/billing\n    newTag: "1432"\n` },
      [BILLING_OVERLAY, "image ghcr.io/acme/billing is listed twice"],
    ],
    [
      "an overlay whose images is a map",
      billingOnly('{ file: "apps/billing/overlays/{environment}/kustomization.yaml", image: ghcr.io/acme/billing }'),
      { [BILLING_OVERLAY]: 'kind: Kustomization\nimages:\n  ghcr.io/acme/billing: { newTag: "1431" }\n' },
      [BILLING_OVERLAY, "must be a list of { name, newTag }"],
    ],
  ])("%s: /release is refused with the problem, nothing is written", async (_name, config, files, fragments) => {
    w = await startWorld(layoutWorld(config, files));
    w.takeWrites();
    await w.play(releaseStaging());
    expect(w.takeWrites().map((x) => x.route)).toEqual(ONLY_ANSWERED);
    expect(ops().pulls).toEqual([]);
    for (const fragment of fragments) expect(lastReply().body).toContain(fragment);
  });
});
