/**
 * Where one environment pins each component: the registry of env-file layouts, as data.
 *
 * Layouts (a component's `pin` in .github/release-bot.yml):
 * - no `pin` (the bot's own format): `components.<name>.version` / `.commit` in the environment's file;
 * - `pin: { file?, version?, commit? }`: dotted paths into a YAML or JSON file (Helm values, Chef environments, …);
 *   `version` defaults to `components.<name>.version`, `commit` to `components.<name>.commit` only when
 *   `version` is not set either (a file that stores only the version has no commit: it is found from the version);
 * - `pin: { file?, image }`: Kustomize, the `newTag` of the `images:` entry named `image`.
 * `file` defaults to the environment's file; `{environment}` in it is replaced by the environment's name.
 * The format is chosen by extension: `.json` is JSON, anything else YAML (`Kustomization` has none).
 *
 * Integration: `pinLocationsOf` says which files to read for an environment (`filesOf`); read each one
 * (absent files are `null`), then `pinnedStateOf` (pinned-state.ts) yields what the environment releases;
 * `editPinFile` (pin-file.ts) writes new pins, one call per file, one commit for all files.
 */
import { envFileOf, type ComponentConfig, type Config } from "./config-schema.js";

export type PinFormat = "yaml" | "json";
/** A segment of a dotted path: a map key, or a list index (numeric segments). */
export type PinPathSegment = string | number;

export const ENVIRONMENT_PLACEHOLDER = "{environment}";

interface PinLocationBase {
  component: string;
  /** The file in the ops repo, with `{environment}` replaced. */
  file: string;
  format: PinFormat;
  /** True when `file` is the environment's own file (no `pin.file`, or one naming the same path). */
  environmentFile: boolean;
}

export interface PathPinLocation extends PinLocationBase {
  kind: "path";
  versionPath: PinPathSegment[];
  /** Absent: the file stores only the version; the pinned commit must be found from it. */
  commitPath?: PinPathSegment[];
}

export interface KustomizePinLocation extends PinLocationBase {
  kind: "kustomize";
  /** The `name` of the entry in `images:` whose `newTag` is the version. */
  image: string;
}

export type PinLocation = PathPinLocation | KustomizePinLocation;

/** "yaml" or "json", by the file's extension (`.json`, any case, is JSON; everything else is read as YAML). */
export function pinFormatOf(file: string): PinFormat {
  return /\.json$/i.test(file) ? "json" : "yaml";
}

/** `billing.image.tag` → ["billing", "image", "tag"]; numeric segments become numbers (`images.0.newTag`). */
export function parsePinPath(dotted: string): PinPathSegment[] {
  return dotted.split(".").map((segment) => (/^(?:0|[1-9]\d{0,8})$/.test(segment) ? Number(segment) : segment));
}

/** A path as written in the config (`billing.image.tag`), for messages and problem keys. */
export function formatPinPath(path: readonly PinPathSegment[]): string {
  return path.map(String).join(".");
}

/** Where the version of a location is, for messages: `billing.image.tag`, or `images[name=ghcr.io/acme/api].newTag`. */
export function describePinLocation(location: PinLocation): string {
  return location.kind === "path" ? formatPinPath(location.versionPath) : `images[name=${location.image}].newTag`;
}

/** `{environment}` replaced by the environment's name. */
export function substituteEnvironment(template: string, environment: string): string {
  return template.split(ENVIRONMENT_PLACEHOLDER).join(environment);
}

export interface PinLocationOfOptions {
  name: string;
  component: Pick<ComponentConfig, "pin">;
  environment: string;
  /** The environment's file (envFileOf). */
  environmentFile: string;
}

/** Where one environment pins one component. */
export function pinLocationOf(opts: PinLocationOfOptions): PinLocation {
  const { name, environment, environmentFile } = opts;
  const pin = opts.component.pin;
  const file = pin?.file === undefined ? environmentFile : substituteEnvironment(pin.file, environment);
  const base = { component: name, file, format: pinFormatOf(file), environmentFile: file === environmentFile };
  if (pin?.image !== undefined) return { ...base, kind: "kustomize", image: pin.image };
  const own = ["components", name];
  if (pin?.version === undefined) {
    return { ...base, kind: "path", versionPath: [...own, "version"], commitPath: pin?.commit === undefined ? [...own, "commit"] : parsePinPath(pin.commit) };
  }
  return { ...base, kind: "path", versionPath: parsePinPath(pin.version), ...(pin.commit === undefined ? {} : { commitPath: parsePinPath(pin.commit) }) };
}

export interface PinLocationsOfOptions {
  config: Pick<Config, "components" | "environments">;
  environment: string;
}

/** Every component's pin location in one environment, in config order; [] for an unknown environment. */
export function pinLocationsOf(opts: PinLocationsOfOptions): PinLocation[] {
  const env = opts.config.environments[opts.environment];
  if (!env) return [];
  const environmentFile = envFileOf(opts.environment, env);
  return Object.entries(opts.config.components).map(([name, component]) => pinLocationOf({ name, component, environment: opts.environment, environmentFile }));
}

/** The distinct files of some locations, in first-use order: what to read for the environment. */
export function filesOf(locations: readonly PinLocation[]): string[] {
  return [...new Set(locations.map((location) => location.file))];
}
