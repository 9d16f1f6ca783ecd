/** Git data: refs, commits, trees, blobs. */
import { notFound, unprocessable, validationFailed, ApiError } from "../../world/api-error.js";
import type { GitMode, TreeChange } from "../../world/git-objects.js";
import { deleteRef, signatureFor, updateRef } from "../../world/operations/git-operations.js";
import { renderGitCommit, renderGitRef, renderGitTree } from "../render/render-git.js";
import { nodeId, repoApi } from "../render/render-context.js";
import { created, noContent, ok, type RestRoute } from "../rest-route.js";

const READ: [string, "read"] = ["contents", "read"];
const WRITE: [string, "write"] = ["contents", "write"];

export const gitRoutes: RestRoute[] = [
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/ref/{ref}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const ref = `refs/${req.params.ref}`;
      const sha = req.repo.refs.get(ref);
      if (!sha) throw notFound();
      return ok(renderGitRef(req.render, req.repo, ref, sha));
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/matching-refs/{ref}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const prefix = `refs/${req.params.ref}`;
      const refs = [...req.repo.refs].filter(([r]) => r.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
      return ok(refs.map(([r, sha]) => renderGitRef(req.render, req.repo, r, sha)));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/refs",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const { ref, sha } = (req.body ?? {}) as { ref?: string; sha?: string };
      if (!ref || !/^refs\/[^/]+\/.+/.test(ref)) throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
      if (!sha) throw validationFailed([{ resource: "Reference", field: "sha", code: "missing_field" }]);
      updateRef(req.world, req.repo, { ref, sha, mode: "create", sender: req.world.app.botLogin });
      return created(renderGitRef(req.render, req.repo, ref, sha.toLowerCase()), { location: `${repoApi(req.render, req.repo.fullName)}/git/${ref}` });
    },
  },
  {
    method: "PATCH",
    route: "/repos/{owner}/{repo}/git/refs/{ref}",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const { sha, force } = (req.body ?? {}) as { sha?: string; force?: boolean };
      if (!sha) throw validationFailed([{ resource: "Reference", field: "sha", code: "missing_field" }]);
      const ref = `refs/${req.params.ref.replace(/^refs\//, "")}`;
      updateRef(req.world, req.repo, { ref, sha, force: Boolean(force), mode: "update", sender: req.world.app.botLogin });
      return ok(renderGitRef(req.render, req.repo, ref, sha.toLowerCase()));
    },
  },
  {
    method: "DELETE",
    route: "/repos/{owner}/{repo}/git/refs/{ref}",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      deleteRef(req.world, req.repo, `refs/${req.params.ref.replace(/^refs\//, "")}`, req.world.app.botLogin);
      return noContent();
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const commit = req.repo.git.commit(req.params.commit_sha);
      if (!commit) throw notFound();
      return ok(renderGitCommit(req.render, req.repo, commit));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/commits",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const body = (req.body ?? {}) as {
        message?: string;
        tree?: string;
        parents?: string[];
        author?: { name: string; email: string; date?: string };
        committer?: { name: string; email: string; date?: string };
      };
      if (typeof body.message !== "string") throw validationFailed([{ resource: "Commit", field: "message", code: "missing_field" }]);
      if (!body.tree || !req.repo.git.tree(body.tree)) throw unprocessable("Tree SHA does not exist");
      for (const p of body.parents ?? []) if (!req.repo.git.commit(p)) throw unprocessable("Parent SHA does not exist or is not a commit object");
      const bot = signatureFor(req.world, req.world.app.botLogin);
      const author = body.author ? { ...body.author, date: body.author.date ?? req.world.now() } : bot;
      const committer = body.committer ? { ...body.committer, date: body.committer.date ?? req.world.now() } : body.author ? { ...author } : bot;
      const commit = req.repo.git.putCommit({ tree: body.tree, parents: (body.parents ?? []).map((p) => p.toLowerCase()), message: body.message, author, committer });
      return created(renderGitCommit(req.render, req.repo, commit), { location: `${repoApi(req.render, req.repo.fullName)}/git/commits/${commit.sha}` });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/trees/{tree_sha}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const commit = req.repo.resolveCommit(req.params.tree_sha);
      const sha = req.repo.git.tree(req.params.tree_sha) ? req.params.tree_sha : commit?.tree;
      if (!sha) throw notFound();
      const recursive = Boolean(req.query.get("recursive")) && req.query.get("recursive") !== "false";
      return ok(renderGitTree(req.render, req.repo, sha, recursive));
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/trees",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const body = (req.body ?? {}) as { base_tree?: string; tree?: { path?: string; mode?: string; type?: string; sha?: string | null; content?: string }[] };
      if (!Array.isArray(body.tree)) throw validationFailed([{ resource: "Tree", field: "tree", code: "missing_field" }]);
      const git = req.repo.git;
      if (body.base_tree && !git.tree(body.base_tree)) throw unprocessable("base_tree is not a valid tree oid");
      const changes: TreeChange[] = [];
      for (const entry of body.tree) {
        if (!entry.path) throw unprocessable("tree.path is required");
        if (entry.content !== undefined && entry.sha) throw unprocessable("Must supply either tree.sha or tree.content. Request will fail if both are provided.");
        const mode = (entry.mode ?? "100644") as GitMode;
        if (entry.type === "tree" && entry.sha) {
          const sub = git.flatten(entry.sha);
          if (!git.tree(entry.sha)) throw new ApiError(422, { message: "GitRPC::BadObjectState" });
          changes.push({ path: entry.path, sha: null });
          for (const [p, e] of sub) changes.push({ path: `${entry.path}/${p}`, sha: e.sha, mode: e.mode });
        } else if (entry.content !== undefined) changes.push({ path: entry.path, content: entry.content, mode });
        else if (entry.sha === null) changes.push({ path: entry.path, sha: null });
        else if (entry.sha) {
          if (!git.blob(entry.sha)) throw new ApiError(422, { message: "GitRPC::BadObjectState" });
          changes.push({ path: entry.path, sha: entry.sha, mode });
        } else throw unprocessable("Must supply either tree.sha or tree.content.");
      }
      const sha = git.applyChanges(body.base_tree, changes);
      return created(renderGitTree(req.render, req.repo, sha), { location: `${repoApi(req.render, req.repo.fullName)}/git/trees/${sha}` });
    },
  },
  {
    method: "GET",
    route: "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    access: "read",
    permission: READ,
    handler: (req) => {
      const blob = req.repo.git.blob(req.params.file_sha);
      if (!blob) throw notFound();
      const sha = req.params.file_sha.toLowerCase();
      return ok({
        content: blob.toString("base64"),
        encoding: "base64",
        url: `${repoApi(req.render, req.repo.fullName)}/git/blobs/${sha}`,
        sha,
        size: blob.length,
        node_id: nodeId("B", sha),
      });
    },
  },
  {
    method: "POST",
    route: "/repos/{owner}/{repo}/git/blobs",
    access: "write",
    permission: WRITE,
    handler: (req) => {
      const { content, encoding } = (req.body ?? {}) as { content?: string; encoding?: string };
      if (typeof content !== "string") throw validationFailed([{ resource: "Blob", field: "content", code: "missing_field" }]);
      const sha = req.repo.git.putBlob(encoding === "base64" ? Buffer.from(content, "base64") : content);
      return created({ url: `${repoApi(req.render, req.repo.fullName)}/git/blobs/${sha}`, sha });
    },
  },
];
