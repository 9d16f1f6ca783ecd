import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API, assertNockDone, createTestProbot, mockInstallationToken, setupNock } from "../helpers/nock-probot.js";
import { webhookExample } from "../helpers/webhook-example.js";

const completed = (patch: (run: Record<string, any>) => void) =>
  webhookExample({ event: "workflow_run", action: "completed", where: (p) => p.workflow_run.conclusion === "success", patch: (p) => patch(p.workflow_run) });

describe("workflow_run handler (real payloads, nock)", () => {
  beforeEach(setupNock);
  afterEach(assertNockDone);

  it.each([
    ["a failed run", (run: Record<string, any>) => { run.event = "push"; run.conclusion = "failure"; }],
    ["a pull_request run", (run: Record<string, any>) => { run.event = "pull_request"; }],
    ["a run from a fork", (run: Record<string, any>) => { run.event = "push"; run.head_repository = { ...run.head_repository, full_name: "mallory/octo-repo" }; }],
  ])("ignores %s without calling GitHub", async (_name, patch) => {
    await createTestProbot().receive({ id: "1", name: "workflow_run", payload: completed(patch) as any });
  });

  it("finds the ops repos that build from this workflow with one batched query, and refreshes their open release PRs", async () => {
    let query = "";
    const config = "components:\n  app: { repo: octo-org/octo-repo, build: { workflow: test.yml } }\nenvironments:\n  staging: {}\n  production: { from: staging }\n";
    mockInstallationToken(nock(API))
      .get("/installation/repositories").query({ per_page: "100" })
      .reply(200, { total_count: 3, repositories: [{ full_name: "octo-org/ops" }, { full_name: "octo-org/octo-repo" }, { full_name: "octo-org/other" }] })
      .post("/graphql", (body: { query: string }) => ((query = body.query), true))
      .reply(200, { data: { r0: { object: { text: config } }, r1: { object: null }, r2: { object: null } } })
      .get("/repos/octo-org/ops").reply(200, { full_name: "octo-org/ops", default_branch: "main", html_url: "https://github.com/octo-org/ops" })
      .get("/repos/octo-org/ops/git/ref/heads%2Fmain").reply(200, { ref: "refs/heads/main", object: { sha: "c".repeat(40), type: "commit" } })
      .get("/repos/octo-org/ops/contents/.github%2Frelease-bot.yml").query({ ref: "c".repeat(40) })
      .reply(200, { type: "file", path: ".github/release-bot.yml", sha: "d".repeat(40), encoding: "base64", content: Buffer.from(config).toString("base64") })
      // Only `staging` is fed by builds, and it has no open release PR: nothing to refresh.
      .get("/repos/octo-org/ops/pulls").query({ state: "open", head: "octo-org:release-staging", per_page: "10" }).reply(200, []);
    await createTestProbot().receive({ id: "2", name: "workflow_run", payload: completed((run) => { run.event = "push"; }) as any });
    expect(query).toContain('r0: repository(owner: "octo-org", name: "ops")');
    expect(query).toContain('HEAD:.github/release-bot.yml');
  });
});
