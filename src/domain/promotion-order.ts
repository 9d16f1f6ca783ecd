import type { Config } from "./config-schema.js";

/** Environment names, each after the environment it is promoted from (builds-fed first), ties by name. */
export function promotionOrder(config: Pick<Config, "environments">): string[] {
  const names = Object.keys(config.environments).sort();
  const placed = new Set<string>();
  const out: string[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const name of names) {
      const from = config.environments[name].from;
      if (placed.has(name) || (from !== "builds" && !placed.has(from) && names.includes(from))) continue;
      placed.add(name);
      out.push(name);
      progressed = true;
    }
  }
  return [...out, ...names.filter((n) => !placed.has(n))];
}
