import { isProductionLike, deployTargets } from "../domain/deploy-targets.js";
import { createDeploymentPayload, deploymentDescription, parseDeploymentPayload, type DeploymentPayload } from "../domain/deployment-payload.js";
import { envFileOf } from "../domain/config-schema.js";
import { parseEnvFile } from "../domain/parse-env-file.js";
import { parseReferences } from "../domain/parse-references.js";
import { parseReleaseMetadata } from "../domain/release-metadata.js";
import type { IssueRef, Pins } from "../domain/types.js";
import type { DeploymentsPort } from "../github/deployments-port.js";
import { GitHubError, type GitHubPort } from "../github/github-port.js";
import { describeError } from "./describe-error.js";
import type { LoadedConfig } from "./load-ops-config.js";

export interface MergedPull {
  number: number;
  title: string;
  body: string;
  headRef: string;
  labels: string[];
  mergeSha: string;
  mergedBy?: string;
}

const unknownMarker = (pull: number): string => `<!-- release-bot:unknown-environment pull=${pull} -->`;

/**
 * Step 2: a merged `release-<env>` / `rollback-<env>` PR, or any merged PR labelled `deploy/<env>`,
 * becomes one GitHub Deployment per environment (never two for the same PR and commit), and
 * dispatches the environment's deploy workflow when the config names one.
 */
export async function deployMergedPull(opts: { github: GitHubPort; deployments: DeploymentsPort; loaded: LoadedConfig; pull: MergedPull }): Promise<number[]> {
  const { github, deployments, loaded, pull } = opts;
  const { config } = loaded.parsed;
  const repo = loaded.ops.repo;
  const targets = deployTargets({ headRef: pull.headRef, labels: pull.labels, knownEnvironments: Object.keys(config.environments) });
  if (targets.kind === "none") return [];

  if (targets.unknown.length > 0) {
    const comments = await github.listComments(repo, pull.number);
    if (!comments.some((c) => c.byApp && c.body.includes(unknownMarker(pull.number)))) {
      const known = Object.keys(config.environments).map((e) => `\`${e}\``).join(", ") || "none";
      await github.createComment({
        repo,
        number: pull.number,
        body: `${unknownMarker(pull.number)}\nNot deployed to ${targets.unknown.map((e) => `\`${e}\``).join(", ")}: no such environment in \`.github/release-bot.yml\` (known: ${known}). Fix the label or the config, then label again or run \`/release\`.`,
      });
    }
  }

  const created: number[] = [];
  for (const environment of targets.environments) {
    const existing = await deployments.listDeployments({ repo, environment, sha: pull.mergeSha });
    if (existing.some((d) => parseDeploymentPayload(d.payload)?.pull === pull.number)) continue;
    const { components, issues } = await whatIsDeployed({ github, loaded, environment, pull, kind: targets.kind });
    const payload = createDeploymentPayload({ environment, pull: pull.number, kind: targets.kind === "rollback" ? "rollback" : targets.kind === "release" ? "release" : "label", components, issues, mergedBy: pull.mergedBy });
    const deployment = await deployments.createDeployment({
      repo,
      ref: pull.mergeSha,
      environment,
      description: deploymentDescription({ environment, components, pull: pull.number }),
      payload,
      productionEnvironment: isProductionLike(environment),
    });
    created.push(deployment.id);
    const executor = config.environments[environment]?.deploy?.workflow;
    if (executor) {
      try {
        await deployments.dispatchWorkflow({
          repo,
          workflow: executor,
          ref: loaded.ops.defaultBranch,
          inputs: { environment, deployment_id: String(deployment.id), ref: pull.mergeSha },
        });
      } catch (error) {
        // The deployment exists but nothing will run it: say so where the merger looks, and how to fix it.
        const permission = error instanceof GitHubError && error.kind === "forbidden" ? " The app needs the *Actions: write* permission to dispatch workflows." : "";
        await github.createComment({
          repo,
          number: pull.number,
          body: `Deployment ${deployment.id} to **${environment}** was created, but dispatching \`${executor}\` failed: ${describeError(error)}.${permission} Run the workflow by hand with \`environment=${environment}\`, \`deployment_id=${deployment.id}\`, or fix the cause and merge again.`,
        });
      }
    }
  }
  return created;
}

/** Components and issues of a deployment: a release PR's hidden metadata, else the env file's diff across the merge. */
async function whatIsDeployed(opts: { github: GitHubPort; loaded: LoadedConfig; environment: string; pull: MergedPull; kind: string }): Promise<Pick<DeploymentPayload, "components" | "issues">> {
  const { github, loaded, environment, pull } = opts;
  const meta = parseReleaseMetadata(pull.body);
  if (meta && meta.environment === environment) {
    const components = Object.fromEntries(Object.entries(meta.components).map(([name, c]) => [name, { repo: c.repo, from: c.from, to: c.to }]));
    return { components, issues: meta.issues };
  }
  const envConfig = loaded.parsed.config.environments[environment];
  const file = envFileOf(environment, envConfig);
  const [parent] = await github.getCommitParents(loaded.ops.repo, pull.mergeSha);
  const pinsAt = async (ref: string | undefined): Promise<Pins> => {
    if (!ref) return {};
    const content = await github.readFile(loaded.ops.repo, file, ref);
    return content ? parseEnvFile({ file, text: content.content }).pins : {};
  };
  const [before, after] = await Promise.all([pinsAt(parent), pinsAt(pull.mergeSha)]);
  const components = Object.fromEntries(
    Object.entries(after)
      .filter(([name, pin]) => before[name]?.version !== pin.version || before[name]?.commit !== pin.commit)
      .map(([name, pin]) => [name, { repo: loaded.parsed.config.components[name]?.repo, from: before[name], to: pin }]),
  );
  const refs = parseReferences({ text: `${pull.title}\n${pull.body}`, repo: loaded.ops.repo });
  const issues: IssueRef[] = refs.refs.filter((r) => !(r.repo === loaded.ops.repo && r.number === pull.number));
  return { components, issues };
}
