/** Deployments and deployment statuses (slice 2). */
import { notFound, validationFailed } from "../../world/api-error.js";
import type { DeploymentStatus } from "../../world/records.js";
import { addDeploymentStatus, createDeployment } from "../../world/operations/deployment-operations.js";
import { renderDeployment, renderDeploymentStatus } from "../render/render-ci.js";
import { created, ok, paginate, type RestRequest, type RestRoute } from "../rest-route.js";

const READ: [string, "read"] = ["deployments", "read"];
const WRITE: [string, "write"] = ["deployments", "write"];
const STATES = new Set(["error", "failure", "inactive", "in_progress", "queued", "pending", "success"]);

function deployment(req: RestRequest) {
  const d = req.repo.deployments.find((x) => x.id === Number(req.params.deployment_id));
  if (!d) throw notFound();
  return d;
}

export const deploymentRoutes: RestRoute[] = [
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/deployments",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const b = (req.body ?? {}) as {
        ref?: string;
        task?: string;
        auto_merge?: boolean;
        required_contexts?: string[];
        payload?: Record<string, unknown> | string;
        environment?: string;
        description?: string | null;
        transient_environment?: boolean;
        production_environment?: boolean;
      };
      if (!b.ref) throw validationFailed([{ resource: "Deployment", field: "ref", code: "missing_field" }]);
      let payload = b.payload ?? {};
      if (typeof payload === "string") {
        try {
          payload = JSON.parse(payload) as Record<string, unknown>;
        } catch {
          // GitHub keeps a non-JSON string payload as is
        }
      }
      const d = createDeployment(req.world, req.repo, {
        ref: b.ref,
        task: b.task,
        payload,
        environment: b.environment,
        description: b.description,
        requiredContexts: b.required_contexts,
        transientEnvironment: b.transient_environment,
        productionEnvironment: b.production_environment,
        creator: req.world.app.botLogin,
      });
      return created(renderDeployment(req.render, req.repo, d));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/deployments",
    access: "read",
    permission: READ,
    handler: (req) => {
      const q = req.query;
      let list = [...req.repo.deployments].reverse();
      for (const key of ["sha", "ref", "task", "environment"] as const) {
        const value = q.get(key);
        if (value) list = list.filter((d) => d[key] === value);
      }
      const page = paginate(req, list);
      return ok(page.items.map((d) => renderDeployment(req.render, req.repo, d)), page.headers);
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/deployments/{deployment_id}",
    access: "read",
    permission: READ,
    handler: (req) => ok(renderDeployment(req.render, req.repo, deployment(req))),
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    access: "read",
    permission: READ,
    handler: (req) => {
      const d = deployment(req);
      const page = paginate(req, [...d.statuses].reverse());
      return ok(page.items.map((s) => renderDeploymentStatus(req.render, req.repo, d, s)), page.headers);
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const d = deployment(req);
      const b = (req.body ?? {}) as { state?: string; target_url?: string; log_url?: string; description?: string; environment?: string; environment_url?: string; auto_inactive?: boolean };
      if (!b.state || !STATES.has(b.state)) throw validationFailed([{ resource: "DeploymentStatus", field: "state", code: "invalid" }]);
      const s = addDeploymentStatus(req.world, req.repo, d.id, {
        state: b.state as DeploymentStatus["state"],
        targetUrl: b.target_url,
        logUrl: b.log_url,
        description: b.description,
        environment: b.environment,
        environmentUrl: b.environment_url,
        autoInactive: b.auto_inactive,
        creator: req.world.app.botLogin,
      });
      return created(renderDeploymentStatus(req.render, req.repo, d, s));
    },
  },
];
