import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { releaseStaging, world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe("one delivery, many copies, on the sandbox", () => {
  it("ten copies of a processed /release delivery arriving at the same moment write nothing", async () => {
    w = await startWorld(world());
    await w.play(releaseStaging());
    w.takeWrites();
    await w.play({ redeliver: { copies: 10, atOnce: true } });
    expect(w.takeWrites()).toEqual([]);
    const t = w.transcript();
    expect(t.repos["acme/ops"].pulls).toHaveLength(1);
    expect(t.repos["acme/ops"].issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]")).toHaveLength(1);
  });

  it("a /release delivered together with nine copies of itself (one GUID) gives one PR and one reply", async () => {
    w = await startWorld(world());
    await w.play({ concurrently: [releaseStaging(), { redeliver: { copies: 9, atOnce: true } }] });
    const t = w.transcript();
    expect(t.repos["acme/ops"].pulls).toHaveLength(1);
    const replies = t.repos["acme/ops"].issues.find((i) => i.number === 1)!.comments.filter((c) => c.user === "release-bot[bot]");
    expect(replies.map((c) => c.body.split("\n")[1])).toEqual([expect.stringContaining("Opened #2")]);
    expect(t.writes.filter((x) => x.route === "POST /repos/{owner}/{repo}/pulls")).toHaveLength(1);
  });
});
