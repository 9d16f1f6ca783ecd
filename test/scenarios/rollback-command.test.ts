/**
 * `/rollback <env>` on the sandbox when the environment cannot be rolled back: a config broken as a whole is answered
 * with its problem (the file names the environment file a rollback restores), not with "there is no environment";
 * an environment that a healthy config lacks is answered with the known ones.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { ALIAS_BOMB, CONFIG, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  // close() also fails the test if any webhook delivery failed (a 500 from the bot).
  await w?.close();
  w = undefined;
});

const CONFIG_FILE = ".github/release-bot.yml";

const opsIssue = () => w!.transcript().repos["acme/ops"].issues.find((i) => i.number === 1)!;
const lastReply = () => opsIssue().comments.filter((c) => c.user === "release-bot[bot]").at(-1)!.body;
const reactionsOn = (body: string) => w!.sandbox.world.repo("acme/ops").commentsOn(1).filter((c) => c.body === body).at(-1)!.reactions.map((r) => r.content);
const rollback = (environment: string) => ({ comment: { repo: "acme/ops", issue: 1, user: "alice", body: `/rollback ${environment}` } });

describe("/rollback of an environment that cannot be rolled back", () => {
  it("an alias bomb in the config: /rollback staging is answered 👎 with the config problem, not “there is no environment”", async () => {
    w = await startWorld(world({ ops: { config: `${CONFIG}${ALIAS_BOMB}\n` } }));
    await w.play(rollback("staging"));
    expect(reactionsOn("/rollback staging")).toEqual(["-1"]);
    const reply = lastReply();
    expect(reply).toContain("`staging` cannot be rolled back until .github/release-bot.yml is fixed");
    expect(reply).toContain(CONFIG_FILE);
    expect(reply).toMatch(/more than 10 YAML aliases/);
    expect(reply).not.toContain("There is no environment");
    expect(w.transcript().repos["acme/ops"].pulls).toEqual([]);
  });

  it("a healthy config without that environment: answered 👎 with the known environments", async () => {
    w = await startWorld(world());
    await w.play(rollback("qa"));
    expect(reactionsOn("/rollback qa")).toEqual(["-1"]);
    expect(lastReply()).toContain("There is no environment `qa` in .github/release-bot.yml. Known environments: `staging`, `production`.");
  });

  it("a configured environment nothing was deployed to yet: answered 👎, nothing to roll back", async () => {
    w = await startWorld(world());
    await w.play(rollback("staging"));
    expect(reactionsOn("/rollback staging")).toEqual(["-1"]);
    expect(lastReply()).toContain("has not deployed anything to **staging** yet");
  });
});
