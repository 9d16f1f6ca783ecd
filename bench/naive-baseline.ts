/**
 * A naive per-commit REST release bot, the baseline the bench compares release-bot with: what a
 * straightforward implementation does with Octokit REST on every `/release <env>`, re-planning
 * everything each time. Per component it reads its newest green build (the workflow's runs, or the
 * branch's commits and each one's check runs until a green one), compares the pin with it, then
 * per commit reads the commit's pull request and per pull request each linked issue. It writes the
 * env file on the release branch and opens the PR, or updates the open one; it writes nothing when
 * the open PR already says the same.
 *
 * The sandbox has no `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`, so the commit's pull
 * request is found from its "(#N)" message suffix and read with `GET …/pulls/{pull_number}`:
 * one request per commit either way.
 */
import { Probot, ProbotOctokit } from "probot";
import { parse, stringify } from "yaml";

type Octokit = InstanceType<typeof ProbotOctokit>;
interface ComponentConfig {
  repo: string;
  build: { workflow?: string; checks?: string[] };
}
interface Pin {
  version: string;
  commit: string;
}

const NaiveOctokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { ...(o.throttle as object), enabled: false } }));
const BODY_LIMIT = 60_000;
const ISSUE_REF = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)/gi;

/** An installation client of the app, as any bot gets one (app JWT, the repo's installation, a token). */
export async function naiveClient(opts: { url: string; appId: number; privateKey: string; opsRepo: string }): Promise<Octokit> {
  const probot = new Probot({ appId: opts.appId, privateKey: opts.privateKey, baseUrl: `${opts.url}/api/v3`, Octokit: NaiveOctokit, logLevel: "fatal" });
  const app = await probot.auth();
  const [owner, repo] = opts.opsRepo.split("/");
  const { data } = await app.request("GET /repos/{owner}/{repo}/installation", { owner, repo });
  return (await probot.auth(data.id)) as Octokit;
}

async function readYaml(octokit: Octokit, owner: string, repo: string, path: string, ref: string): Promise<{ value: unknown; text: string }> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path, ref });
  const text = Buffer.from((data as { content: string }).content, "base64").toString("utf8");
  return { value: parse(text), text };
}

/** The newest green build of a component on its default branch: its commit and version. */
async function newestGreen(octokit: Octokit, owner: string, repo: string, build: ComponentConfig["build"]): Promise<Pin | null> {
  if (build.workflow) {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", { owner, repo, workflow_id: build.workflow, branch: "main", event: "push", status: "success", per_page: 1 });
    const run = data.workflow_runs[0];
    return run ? { version: String(run.run_number), commit: run.head_sha } : null;
  }
  const { data: commits } = await octokit.request("GET /repos/{owner}/{repo}/commits", { owner, repo, sha: "main", per_page: 30 });
  for (const commit of commits) {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { owner, repo, ref: commit.sha, check_name: build.checks?.[0] });
    if (data.check_runs.some((r) => r.conclusion === "success")) return { version: commit.sha, commit: commit.sha };
  }
  return null;
}

/** Every commit from `base` (excluded) to `head`, page by page. */
async function compareAll(octokit: Octokit, owner: string, repo: string, base: string, head: string): Promise<{ sha: string; message: string }[]> {
  const commits: { sha: string; message: string }[] = [];
  for (let page = 1; ; page++) {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { owner, repo, basehead: `${base}...${head}`, per_page: 100, page });
    commits.push(...data.commits.map((c) => ({ sha: c.sha, message: c.commit.message })));
    if (data.commits.length === 0 || commits.length >= data.total_commits) return commits;
  }
}

/** One naive `/release <environment>` of the ops repo: reads everything, then opens or updates the release PR. */
export async function naiveRelease(opts: { octokit: Octokit; opsRepo: string; environment: string; configPath?: string }): Promise<{ changed: number; wrote: boolean }> {
  const { octokit, environment } = opts;
  const [owner, repo] = opts.opsRepo.split("/");
  const config = (await readYaml(octokit, owner, repo, opts.configPath ?? ".github/release-bot.yml", "main")).value as { components: Record<string, ComponentConfig> };
  const envPath = `environments/${environment}.yml`;
  const pins = structuredClone((await readYaml(octokit, owner, repo, envPath, "main")).value) as { components: Record<string, Pin> };
  const lines: string[] = [];
  let changed = 0;
  for (const [name, component] of Object.entries(config.components)) {
    const [cOwner, cRepo] = component.repo.split("/");
    const pin = pins.components[name];
    const green = await newestGreen(octokit, cOwner, cRepo, component.build);
    if (!pin || !green || green.commit === pin.commit) continue;
    changed++;
    lines.push(`## ${name} ${pin.version} → ${green.version}`);
    const seenIssues = new Set<number>();
    for (const commit of await compareAll(octokit, cOwner, cRepo, pin.commit, green.commit)) {
      const number = /\(#(\d+)\)\s*$/m.exec(commit.message.split("\n")[0])?.[1];
      if (!number) continue;
      const { data: pull } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: cOwner, repo: cRepo, pull_number: Number(number) });
      lines.push(`- ${pull.title} (${component.repo}#${pull.number})`);
      for (const match of (pull.body ?? "").matchAll(ISSUE_REF)) {
        const issue = Number(match[1]);
        if (seenIssues.has(issue)) continue;
        seenIssues.add(issue);
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner: cOwner, repo: cRepo, issue_number: issue });
        lines.push(`  - fixes ${component.repo}#${data.number} ${data.title}`);
      }
    }
    pins.components[name] = green;
  }
  if (changed === 0) return { changed, wrote: false };
  const branch = `release-${environment}`;
  const title = `Release ${environment}: ${changed} components`;
  const body = lines.join("\n").slice(0, BODY_LIMIT);
  const { data: open } = await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner, repo, head: `${owner}:${branch}`, state: "open" });
  if (open[0] && open[0].body === body && open[0].title === title) return { changed, wrote: false };
  const { data: main } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/main" });
  const { data: mainCommit } = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner, repo, commit_sha: main.object.sha });
  const { data: tree } = await octokit.request("POST /repos/{owner}/{repo}/git/trees", { owner, repo, base_tree: mainCommit.tree.sha, tree: [{ path: envPath, mode: "100644", type: "blob", content: stringify(pins) }] });
  const { data: commit } = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { owner, repo, message: title, tree: tree.sha, parents: [main.object.sha] });
  if (open[0]) {
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: open[0].number, title, body });
  } else {
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, head: branch, base: "main", title, body });
  }
  return { changed, wrote: true };
}
