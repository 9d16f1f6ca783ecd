/**
 * Ops-repo layouts end to end (issue 9): a Chef environment JSON, Helm values and one Kustomize
 * overlay per component, released, deployed and rolled back by the real bot on the sandbox; each
 * release changes only the pinned values, byte for byte, and a pin the file does not hold is a
 * config problem naming the file and the path.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { BILLING_PIN, SEARCH_PIN, releaseStaging } from "./fixtures.js";
import { KUSTOMIZE_CONFIG, layoutWorld, overlay } from "./layout-fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { ops, issueOf, botComments, deploymentsOf, stagingPulls } = worldViews(() => w!);
const release = () => stagingPulls()[0];
const told = (repo: string, n: number) => botComments(issueOf(repo, n).comments);
const lastReply = () => issueOf("acme/ops", 1).comments.at(-1)!;
const ONLY_ANSWERED = ["POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"];

const BILLING_ONLY = (pin: string, staging = "") => `components:
  billing:
    repo: acme/billing
    build: { workflow: ci.yml }
    pin: ${pin}
environments:
  staging: { from: builds${staging} }
  production: { from: builds }
releaseOwners: [alice]
`;

const CHEF = `{
  "name": "staging",
  "override_attributes": {
    "billing": { "port": 8080, "version": "1431" }
  },
  "default_attributes": { "ntp": ["0.pool.ntp.org"] },
  "chef_type": "environment",
  "json_class": "Chef::Environment"
}
`;
const CHEF_CONFIG = BILLING_ONLY("{ version: override_attributes.billing.version }", ", file: environments/staging.json");

const VALUES = `# Helm values for staging
billing:
  replicas: 2
  image:
    repository: ghcr.io/acme/billing
    tag: 1431   # CI run number
  resources: {}
`;
const HELM_CONFIG = BILLING_ONLY('{ file: "deploy/{environment}/values.yaml", version: billing.image.tag }');

const overlays = (env: string, billing: string | null, search: string | null) => ({
  [`apps/billing/overlays/${env}/kustomization.yaml`]: overlay("ghcr.io/acme/billing", billing),
  [`apps/search/overlays/${env}/kustomization.yaml`]: overlay("ghcr.io/acme/search", search),
});

describe("ops-repo layouts", () => {
  it("Chef environment JSON: the release changes only the version string, every other byte stays; the changelog comes from the run", async () => {
    w = await startWorld(layoutWorld(CHEF_CONFIG, { "environments/staging.json": CHEF }));
    await w.play(releaseStaging());
    const pull = release();
    expect(pull).toMatchObject({ base: "main", state: "open", commits: 1 });
    expect(pull.title).toBe("Release staging: billing 1431 → 1433");
    expect(Object.keys(pull.files)).toEqual(["environments/staging.json"]);
    expect(pull.files["environments/staging.json"]).toBe(CHEF.replace('"version": "1431"', '"version": "1433"'));
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/42");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/44");
    expect(pull.body).not.toContain("/pull/1)");
    expect(parseReleaseMetadata(pull.body)!.components.billing).toMatchObject({ from: { version: "1431" }, to: { version: "1433" } });
  });

  it("Helm values: the plain tag becomes 1433, the rest stays; the merge deploys from → to and tells each issue once", async () => {
    w = await startWorld(layoutWorld(HELM_CONFIG, { "deploy/staging/values.yaml": VALUES, "deploy/production/values.yaml": VALUES }));
    await w.play(releaseStaging());
    const pull = release();
    expect(pull.title).toBe("Release staging: billing 1431 → 1433");
    expect(pull.files).toEqual({ "deploy/staging/values.yaml": VALUES.replace("tag: 1431", "tag: 1433") });

    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    const payload = parseDeploymentPayload(deploymentsOf()[0].payload)!;
    expect(payload.environment).toBe("staging");
    expect(payload.components.billing).toMatchObject({ from: { version: "1431" }, to: { version: "1433" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(told("acme/billing", 41)).toHaveLength(1);
    expect(told("acme/billing", 43)).toHaveLength(1);
  });

  it("Kustomize, one overlay per component: one release commit edits both overlays; a failed deploy's rollback restores both", async () => {
    const staging = overlays("staging", "1431", SEARCH_PIN);
    w = await startWorld(layoutWorld(KUSTOMIZE_CONFIG, { ...staging, ...overlays("production", "1431", SEARCH_PIN) }, { search: { green: ["s0", "s1"] } }));
    await w.play(releaseStaging());
    const pull = release();
    expect(pull.commits).toBe(1);
    const meta = parseReleaseMetadata(pull.body)!;
    expect(meta.components.billing).toMatchObject({ from: { version: "1431" }, to: { version: "1433" } });
    const searchTo = meta.components.search.to.version;
    expect(searchTo).toMatch(/^[0-9a-f]{40}$/);
    expect(searchTo).not.toBe(SEARCH_PIN);
    expect(pull.body).toContain("https://redirect.github.com/acme/search/pull/8");
    const [billingFile, searchFile] = Object.keys(staging);
    expect(pull.files).toEqual({
      [billingFile]: staging[billingFile].replace('newTag: "1431"', 'newTag: "1433"'),
      [searchFile]: staging[searchFile].replace(SEARCH_PIN, searchTo),
    });
    // The release branch's head commit itself changes both overlays (one commit, read from git).
    const head = w.sandbox.world.repo("acme/ops").filesAt("release-staging");
    expect(head[billingFile]).toBe(pull.files[billingFile]);
    expect(head[searchFile]).toBe(pull.files[searchFile]);

    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "alice" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
    const rollback = ops().pulls.find((p) => p.head === "rollback-staging")!;
    expect(rollback.state).toBe("open");
    expect(rollback.files).toEqual(staging);
  });

  it.each([
    ["Chef environment JSON", () => layoutWorld(CHEF_CONFIG, { "environments/staging.json": CHEF })],
    ["Helm values", () => layoutWorld(HELM_CONFIG, { "deploy/staging/values.yaml": VALUES, "deploy/production/values.yaml": VALUES })],
  ])("%s end to end: release, merge, deploy, issues told once; the next release's failed deploy rolls the file back byte for byte", async (_, layout) => {
    w = await startWorld(layout());
    const seeded: Record<string, string> = layout().repos["acme/ops"].files;
    const [file] = Object.keys(seeded).filter((f) => f.includes("staging"));
    const original = seeded[file];
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(told("acme/billing", 41)).toHaveLength(1);
    expect(told("acme/billing", 43)).toHaveLength(1);
    const released = w.sandbox.world.repo("acme/ops").filesAt("main")[file];
    expect(released).not.toBe(original);

    // A newer green build, released and failing: the rollback restores the file as it was before that merge.
    await w.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b2", runNumber: 1434, conclusion: "success" } });
    await w.play(releaseStaging());
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "failure" } });
    const rollback = ops().pulls.find((p) => p.head === "rollback-staging")!;
    expect(rollback.state).toBe("open");
    expect(rollback.files).toEqual({ [file]: released });
    expect(told("acme/billing", 41)).toHaveLength(1);
  });

  it("a Kustomize overlay without the pinned image is a config problem naming file and path; production, with its own overlays, still releases", async () => {
    const config = KUSTOMIZE_CONFIG.replace(/\n  search:\n(    .*\n){3}/, "\n");
    const files = {
      // An images: list, but for another image only.
      "apps/billing/overlays/staging/kustomization.yaml": overlay("ghcr.io/acme/billing-worker", "1431"),
      "apps/billing/overlays/production/kustomization.yaml": overlay("ghcr.io/acme/billing", "1431"),
    };
    w = await startWorld(layoutWorld(config, files));
    w.takeWrites();
    await w.play(releaseStaging());
    expect(w.takeWrites().map((x) => x.route)).toEqual(ONLY_ANSWERED);
    expect(ops().pulls).toEqual([]);
    expect(lastReply().body).toContain("apps/billing/overlays/staging/kustomization.yaml");
    expect(lastReply().body).toContain("image ghcr.io/acme/billing is not listed in images");

    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release production" } });
    const pull = ops().pulls.find((p) => p.head === "release-production")!;
    expect(pull.title).toBe("Release production: billing 1431 → 1433");
    expect(pull.files).toEqual({ "apps/billing/overlays/production/kustomization.yaml": files["apps/billing/overlays/production/kustomization.yaml"].replace('"1431"', '"1433"') });
  });

  it("a tag reached through a YAML alias cannot be changed alone: /release says the file must change, never 'run it again'", async () => {
    const aliased = "shared: &img\n  repository: ghcr.io/acme/billing\n  tag: 1431\nbilling:\n  image: *img\nworker:\n  image: *img\n";
    w = await startWorld(layoutWorld(HELM_CONFIG, { "deploy/staging/values.yaml": aliased, "deploy/production/values.yaml": VALUES }));
    w.takeWrites();
    await w.play(releaseStaging());
    expect(w.takeWrites().map((x) => x.route)).toEqual(ONLY_ANSWERED);
    expect(lastReply().body).toContain("cannot be released until its pin files are fixed");
    expect(lastReply().body).not.toMatch(/run it again|will be retried/);
    expect(w.sandbox.world.repo("acme/ops").filesAt("main")["deploy/staging/values.yaml"]).toBe(aliased);
  });

  it("a Chef JSON file with a syntax error is a clear problem naming the file; nothing is written", async () => {
    w = await startWorld(layoutWorld(CHEF_CONFIG, { "environments/staging.json": CHEF.replace('"port": 8080', '"port": 8080,') }));
    w.takeWrites();
    await w.play(releaseStaging());
    expect(w.takeWrites().map((x) => x.route)).toEqual(ONLY_ANSWERED);
    expect(ops().pulls).toEqual([]);
    expect(lastReply().body).toContain("environments/staging.json");
    expect(lastReply().body).toMatch(/JSON syntax error at line \d+, column \d+/);
    // A whole-file problem has no key: none is shown (no blank code span).
    expect(lastReply().body).not.toContain("→ ` `");
  });

  it("a promotion across layouts: staging's YAML and overlays, production's JSON and overlays; the deployed versions are copied, each file in its own format", async () => {
    // billing in the environments' own files (YAML for staging, JSON for production), search in its overlays.
    const config = KUSTOMIZE_CONFIG.replace(/\n    pin: \{ file: "apps\/billing[^\n]*/, "").replace("production: { from: builds }", "production: { from: staging, file: environments/production.json }");
    const stagingYaml = `components:\n  billing:\n    version: "1431"\n    commit: ${BILLING_PIN}\n`;
    const productionJson = `{\n    "components": {\n        "billing": { "version": "1431", "commit": "${BILLING_PIN}" }\n    }\n}\n`;
    const files: Record<string, string> = {
      "environments/staging.yml": stagingYaml,
      "environments/production.json": productionJson,
      "apps/search/overlays/staging/kustomization.yaml": overlay("ghcr.io/acme/search", SEARCH_PIN),
      "apps/search/overlays/production/kustomization.yaml": overlay("ghcr.io/acme/search", SEARCH_PIN),
    };
    w = await startWorld(layoutWorld(config, files, { search: { green: ["s0", "s1"] } }));
    await w.play(releaseStaging());
    const searchTo = parseReleaseMetadata(release().body)!.components.search.to.version;
    const billingTo = parseReleaseMetadata(release().body)!.components.billing.to.commit!;
    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });

    await w.play({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: "/release production" } });
    const promotion = ops().pulls.find((p) => p.head === "release-production")!;
    expect(promotion.title).toMatch(/^Release production: billing 1431 → 1433, search 5e6f708 → [0-9a-f]{7}$/);
    expect(promotion.files).toEqual({
      "environments/production.json": productionJson.replace('"version": "1431"', '"version": "1433"').replace(BILLING_PIN, billingTo),
      "apps/search/overlays/production/kustomization.yaml": files["apps/search/overlays/production/kustomization.yaml"].replace(SEARCH_PIN, searchTo),
    });
    // search's overlay stores only its version (a sha): the promotion's changelog compares from it.
    expect(promotion.body).toContain("https://redirect.github.com/acme/search/pull/8");
    expect(promotion.body).not.toMatch(/changelog (is )?unavailable/i);
    // The promotion tells production's issues from the same changelog.
    expect(parseReleaseMetadata(promotion.body)!.issues).toEqual(expect.arrayContaining([{ repo: "acme/billing", number: 41 }, { repo: "acme/search", number: 7 }]));
  });
});
