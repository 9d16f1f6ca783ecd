import { describe, expect, it } from "vitest";
import { type Sandbox } from "../../src/sandbox/sandbox.js";
import { type Client } from "./sandbox-client.js";
import { useSmallWorld } from "./small-world.js";

describe("sandbox Actions workflow runs", () => {
  let sandbox: Sandbox;
  let octokit: Client;
  const billing = { owner: "acme", repo: "billing" };
  useSmallWorld((s, o) => {
    sandbox = s;
    octokit = o;
  });

  const runs = async (params: Record<string, string | number>) =>
    (await octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", { ...billing, workflow_id: "ci.yml", ...params })).data;

  it("lists a workflow's runs newest first, addressed by file name", async () => {
    const data = await runs({});
    expect(data.total_count).toBe(5);
    expect(data.workflow_runs.map((r: { run_number: number }) => r.run_number)).toEqual([104, 103, 102, 101, 100]);
  });

  it("filters by event, branch and status (a conclusion filters on conclusion)", async () => {
    const green = await runs({ event: "push", branch: "main", status: "success" });
    expect(green.workflow_runs.map((r: { run_number: number }) => r.run_number)).toEqual([104, 101, 100]);
    const failed = await runs({ status: "failure" });
    expect(failed.workflow_runs.map((r: { run_number: number }) => r.run_number)).toEqual([103]);
    const prs = await runs({ event: "pull_request" });
    expect(prs.workflow_runs.map((r: { head_branch: string | null }) => r.head_branch)).toEqual(["fix"]);
  });

  it("shows a fork's run with the fork as head_repository", async () => {
    const [newest] = (await runs({ per_page: 1 })).workflow_runs;
    expect(newest.run_number).toBe(104);
    expect(newest.head_repository.full_name).toBe("mallory/billing");
    expect(newest.repository.full_name).toBe("acme/billing");
    const [own] = (await runs({ per_page: 1, page: 2 })).workflow_runs;
    expect(own.head_repository.full_name).toBe("acme/billing");
  });

  it("paginates with Link headers and 404s an unknown workflow", async () => {
    const res = await octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", { ...billing, workflow_id: "ci.yml", per_page: 2 });
    expect(res.data.workflow_runs).toHaveLength(2);
    expect(res.headers.link).toContain('rel="last"');
    const all = await octokit.paginate("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", { ...billing, workflow_id: "ci.yml", per_page: 2 });
    expect(all).toHaveLength(5);
    await expect(octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", { ...billing, workflow_id: "nope.yml" })).rejects.toMatchObject({ status: 404 });
  });

  it("completes a run in a step and delivers workflow_run.completed", async () => {
    const lines = await sandbox.play({ workflowRun: { repo: "acme/billing", workflow: "ci.yml", commit: "b3", runNumber: 105, conclusion: "success", event: "push", fromFork: false } });
    expect(lines[0]).toContain("ci.yml run #105 (push) on main → success");
    const completed = sandbox.deliveries().filter((d) => d.event === "workflow_run" && d.action === "completed");
    expect(completed).toHaveLength(1);
    expect(completed[0].payload).toMatchObject({ workflow_run: { run_number: 105, conclusion: "success", head_branch: "main" }, workflow: { path: ".github/workflows/ci.yml" } });
    expect((await runs({ per_page: 1 })).workflow_runs[0].run_number).toBe(105);
  });

  it("dispatches a workflow (workflow_dispatch) as a queued run", async () => {
    const res = await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { ...billing, workflow_id: "deploy.yml", ref: "main", inputs: { environment: "staging" } });
    expect(res.status).toBe(204);
    const run = sandbox.world.repo("acme/billing").workflowRuns.at(-1)!;
    expect(run).toMatchObject({ event: "workflow_dispatch", status: "queued", inputs: { environment: "staging" } });
    expect(sandbox.transcript().writes.map((w) => w.route)).toEqual(["POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"]);
  });
});
