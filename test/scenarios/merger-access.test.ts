/**
 * Whose access a deployment's issue feedback acts on: any repo with a config is an ops repo, so the bot comments on,
 * relabels and closes a component repo's issues only when the person who merged the release may triage them there.
 * The rest are left alone and listed on the release PR as not told, with the reason. Over HTTP, on the sandbox.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { billingRepo, CONFIG, opsRepo, searchRepo } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const BOT = "release-bot[bot]";
const PERMISSION_ROUTE = "GET /repos/{owner}/{repo}/collaborators/{username}/permission";
const READY = "workflow/ready-for-staging";
const issueOf = (repo: string, n: number) => w!.transcript().repos[repo].issues.find((i) => i.number === n)!;
const botCommentsOn = (repo: string, n: number) => issueOf(repo, n).comments.filter((c) => c.user === BOT);
const releasePull = () => w!.transcript().repos["acme/mallory-ops"].pulls.find((p) => p.head === "release-staging")!;
const successComment = () => releasePull().comments.filter((c) => c.user === BOT).at(-1)!.body;
const permissionReads = () => w!.transcript().api.byRoute[PERMISSION_ROUTE] ?? 0;

/** acme/mallory-ops: an ops repo mallory administers, closing issues on a staging deploy; her access to billing varies. */
function malloryOpsWorld(billingAccess: "read" | "triage") {
  return {
    name: "an ops repo of mallory's next to the team's",
    start: "2026-11-23T09:00:00+01:00",
    repos: {
      "acme/mallory-ops": {
        ...opsRepo({ config: CONFIG.replace("staging: { from: builds }", `staging: { from: builds, transitions: { ${READY}: close } }`) }),
        collaborators: { mallory: "admin" },
      },
      "acme/billing": { ...billingRepo(), collaborators: { alice: "admin", mallory: billingAccess } },
      "acme/search": searchRepo(),
    },
  };
}

async function releaseAndMerge(): Promise<void> {
  await w!.play({ comment: { repo: "acme/mallory-ops", issue: 1, user: "mallory", body: "/release staging" } });
  await w!.play({ merge: { repo: "acme/mallory-ops", head: "release-staging", user: "mallory" } });
}
const deploySucceeds = () => w!.play({ deploymentStatus: { repo: "acme/mallory-ops", environment: "staging", state: "success", user: "mallory" } });

describe("issue feedback acts only with the merger's access to the issue's repo", () => {
  it("a merger who only reads acme/billing: its issues get no comment, label change or close, and the release PR says why", async () => {
    w = await startWorld(malloryOpsWorld("read"));
    await releaseAndMerge();
    const before = permissionReads();
    await deploySucceeds();
    for (const [repo, n] of [["acme/billing", 41], ["acme/billing", 43], ["acme/search", 7]] as const) {
      expect(issueOf(repo, n), `${repo}#${n}`).toMatchObject({ state: "open", labels: [READY] });
      expect(botCommentsOn(repo, n), `${repo}#${n}`).toHaveLength(0);
    }
    const success = successComment();
    expect(success).toContain("Told none of the referenced issues.");
    expect(success).toContain("**Not told (3):**");
    expect(success).toMatch(/acme\/billing#41\]\([^)]*\): mallory who merged #\S+ has read access to acme\/billing; .* A user with triage access there can label or close it by hand\./);
    expect(success).toMatch(/acme\/billing#43\]\([^)]*\): mallory who merged/);
    expect(success).toMatch(/acme\/search#7\]\([^)]*\): mallory who merged #\S+ has no access to acme\/search;/);
    // One permission read per repo, not per issue: billing's two issues share one.
    expect(permissionReads() - before).toBe(2);
  });

  it("the same merger with triage access to acme/billing: billing's issues are told and closed, search's are not", async () => {
    w = await startWorld(malloryOpsWorld("triage"));
    await releaseAndMerge();
    await deploySucceeds();
    for (const n of [41, 43]) {
      expect(issueOf("acme/billing", n).state, `acme/billing#${n}`).toBe("closed");
      expect(botCommentsOn("acme/billing", n), `acme/billing#${n}`).toHaveLength(1);
    }
    expect(issueOf("acme/search", 7)).toMatchObject({ state: "open", labels: [READY] });
    expect(botCommentsOn("acme/search", 7)).toHaveLength(0);
    const success = successComment();
    expect(success).toContain("Told 2 referenced issues.");
    expect(success).toContain("**Not told (1):**");
    expect(success).toMatch(/acme\/search#7\]\([^)]*\): mallory who merged .* has no access to acme\/search/);
  });

  it("a deployment that does not record its merger (an older payload) tells no issue and says why", async () => {
    w = await startWorld(malloryOpsWorld("triage"));
    await releaseAndMerge();
    const [deployment] = w.sandbox.world.repo("acme/mallory-ops").deployments;
    const payload = deployment.payload as Record<string, unknown>;
    expect(payload.mergedBy).toBe("mallory");
    delete payload.mergedBy;
    await deploySucceeds();
    expect(issueOf("acme/billing", 41)).toMatchObject({ state: "open", labels: [READY] });
    expect(botCommentsOn("acme/billing", 41)).toHaveLength(0);
    expect(successComment()).toMatch(/acme\/billing#41\]\([^)]*\): the deployment does not record who merged #\S+ \(an older release-bot made it\)/);
  });
});
