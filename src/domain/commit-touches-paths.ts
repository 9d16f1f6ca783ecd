/**
 * Monorepos: does a commit belong to a component that owns some paths of its repository?
 *
 * Paths are glob-free. Each is either an exact file (`services/api/Dockerfile`) or a directory prefix
 * (`services/api` or `services/api/`): a changed file belongs to it when it equals the path or lies below
 * it. `services/api` does not match `services/api-gateway/x` (prefixes end at a `/`). No paths: the whole
 * repository is the component's, so every commit touches it. A commit that changed no files (an empty
 * merge) touches no path. Renamed files should be passed with both their old and new names.
 */

export function commitTouchesPaths(opts: { changedFiles: readonly string[]; paths: readonly string[] }): boolean {
  const { changedFiles, paths } = opts;
  if (paths.length === 0) return true;
  const prefixes = paths.map((path) => path.replace(/\/+$/, "")).filter((path) => path !== "");
  if (prefixes.length < paths.length) return true;
  return changedFiles.some((file) => prefixes.some((prefix) => file === prefix || file.startsWith(`${prefix}/`)));
}
