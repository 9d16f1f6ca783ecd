/**
 * Changes the `version` / `commit` values of named components in an environment file in the bot's own format
 * (`components: { name: { version, commit } }`), by splicing text (splice-yaml.ts), so every other byte
 * (comments, order, quoting, blank lines, CRLF, trailing newline) stays as it was. A missing `commit` is added
 * after `version`; a commit the new pin lacks is removed. The result is re-parsed and checked before it is returned.
 * Other layouts (dotted paths, JSON, Kustomize) are edited by editPinFile (pin-file.ts).
 */
import { isAlias, isMap, isScalar, parseDocument, type Pair, type YAMLMap } from "yaml";
import { parseEnvFile } from "./parse-env-file.js";
import { PinEditError } from "./pin-edit-error.js";
import { finishYamlEdit, insertYamlPairAfter, removeYamlPair, replaceYamlValue, startYamlEdit } from "./splice-yaml.js";
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
  const edit = startYamlEdit({ text, doc });
  let result: string;
  try {
    for (const [name, pin] of Object.entries(changes)) {
      const body = componentBody(components, name);
      const flow = Boolean(body.flow);
      const versionPair = body.items.find((pair) => keyIs(pair, "version"));
      if (!versionPair) throw new EnvFileEditError(`component "${name}" has no version key`);
      replaceYamlValue(edit, { node: versionPair.value, value: pin.version, flow });
      const commitPair = body.items.find((pair) => keyIs(pair, "commit"));
      if (pin.commit !== undefined && commitPair) replaceYamlValue(edit, { node: commitPair.value, value: pin.commit, flow });
      else if (pin.commit !== undefined) insertYamlPairAfter(edit, { map: body, after: versionPair, key: "commit", value: pin.commit });
      else if (commitPair) removeYamlPair(edit, { map: body, pair: commitPair });
    }
    result = finishYamlEdit(edit);
  } catch (error) {
    if (error instanceof PinEditError && !(error instanceof EnvFileEditError)) throw new EnvFileEditError(error.message.replace("cannot remove a key", "cannot remove a commit key"));
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
