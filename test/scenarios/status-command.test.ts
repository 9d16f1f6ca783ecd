import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { BILLING_PIN, CONFIG as FIXTURE_CONFIG, STAGING, opsRepo, releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

// The fixtures' world starts Monday 23 November 2026, 09:00 in Rome.
const ENVIRONMENTS = `  staging: { from: builds, schedule: "0 9 * * 1-5" }
  demo: { from: staging, schedule: "0 9 * * 5" }
  production: { from: demo, schedule: "0 9 * * 1" }
`;
// The fixtures' components, with a promotion chain on a schedule in Rome and a freeze of production.
const CONFIG = `timezone: Europe/Rome
${FIXTURE_CONFIG.replace(/^environments:\n(?: {2}.*\n)+/m, `environments:\n${ENVIRONMENTS}`)}freeze:
  - { from: 2026-11-20, to: 2026-11-24, environments: [production], reason: Holidays }
`;
const DEMO = `components:\n  billing:\n    version: "1420"\n    commit: ${BILLING_PIN}\n`;

function statusWorld() {
  const ops = opsRepo({ config: CONFIG });
  return { ...world(), repos: { ...world().repos, "acme/ops": { ...ops, files: { ...ops.files, "environments/demo.yml": DEMO } } } };
}

const status = (user: string) => ({ comment: { repo: "acme/ops", issue: 1, user, body: "/status" } });
const repliesOn = (tw: TestWorld) => tw.sandbox.world.repo("acme/ops").commentsOn(1).filter((c) => c.user === "release-bot[bot]");
const reactionsOn = (tw: TestWorld, body: string) => tw.sandbox.world.repo("acme/ops").commentsOn(1).find((c) => c.body === body)!.reactions.map((r) => r.content);

describe("/status on the sandbox", () => {
  it("answers a writer with the table of pinned versions, the open release PR, next runs in Rome, the freeze and the Mermaid chain", async () => {
    w = await startWorld(statusWorld());
    await w.play(releaseStaging());
    w.takeWrites();
    await w.play(status("alice"));

    const reply = repliesOn(w).at(-1)!.body;
    expect(reply).toContain("As of Mon 23 Nov 09:00 Europe/Rome.");
    expect(reply).toContain(
      "| **staging** | builds | billing `1431`<br>search `5e6f708` | [#2](https://redirect.github.com/acme/ops/pull/2) | Tue 24 Nov 09:00 Europe/Rome |   |",
    );
    expect(reply).toContain("| **demo** | ← staging | billing `1420` | — | Fri 27 Nov 09:00 Europe/Rome |   |");
    expect(reply).toContain(
      "| **production** | ← demo | billing `1431`<br>search `5e6f708` | — | Mon 30 Nov 09:00 Europe/Rome | ❄️ frozen until Wed 25 Nov 00:00 Europe/Rome: Holidays |",
    );
    expect(reply.indexOf("**staging**")).toBeLessThan(reply.indexOf("**demo**"));
    expect(reply.indexOf("**demo**")).toBeLessThan(reply.indexOf("**production**"));
    expect(reply).toContain("```mermaid\ngraph LR\n");
    expect(reply).toContain("builds --> staging --> demo --> production");
    expect(reactionsOn(w, "/status")).toEqual(["+1"]);
    // A read-only answer: the reaction and the reply are its only writes.
    expect(w.takeWrites().map((x) => x.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
  });

  it("refuses a read-only user, saying why", async () => {
    w = await startWorld(statusWorld());
    await w.play(status("mallory"));
    const reply = repliesOn(w).at(-1)!.body;
    expect(reply).toContain("`/status` needs write access to acme/ops; mallory has “read” access");
    expect(reply).not.toContain("| **staging** |");
    expect(reactionsOn(w, "/status")).toEqual(["-1"]);
  });

  it("lists an environment whose file is missing with the problem, and still shows the others", async () => {
    const ops = opsRepo({ config: CONFIG, staging: STAGING });
    w = await startWorld({ ...world(), repos: { ...world().repos, "acme/ops": ops } });
    await w.play(status("bob"));
    const reply = repliesOn(w).at(-1)!.body;
    expect(reply).toContain("| **demo** | ← staging | — | — | Fri 27 Nov 09:00 Europe/Rome | ⚠️ blocked, see below |");
    expect(reply).toMatch(/- \*\*demo\*\*\n {2}- `environments\/demo\.yml` → `\(file\)`: the environment file of "demo" does not exist\. Fix: create environments\/demo\.yml/);
    expect(reply).toContain("| **staging** | builds | billing `1431`");
  });
});
