import { afterEach, describe, expect, it } from "vitest";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { BILLING_PIN, STAGING, releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const ops = (t: ReturnType<TestWorld["transcript"]>) => t.repos["acme/ops"];
const lastReply = (t: ReturnType<TestWorld["transcript"]>) => ops(t).issues.find((i) => i.number === 1)!.comments.at(-1)!;

describe("/release staging on the sandbox", () => {
  it("opens release-staging with the changelog of a green build newer than the pin", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    const t = w.transcript();
    const [pull] = ops(t).pulls;
    expect(pull).toMatchObject({ head: "release-staging", base: "main", state: "open", commits: 1 });
    expect(pull.title).toBe(`Release staging: billing 1431 → 1433`);
    // The changelog: both PRs after the pin, their issues through the redirector, none before the pin.
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/42");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/pull/44");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/issues/41");
    expect(pull.body).toContain("https://redirect.github.com/acme/billing/issues/43");
    expect(pull.body).toContain("https://redirect.github.com/acme/search/issues/7");
    expect(pull.body).not.toContain("/pull/1)");
    expect(pull.body).not.toMatch(/(^|[^\w`])@carol\b/); // never pings
    expect(pull.body).not.toMatch(/\b(fixes|resolves|closes)\s+#\d/i); // closing keywords defused
    const meta = parseReleaseMetadata(pull.body);
    expect(meta?.environment).toBe("staging");
    expect(meta?.components.billing).toMatchObject({ from: { version: "1431", commit: BILLING_PIN }, to: { version: "1433" } });
    expect(meta?.issues).toEqual(expect.arrayContaining([{ repo: "acme/billing", number: 41 }, { repo: "acme/billing", number: 43 }, { repo: "acme/search", number: 7 }]));
    // search's newest commit is red: not proposed.
    expect(meta?.components.search).toBeUndefined();
    expect(lastReply(t)).toMatchObject({ user: "release-bot[bot]" });
    expect(lastReply(t).body).toContain("Opened #2");
  });

  it("changes only the pinned values of the env file: comments, quoting and order survive byte for byte", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    const [pull] = ops(w.transcript()).pulls;
    const after = pull.files["environments/staging.yml"];
    const before = STAGING.split("\n");
    const lines = after.split("\n");
    expect(lines).toHaveLength(before.length);
    const changed = lines.map((line, i) => (line === before[i] ? null : i)).filter((i) => i !== null);
    expect(changed).toEqual([3, 4]);
    expect(lines[3]).toBe('    version: "1433"   # run number');
    expect(lines[4]).toMatch(/^ {4}commit: [0-9a-f]{40}$/);
    expect(lines[4]).not.toContain(BILLING_PIN);
  });

  it("ignores a fork's run, a pull_request run and a failed run that are newer than the green push run", async () => {
    w = await startWorld(
      world({
        billing: {
          extraCommits: [{ id: "b3", message: "WIP", author: "bob" }],
          runs: [
            { workflow: "ci.yml", commit: "b0", runNumber: 1431, conclusion: "success", event: "push", headBranch: "main" },
            { workflow: "ci.yml", commit: "b1", runNumber: 1432, conclusion: "success", event: "push", headBranch: "main" },
            { workflow: "ci.yml", commit: "b2", runNumber: 1433, conclusion: "success", event: "pull_request", headBranch: "fix-vat" },
            { workflow: "ci.yml", commit: "b3", runNumber: 1434, conclusion: "failure", event: "push", headBranch: "main" },
            { workflow: "ci.yml", commit: "b3", runNumber: 1435, conclusion: "success", event: "push", headBranch: "main", fromFork: "mallory" },
          ],
        },
      }),
    );
    await w.play(releaseStaging());
    const [pull] = ops(w.transcript()).pulls;
    expect(pull.title).toBe("Release staging: billing 1431 → 1432");
    expect(pull.body).toContain("/acme/billing/pull/42");
    expect(pull.body).not.toContain("/acme/billing/pull/44");
  });

  it("never downgrades: a pin newer than the newest green build stays, and nothing is opened", async () => {
    w = await startWorld(world({ ops: { staging: STAGING.replace('"1431"', '"1500"') } }));
    await w.play(releaseStaging());
    const t = w.transcript();
    expect(ops(t).pulls).toEqual([]);
    expect(t.writes.map((x) => x.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    expect(lastReply(t).body).toMatch(/billing.*1433.*older.*1500/s);
  });

  it("changes nothing the second time: no commit, no PR edit", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    w.takeWrites();
    await w.play(releaseStaging("bob"));
    expect(w.takeWrites().map((x) => x.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    const t = w.transcript();
    expect(ops(t).pulls).toHaveLength(1);
    expect(lastReply(t).body).toContain("Nothing changed in #2");
  });

  it("answers a redelivered command once", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    w.takeWrites();
    await w.play({ redeliver: "last" });
    expect(w.takeWrites()).toEqual([]);
  });

  it("refuses /release from a read-only user, saying why, and writes nothing else", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging("mallory"));
    const t = w.transcript();
    expect(ops(t).pulls).toEqual([]);
    expect(lastReply(t).body).toContain("needs write access to acme/ops; mallory has “read” access");
    expect(t.writes.map((x) => x.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
  });

  it("still proposes the bump when the pinned commit is unknown, and says the changelog is unavailable", async () => {
    const vanished = "dead".repeat(10);
    w = await startWorld(world({ ops: { staging: STAGING.replace(`commit: ${BILLING_PIN}`, `commit: ${vanished}`) } }));
    await w.play(releaseStaging());
    const [pull] = ops(w.transcript()).pulls;
    expect(pull.title).toBe("Release staging: billing 1431 → 1433");
    expect(pull.body).toMatch(/changelog (is )?unavailable/i);
    expect(pull.body).toContain("pinned commit deaddea is not known to acme/billing");
  });
});
