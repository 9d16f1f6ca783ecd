import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseScenario, startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import type { ScenarioStepInput } from "../../src/sandbox/scenario/scenario-schema.js";

const scenario = () =>
  parseScenario({
    name: "roles",
    start: "2026-11-23T08:00:00Z",
    repos: {
      "acme/ops": {
        collaborators: { alice: "admin", bob: "write", tina: "triage", mallory: "read" },
        issues: [{ number: 1, title: "Release requests", author: "alice" }, { number: 2, title: "Mallory's question", author: "mallory" }],
      },
      "acme/site": { private: false },
    },
  });

const release = (user: string): ScenarioStepInput => ({ openPull: { repo: "acme/ops", head: `release-${user}`, title: "Release", user: "bob" } });

describe("sandbox scenario steps hold the acting user to their repository role, as GitHub does", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: scenario() });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  /** Plays a step expected to be refused; returns the error, after checking that nothing happened. */
  async function refused(step: ScenarioStepInput): Promise<Error & { status: number; body: Record<string, unknown> }> {
    const before = sandbox.world.events.length;
    const error = await sandbox.play(step).then(
      () => undefined,
      (e: unknown) => e as Error & { status: number; body: Record<string, unknown> },
    );
    expect(error, JSON.stringify(step)).toBeInstanceOf(Error);
    expect(sandbox.world.events.slice(before)).toEqual([]);
    return error!;
  }

  it("refuses labels from a read user with GitHub's 403, saying why; triage and write users label", async () => {
    await sandbox.play(release("a"));
    const error = await refused({ label: { repo: "acme/ops", pull: 3, user: "mallory", labels: ["deploy/production"] } });
    expect(error).toMatchObject({ name: "StepRefused", status: 403, body: { message: "Must have admin rights to Repository." } });
    expect(error.message).toBe('label: GitHub answers 403 "Must have admin rights to Repository.": mallory has read access to acme/ops; adding or removing labels needs triage');
    await refused({ label: { repo: "acme/ops", pull: 3, user: "mallory", remove: ["anything"] } });
    await sandbox.play({ label: { repo: "acme/ops", pull: 3, user: "tina", labels: ["deploy/production"] } });
    await sandbox.play({ label: { repo: "acme/ops", pull: 3, user: "bob", labels: ["deploy/staging"], remove: ["deploy/production"] } });
    expect(sandbox.world.repo("acme/ops").eventsOf(3).map((e) => `${e.actor} ${e.event} ${e.label.name}`)).toEqual([
      "tina labeled deploy/production",
      "bob labeled deploy/staging",
      "bob unlabeled deploy/production",
    ]);
  });

  it("lets only write users merge", async () => {
    await sandbox.play(release("a"));
    expect((await refused({ merge: { repo: "acme/ops", pull: 3, user: "mallory" } })).message).toContain("merging a pull request needs write");
    expect((await refused({ merge: { repo: "acme/ops", pull: 3, user: "tina" } })).message).toContain("tina has triage access to acme/ops");
    await sandbox.play({ merge: { repo: "acme/ops", pull: 3, user: "bob" } });
    expect(sandbox.world.repo("acme/ops").pull(3)!.pull!.merged).toBe(true);
  });

  it("answers 404 for people without access to a private repository, and lets anyone comment on a public one", async () => {
    const error = await refused({ comment: { repo: "acme/ops", issue: 1, user: "eve", body: "/release production" } });
    expect(error).toMatchObject({ status: 404, message: expect.stringContaining("eve has no access to the private repository acme/ops; commenting needs read") });
    await refused({ openPull: { repo: "acme/ops", head: "x", title: "x", user: "eve", fromFork: "eve" } });
    await sandbox.play({ comment: { repo: "acme/site", issue: 1, user: "eve", body: "Nice site" } });
    await sandbox.play({ openPull: { repo: "acme/site", head: "typo", title: "Fix typo", user: "eve", fromFork: "eve" } });
    await refused({ label: { repo: "acme/site", pull: 2, user: "eve", labels: ["deploy/production"] } });
  });

  it("needs write to push a PR branch into the repository, read for a fork PR, triage to label it on opening", async () => {
    expect((await refused({ openPull: { repo: "acme/ops", head: "x", title: "x", user: "mallory" } })).message).toContain('403 "Permission to acme/ops.git denied to mallory."');
    await sandbox.play({ openPull: { repo: "acme/ops", head: "x", title: "x", user: "mallory", fromFork: "mallory" } });
    const error = await refused({ openPull: { repo: "acme/ops", head: "y", title: "y", user: "mallory", fromFork: "mallory", labels: ["deploy/production"] } });
    expect(error.message).toContain("openPull.labels: GitHub answers 403");
    expect(sandbox.world.repo("acme/ops").pulls()).toHaveLength(1);
  });

  it("lets triage users and authors close issues, not other read users", async () => {
    await refused({ closeIssue: { repo: "acme/ops", issue: 1, user: "mallory" } });
    await sandbox.play({ closeIssue: { repo: "acme/ops", issue: 2, user: "mallory" } });
    await sandbox.play({ closeIssue: { repo: "acme/ops", issue: 1, user: "tina" } });
    expect([1, 2].map((n) => sandbox.world.repo("acme/ops").issue(n)!.closedBy)).toEqual(["tina", "mallory"]);
  });

  it("needs write to create deployments or report their statuses; app bots act through their installation", async () => {
    await refused({ createDeployment: { repo: "acme/ops", environment: "production", ref: "main", user: "tina" } });
    await sandbox.play({ createDeployment: { repo: "acme/ops", environment: "production", ref: "main", user: "deployer-app[bot]" } });
    await refused({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success", user: "mallory" } });
    await sandbox.play({ deploymentStatus: { repo: "acme/ops", environment: "production", state: "success", user: "bob" } });
    expect(sandbox.world.repo("acme/ops").deployments.map((d) => [d.creator, d.statuses.map((s) => s.creator)])).toEqual([["deployer-app[bot]", ["bob"]]]);
  });
});
