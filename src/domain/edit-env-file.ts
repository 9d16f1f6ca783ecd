/**
 * Changes the `version` / `commit` values of named components in an environment file in the bot's own format
 * (`components: { name: { version, commit } }`): the special case of editYamlPins (yaml-pins.ts) at the paths
 * components.<name>.version / .commit, with this format's own messages and check. Every other byte (comments,
 * order, quoting, blank lines, CRLF, trailing newline) stays as it was. A missing `commit` is added after
 * `version`; a commit the new pin lacks is removed. The result is re-parsed and checked before it is returned.
 */
import { isAlias, isMap, isScalar, parseDocument, type Pair, type YAMLMap } from "yaml";
import { parseEnvFile } from "./parse-env-file.js";
import { PinEditError } from "./pin-edit-error.js";
import { pinLocationOf } from "./pin-locations.js";
import { editYamlPins } from "./yaml-pins.js";
import type { Pin } from "./types.js";

export class EnvFileEditError extends PinEditError {
  constructor(message: string) {
    super(message);
    this.name = "EnvFileEditError";
  }
}

function keyIs(pair: Pair, name: string): boolean {
  return isScalar(pair.key) && String(pair.key.value) === name;
}

function componentBody(components: YAMLMap, name: string): YAMLMap {
  const entry = components.items.find((pair) => keyIs(pair, name));
  if (!entry) throw new EnvFileEditError(`component "${name}" is not listed in the environment file`);
  if (isAlias(entry.value)) throw new EnvFileEditError(`component "${name}" is an alias (*${entry.value.source}); write its version and commit out to let the bot edit it`);
  if (!isMap(entry.value)) throw new EnvFileEditError(`component "${name}" must be a map with a version`);
  return entry.value;
}

export interface EditEnvFileOptions {
  text: string;
  /** Component → its new pin. Components not named here are left untouched. */
  changes: Record<string, Pin>;
}

export function editEnvFile(opts: EditEnvFileOptions): string {
  const { text, changes } = opts;
  if (Object.keys(changes).length === 0) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new EnvFileEditError(`the environment file is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  const root = doc.contents;
  const componentsPair = isMap(root) ? root.items.find((pair) => keyIs(pair, "components")) : undefined;
  if (!componentsPair || !isMap(componentsPair.value)) throw new EnvFileEditError("the environment file has no `components:` map");
  const components = componentsPair.value;
  const edits = Object.entries(changes).map(([name, pin]) => {
    const body = componentBody(components, name);
    if (!body.items.some((pair) => keyIs(pair, "version"))) throw new EnvFileEditError(`component "${name}" has no version key`);
    const location = pinLocationOf({ name, component: {}, environment: "", environmentFile: "environment file" });
    return { location, pin };
  });
  let result: string;
  try {
    result = editYamlPins({ file: "the environment file", text, edits });
  } catch (error) {
    if (error instanceof PinEditError && !(error instanceof EnvFileEditError)) throw new EnvFileEditError(error.message);
    throw error;
  }
  verify({ before: text, after: result, changes });
  return result;
}

/** The edit must change exactly the requested pins and nothing else; anything else is a bug, not a release. */
function verify(opts: { before: string; after: string; changes: Record<string, Pin> }): void {
  const parsedBefore = parseEnvFile({ file: "before", text: opts.before });
  const before = parsedBefore.pins;
  const after = parseEnvFile({ file: "after", text: opts.after });
  const expected = { ...before };
  for (const [name, pin] of Object.entries(opts.changes)) expected[name] = pin.commit === undefined ? { version: pin.version } : { ...pin };
  const same = JSON.stringify(Object.entries(after.pins).sort()) === JSON.stringify(Object.entries(expected).sort());
  if (!same || after.problems.length > parsedBefore.problems.length) {
    throw new EnvFileEditError(`editing the environment file would not produce the intended pins (got ${JSON.stringify(after.pins)}, wanted ${JSON.stringify(expected)})`);
  }
}
