/** App and installation endpoints: JWT-authenticated app routes and the token's repository list. */
import { notFound, validationFailed } from "../../world/api-error.js";
import { isoSeconds } from "../../world/clock.js";
import { renderApp, renderInstallation } from "../render/render-accounts.js";
import { renderRepository } from "../render/render-repository.js";
import { requireInstallation } from "../authenticate.js";
import { created, ok, paginate, type RestRoute } from "../rest-route.js";

export const appRoutes: RestRoute[] = [
  {
    method: "GET",
    route: "/app",
    access: "app",
    handler: (req) => ok(renderApp(req.render)),
  },
  {
    method: "GET",
    route: "/app/installations",
    access: "app",
    handler: (req) => {
      const page = paginate(req, [...req.world.installations.values()]);
      return ok(page.items.map((i) => renderInstallation(req.render, i)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/app/installations/{installation_id}",
    access: "app",
    handler: (req) => {
      const installation = req.world.installations.get(Number(req.params.installation_id));
      if (!installation) throw notFound();
      return ok(renderInstallation(req.render, installation));
    },
  },
  {
    method: "POST",
    route: "/app/installations/{installation_id}/access_tokens",
    access: "app",
    handler: (req) => {
      const world = req.world;
      const installation = world.installations.get(Number(req.params.installation_id));
      if (!installation) throw notFound();
      const body = (req.body ?? {}) as { repositories?: string[]; repository_ids?: number[]; permissions?: Record<string, string> };
      const held = world.reposOf(installation);
      let repos: string[] | undefined;
      if (body.repositories || body.repository_ids) {
        const names = (body.repositories ?? []).map((n) => (n.includes("/") ? n : `${installation.account}/${n}`).toLowerCase());
        const selected = held.filter((r) => names.includes(r.fullName.toLowerCase()) || (body.repository_ids ?? []).includes(r.id));
        if (selected.length !== names.length + (body.repository_ids?.length ?? 0)) {
          throw validationFailed([{ resource: "Installation", code: "invalid", field: "repositories", message: "There is at least one repository that does not exist or is not accessible to the parent installation." }]);
        }
        repos = selected.map((r) => r.fullName);
      }
      const token = world.issueToken(installation.id, { repos, permissions: body.permissions });
      const visible = repos ? held.filter((r) => repos!.includes(r.fullName)) : held;
      return created({
        token: token.token,
        expires_at: isoSeconds(token.expiresAt),
        permissions: token.permissions,
        repository_selection: repos ? "selected" : installation.selection,
        ...(repos || installation.selection === "selected" ? { repositories: visible.map((r) => renderRepository(req.render, r)) } : {}),
      });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/installation",
    access: "app",
    handler: (req) => {
      const installation = req.world.installationOf(`${req.params.owner}/${req.params.repo}`);
      if (!installation) throw notFound();
      return ok(renderInstallation(req.render, installation));
    },
  },
  {
    method: "GET",
    route: "/orgs/{org}/installation",
    access: "app",
    handler: (req) => {
      const installation = req.world.installationForAccount(req.params.org);
      if (!installation) throw notFound();
      return ok(renderInstallation(req.render, installation));
    },
  },
  {
    method: "GET",
    route: "/installation/repositories",
    access: "installation",
    handler: (req) => {
      const token = requireInstallation(req.auth);
      const installation = req.world.installations.get(token.installationId)!;
      const repos = req.world.reposOf(installation).filter((r) => !token.repos || token.repos.has(r.fullName.toLowerCase()));
      const page = paginate(req, repos);
      return ok(
        {
          total_count: repos.length,
          repositories: page.items.map((r) => renderRepository(req.render, r)),
          repository_selection: installation.selection,
        },
        page.headers,
      );
    },
  },
];
