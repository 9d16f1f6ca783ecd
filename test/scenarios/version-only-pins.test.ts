/**
 * A pin that stores only its version (hand-written env files today; Helm tags, Kustomize `newTag`
 * and Chef versions with the ops-repo layouts): the changelog compares from the commit that
 * version was built from, found in the build lookup's runs (run number) at no extra request, and
 * the merge tells the issues of exactly that change.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseDeploymentPayload } from "../../src/domain/deployment-payload.js";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { BILLING_PIN, releaseStaging, world } from "./fixtures.js";

const VERSION_ONLY = `components:
  billing:
    version: "1431"
`;

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const { issueOf, botComments, stagingPulls } = worldViews(() => w!);
const release = () => stagingPulls()[0];
const told = (repo: string, n: number) => botComments(issueOf(repo, n).comments);

describe("a pin without its commit", () => {
  it("gets the changelog from the run the version names; the merge tells its issues once", async () => {
    w = await startWorld(world({ ops: { staging: VERSION_ONLY } }));
    const before = w.transcript().api.requests;
    await w.play(releaseStaging());
    const pull = release();
    expect(pull.title).toBe("Release staging: billing 1431 → 1433");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/42");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/44");
    expect(pull.body).not.toContain("/pull/1)");
    expect(pull.body).not.toMatch(/changelog (is )?unavailable/i);
    // The metadata records the pin as the file shows it (no commit), so the seal matches git at merge.
    const meta = parseReleaseMetadata(pull.body)!;
    expect(meta.components.billing.from).toEqual({ version: "1431" });
    expect(meta.issues).toEqual(expect.arrayContaining([{ repo: "acme/billing", number: 41 }, { repo: "acme/billing", number: 43 }]));
    const cost = w.transcript().api.requests - before;

    await w.play({ merge: { repo: "acme/ops", head: "release-staging", user: "bob" } });
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(told("acme/billing", 41)).toHaveLength(1);
    expect(told("acme/billing", 43)).toHaveLength(1);

    // As many requests as a release whose file pins the commit: the runs the build lookup reads anyway name it.
    await w.close();
    w = await startWorld(world({ ops: { staging: `${VERSION_ONLY}    commit: ${BILLING_PIN}\n` } }));
    const pinned = w.transcript().api.requests;
    await w.play(releaseStaging());
    expect(cost).toBe(w.transcript().api.requests - pinned);
  });

  it("a writer's labelled hand edit of a version-only pin deploys and tells exactly the issues of that change, read from git", async () => {
    w = await startWorld(world({ ops: { staging: VERSION_ONLY } }));
    await w.play({ openPull: { repo: "acme/ops", head: "hotfix", title: "Pin billing 1433", body: "Hand edit.", files: { "environments/staging.yml": VERSION_ONLY.replace('"1431"', '"1433"') }, labels: ["deploy/staging"], user: "alice" } });
    await w.play({ merge: { repo: "acme/ops", head: "hotfix", user: "alice" } });
    const payload = parseDeploymentPayload(w.sandbox.world.repo("acme/ops").deployments[0].payload)!;
    expect(payload.components.billing).toMatchObject({ from: { version: "1431" }, to: { version: "1433" } });
    // PR #42 fixes #41 and mentions acme/search#7; PR #44 resolves #43. PR #1 (before the pinned run) is not in it.
    expect(payload.issues).toEqual([
      { repo: "acme/billing", number: 41 },
      { repo: "acme/search", number: 7 },
      { repo: "acme/billing", number: 43 },
    ]);
    await w.play({ deploymentStatus: { repo: "acme/ops", environment: "staging", state: "success" } });
    expect(told("acme/billing", 41)).toHaveLength(1);
    expect(told("acme/billing", 43)).toHaveLength(1);
  });

  it("a version no recent run names still proposes the bump, saying why the changelog is unavailable", async () => {
    const runs = [{ workflow: "ci.yml", commit: "b2", runNumber: 1433, conclusion: "success", event: "push", headBranch: "main" }];
    w = await startWorld(world({ ops: { staging: VERSION_ONLY }, billing: { runs } }));
    await w.play(releaseStaging());
    const pull = release();
    expect(pull.title).toBe("Release staging: billing 1431 → 1433");
    expect(pull.body).toMatch(/pins only its version, and the commit it was built from was not found \(run 1431 is not among the 1 newest successful runs of the workflow\)/);
    expect(parseReleaseMetadata(pull.body)!.issues).toEqual([]);
  });

  it("a pull_request run with the pinned number is not the pinned build", async () => {
    const runs = [
      { workflow: "ci.yml", commit: "b1", runNumber: 1430, conclusion: "failure", event: "push", headBranch: "main" },
      { workflow: "ci.yml", commit: "b1", runNumber: 1431, conclusion: "success", event: "pull_request", headBranch: "main" },
      { workflow: "ci.yml", commit: "b2", runNumber: 1433, conclusion: "success", event: "push", headBranch: "main" },
    ];
    w = await startWorld(world({ ops: { staging: VERSION_ONLY }, billing: { runs } }));
    await w.play(releaseStaging());
    expect(release().body).toMatch(/commit it was built from was not found/);
    expect(release().body).not.toContain("/pull/42");
  });
});
