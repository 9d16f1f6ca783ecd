import type { MetadataSeal } from "../domain/metadata-seal.js";
import type { GitHubPort } from "./github-port.js";
import type { ScheduleMarks } from "./schedule-marks.js";

/** The port, authenticated as one installation of the app (made by installation-directory.ts). */
export interface InstallationAccess {
  id: number;
  github: GitHubPort;
  /** The scheduled runs' marks in GitHub (for a bot without Redis). */
  marks: ScheduleMarks;
  /** Seals release metadata; none when the app has no metadata key. */
  seal?: MetadataSeal;
}
