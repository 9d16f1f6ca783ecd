import type { Probot } from "probot";
import type { MetadataSeal } from "../domain/metadata-seal.js";
import type { AppIdentity } from "./app-identity.js";
import { createGitHubPort } from "./create-github-port.js";
import type { GitHubPort } from "./github-port.js";
import { OctokitScheduleMarks, type ScheduleMarks } from "./schedule-marks.js";
import { toGitHubError } from "./to-github-error.js";

/** The port, authenticated as one installation of the app. */
export interface InstallationAccess {
  id: number;
  github: GitHubPort;
  /** The scheduled runs' marks in GitHub (for a bot without Redis). */
  marks: ScheduleMarks;
  /** Seals release metadata; none when the app has no metadata key. */
  seal?: MetadataSeal;
}

/** Every installation of the app (app JWT: `GET /app/installations`), each with its own installation-token port. */
export async function listInstallations(app: Probot, identity: AppIdentity, seal?: MetadataSeal): Promise<InstallationAccess[]> {
  const appOctokit = await app.auth();
  let installations: { id: number; suspended_at?: string | null }[];
  try {
    installations = await appOctokit.paginate("GET /app/installations", { per_page: 100 });
  } catch (error) {
    throw toGitHubError("GET /app/installations", error);
  }
  return Promise.all(
    installations
      .filter((i) => !i.suspended_at)
      .map(async (i) => {
        const octokit = await app.auth(i.id);
        return { id: i.id, github: createGitHubPort(octokit, identity), marks: new OctokitScheduleMarks(octokit, identity), seal };
      }),
  );
}
