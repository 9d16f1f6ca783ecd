/**
 * Which repositories a request may touch, as GitHub decides it for an installation token:
 * repositories of the token's installation (narrowed by the token's own repository list) are
 * readable and writable within the installation's permissions; other public repositories are
 * readable only (writes: 403); other private repositories do not exist (404).
 */
import type { World } from "../world/world.js";
import type { Repository } from "../world/repository.js";
import type { InstallationToken } from "../world/records.js";
import { forbidden, notFound } from "../world/api-error.js";
import { requireInstallation, type AuthContext } from "./authenticate.js";

export function tokenHolds(world: World, token: InstallationToken, repo: Repository): boolean {
  const installation = world.installations.get(token.installationId);
  if (!installation || !world.installationHolds(installation, repo.fullName)) return false;
  return !token.repos || token.repos.has(repo.fullName.toLowerCase());
}

/** Whether a token can see a repository at all (GraphQL and cross-repo reads use this too). */
export function canRead(world: World, token: InstallationToken, repo: Repository): boolean {
  return tokenHolds(world, token, repo) || !repo.private;
}

export function resolveRepo(
  world: World,
  auth: AuthContext,
  fullName: string,
  access: "read" | "write",
  permission?: [string, "read" | "write"],
): Repository {
  const token = requireInstallation(auth);
  const repo = world.findRepo(fullName);
  if (!repo) throw notFound();
  const holds = tokenHolds(world, token, repo);
  if (!holds && repo.private) throw notFound();
  if (!holds && access === "write") throw forbidden();
  if (holds && permission) {
    const [scope, level] = permission;
    const granted = token.permissions[scope];
    if (!granted || (level === "write" && granted !== "write" && granted !== "admin")) throw forbidden();
  }
  return repo;
}
