/** Building blocks of ops-repo layout worlds (issue 9), shared by the layout scenarios and their attacks. */
import { opsRepo, world } from "./fixtures.js";

/** The fixtures' world with an ops repo holding only this config and these files. */
export function layoutWorld(config: string, files: Record<string, string>, opts: Parameters<typeof world>[0] = {}) {
  const base = world(opts);
  return { ...base, repos: { ...base.repos, "acme/ops": { ...opsRepo(), files: { ".github/release-bot.yml": config, ...files } } } };
}

/** A Kustomize overlay pinning `image` at `tag` (no `images:` at all when `tag` is null). */
export const overlay = (image: string, tag: string | null) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
${tag === null ? "" : `images:\n  - name: ${image}\n    newTag: "${tag}"   # set by release-bot\n`}`;

/** billing and search, each pinned in its own overlay per environment. */
export const KUSTOMIZE_CONFIG = `components:
  billing:
    repo: acme/billing
    build: { workflow: ci.yml }
    pin: { file: "apps/billing/overlays/{environment}/kustomization.yaml", image: ghcr.io/acme/billing }
  search:
    repo: acme/search
    build: { checks: ["ci/circleci: build"] }
    pin: { file: "apps/search/overlays/{environment}/kustomization.yaml", image: ghcr.io/acme/search }
environments:
  staging: { from: builds }
  production: { from: builds }
releaseOwners: [alice]
`;
