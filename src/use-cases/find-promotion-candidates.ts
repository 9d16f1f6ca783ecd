import { envFileOf, parseDurationMs, type Config } from "../domain/config-schema.js";
import { parseDeploymentPayload } from "../domain/deployment-payload.js";
import { shortVersion } from "../domain/short-sha.js";
import { soakStatus } from "../domain/schedule/soak.js";
import { formatZoned } from "../domain/schedule/zoned-time.js";
import type { SkippedComponent } from "../domain/types.js";
import type { Deployment } from "../github/deployments-port.js";
import type { GitHubPort } from "../github/github-port.js";
import { findCommitsOfVersions, type BuildLookup } from "./find-latest-builds.js";
import { readEnvironmentPins } from "./read-environment-pins.js";
import type { LoadedConfig } from "./load-ops-config.js";
import { rethrowIfTransient } from "./read-failed.js";

/** Deployments of the source environment examined, newest first: enough for a week of daily releases and their retries. */
export const PROMOTION_LOOKBACK = 20;

interface Success {
  deployment: Deployment;
  at: Date;
  versions: Record<string, string>;
}

/**
 * A promotion's candidates: the versions *successfully deployed* to the source environment (the
 * source env file at the newest deployment whose latest status is success), never what merely sits
 * on the default branch: merged-but-failed and still-deploying releases are not promoted. With
 * `minSoak`, a version must have been live upstream that long; younger ones wait and say until when.
 */
export async function findPromotionCandidates(opts: {
  github: GitHubPort;
  loaded: LoadedConfig;
  environment: string;
  components: string[];
  now: Date;
}): Promise<{ candidates: Record<string, BuildLookup>; waiting: SkippedComponent[] }> {
  const { github, loaded, environment } = opts;
  const config: Config = loaded.parsed.config;
  const source = config.environments[environment].from;
  const sourceFile = envFileOf(source, config.environments[source] ?? {});
  // Failed reads throw (named): "nothing deployed" and "does not deploy it" are answers, never guesses.
  const read = async <T>(what: string, work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      rethrowIfTransient(what, error);
      throw error;
    });
  const successes = await read(`the deployments of ${source}`, () => successfulDeployments({ github, repo: loaded.ops.repo, environment: source, sourceFile }));
  const latest = successes[0];
  if (!latest) {
    const detail = `nothing has been deployed successfully to ${source} yet`;
    return { candidates: Object.fromEntries(opts.components.map((c) => [c, { build: null, detail }])), waiting: [] };
  }
  const { pins } = await read(`the pins of ${source} as deployed`, () => readEnvironmentPins({ github, loaded, environment: source, ref: latest.deployment.sha }));
  // Source pins that store only their version: the commit that version was built from.
  const versionOnly = Object.fromEntries(opts.components.filter((name) => pins[name] && !pins[name].commit).map((name) => [name, [pins[name].version]]));
  const found = Object.keys(versionOnly).length > 0 ? await findCommitsOfVersions({ github, config, versions: versionOnly }) : {};
  for (const [name, [version]] of Object.entries(versionOnly)) {
    const commit = found[name]?.[version];
    if (commit?.commit) pins[name] = { ...pins[name], commit: commit.commit };
  }
  const minSoakMs = parseDurationMs(config.environments[environment].minSoak ?? "0m") ?? 0;
  const candidates: Record<string, BuildLookup> = {};
  const waiting: SkippedComponent[] = [];
  for (const name of opts.components) {
    const pin = pins[name];
    if (!pin?.commit) {
      const unresolved = pin ? found[name]?.[pin.version] : undefined;
      candidates[name] = {
        build: null,
        detail: pin ? `${source} pins only its version, and the commit it was built from was not found${unresolved && unresolved.commit === null ? ` (${unresolved.reason})` : ""}` : `${source} does not deploy it`,
      };
      continue;
    }
    const deployedAt = firstDeployedAt(successes, name, pin.version);
    const soak = soakStatus({ deployedAt, minSoakMs, now: opts.now });
    if (!soak.ready) {
      waiting.push({
        component: name,
        reason: "soaking",
        detail: `${shortVersion(pin.version)} waits until ${formatZoned(soak.readyAt, config.timezone)} (${config.timezone}): live on ${source} since ${formatZoned(deployedAt, config.timezone)}, needs ${config.environments[environment].minSoak} of soak time`,
      });
      continue;
    }
    candidates[name] = {
      build: { component: name, version: pin.version, commit: pin.commit, url: `${loaded.ops.htmlUrl}/deployments/${encodeURIComponent(source)}`, finishedAt: latest.at.toISOString() },
    };
  }
  return { candidates, waiting };
}

/** Successful deployments of an environment, newest first, with the versions each left in place. */
async function successfulDeployments(opts: { github: GitHubPort; repo: string; environment: string; sourceFile: string }): Promise<Success[]> {
  const recent = (await opts.github.deployments.listDeployments({ repo: opts.repo, environment: opts.environment, limit: PROMOTION_LOOKBACK })).filter(
    (d) => d.byApp && parseDeploymentPayload(d.payload),
  );
  const out: Success[] = [];
  for (const deployment of recent) {
    const statuses = await opts.github.deployments.listDeploymentStatuses(opts.repo, deployment.id);
    const latest = statuses[0]?.state;
    const success = statuses.find((s) => s.state === "success");
    // "inactive" after "success": GitHub retires an older successful deployment once a newer one succeeds.
    if (!success || (latest !== "success" && latest !== "inactive") || (out.length === 0 && latest !== "success")) continue;
    const payload = parseDeploymentPayload(deployment.payload)!;
    const versions = Object.fromEntries(Object.entries(payload.components).map(([name, c]) => [name, c.to.version]));
    out.push({ deployment, at: new Date(success.createdAt), versions });
  }
  return out;
}

/** When `version` of `name` first went live: the oldest success in the unbroken run that has it. */
function firstDeployedAt(successes: Success[], name: string, version: string): Date {
  let at = successes[0].at;
  for (const success of successes) {
    const deployed = success.versions[name];
    if (deployed === undefined) {
      at = success.at;
      continue;
    }
    if (deployed !== version) break;
    at = success.at;
  }
  return at;
}
