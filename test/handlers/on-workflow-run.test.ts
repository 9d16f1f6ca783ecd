import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API, assertNockDone, createTestProbot, mockInstallationToken, mockOpsSnapshot, setupNock } from "../helpers/nock-probot.js";
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
    const scope = mockInstallationToken(nock(API))
      .get("/installation/repositories").query({ per_page: "100" })
      .reply(200, { total_count: 3, repositories: [{ full_name: "octo-org/ops" }, { full_name: "octo-org/octo-repo" }, { full_name: "octo-org/other" }] })
      .post("/graphql", (body: { query: string }) => ((query = body.query), true))
      .reply(200, { data: { r0: { object: { text: config } }, r1: { object: null }, r2: { object: null } } });
    // Only `staging` is fed by builds, and it has no open release PR: nothing to refresh. Production's open PR is no build's to refresh.
    const pin = (version: string) => `components:\n  app:\n    version: "${version}"\n    commit: ${"e".repeat(40)}\n`;
    mockOpsSnapshot(scope, {
      repo: "octo-org/ops", defaultBranch: "main", head: "c".repeat(40), config,
      files: { "environments/production.yml": pin("1"), "environments/staging.yml": pin("2") },
      branches: [{
        name: "release-production", head: "f".repeat(40), parents: ["c".repeat(40)],
        files: { "environments/production.yml": pin("2"), "environments/staging.yml": pin("2") },
        pulls: [{ number: 12, title: "Release production", body: "Promotes app 2", labels: ["release"], byApp: true }],
      }],
    });
    await createTestProbot().receive({ id: "2", name: "workflow_run", payload: completed((run) => { run.event = "push"; }) as any });
    expect(query).toContain('r0: repository(owner: "octo-org", name: "ops")');
    expect(query).toContain('HEAD:.github/release-bot.yml');
  });
});
