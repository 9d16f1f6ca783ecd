/**
 * The `/status` answer: every environment of the config in promotion order with its source, pinned
 * versions, open release PR, next scheduled run (in the config's time zone) and an active freeze;
 * a Mermaid `graph LR` of the promotion chain; environments blocked by problems, each with them.
 *
 * Pure: the caller passes what it read (pins, open PRs) and `now`; nothing here reads a clock.
 * Text from files (component names, versions, problem messages) is escaped, so it cannot break the
 * table or ping anyone. PR links go through the redirector host, like release bodies.
 */
import type { Config } from "./config-schema.js";
import type { ConfigProblem } from "./config-problem.js";
import { codeSpan, sanitizeForBody } from "./neutralize-text.js";
import { promotionOrder } from "./promotion-order.js";
import { BODY_BUDGET, linkBaseOf, plural, refLink, short } from "./render-release-body.js";
import { nextRun } from "./schedule/due-runs.js";
import { activeFreeze } from "./schedule/freeze.js";
import { localDateTimeOf } from "./schedule/zoned-time.js";
import type { Pins, RepoName } from "./types.js";

/** What the use case read about one configured environment. */
export interface EnvironmentSnapshot {
  /** Pins of its env file on the default branch; absent when the file could not be read. */
  pins?: Pins;
  /** Number of its open `release-<env>` PR, if any. */
  openPull?: number | null;
  /** What keeps it from releasing (its env file's problems). */
  problems?: readonly ConfigProblem[];
}

export interface RenderStatusOptions {
  config: Pick<Config, "timezone" | "environments" | "freeze" | "links">;
  /** The config's own problems (ParsedConfig.problems): the environments they block are listed with them. */
  configProblems: readonly ConfigProblem[];
  /** By environment name, for the environments of `config`. */
  snapshots: Readonly<Record<string, EnvironmentSnapshot>>;
  opsRepo: RepoName;
  /** Web URL of GitHub (GitHub Enterprise: its own). Default https://github.com */
  githubUrl?: string;
  now: Date;
  /** Maximum length; beyond it pinned versions collapse to counts. Default 60,000. */
  budget?: number;
}

/** Environments with more pins than this show them folded in a `<details>`. */
const FOLD_PINS = 8;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Words Mermaid reads as keywords, never usable as node ids. */
const MERMAID_KEYWORDS = new Set(["end", "graph", "flowchart", "subgraph", "direction", "style", "class", "classdef", "click", "linkstyle", "default", "call", "href"]);

/** "Fri 27 Nov 09:00 Europe/Rome", with the year when it is not `now`'s year in the zone. */
export function formatWhen(opts: { instant: Date; timezone: string; now: Date }): string {
  const t = localDateTimeOf(opts.instant, opts.timezone);
  const weekday = WEEKDAYS[new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()];
  const year = t.year === localDateTimeOf(opts.now, opts.timezone).year ? "" : ` ${t.year}`;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${weekday} ${t.day} ${MONTHS[t.month - 1]}${year} ${two(t.hour)}:${two(t.minute)} ${opts.timezone}`;
}

const text = (value: string) => sanitizeForBody(value);
/** A code span that survives a table cell: `|` escaped (GitHub unescapes it inside code), one line, capped. */
const cellCode = (value: string) => codeSpan(short(value), { table: true });

function pinsCell(pins: Pins | undefined, countsOnly: boolean): string {
  if (!pins) return "—";
  const entries = Object.entries(pins);
  if (entries.length === 0) return "(none)";
  if (countsOnly) return plural(entries.length, "component");
  const listed = entries.map(([name, pin]) => `${text(name)} ${cellCode(pin.version)}`).join("<br>");
  return entries.length > FOLD_PINS ? `<details><summary>${plural(entries.length, "component")}</summary>${listed}</details>` : listed;
}

const sentence = (value: string) => sanitizeForBody(/[.!?]$/.test(value.trim()) ? value.trim() : `${value.trim()}.`);
const problemLine = (p: ConfigProblem) =>
  `  - ${codeSpan(p.file)}${p.key ? ` → ${codeSpan(p.key)}` : ""}${p.line ? ` (line ${p.line})` : ""}: ${sentence(p.message)} Fix: ${sentence(p.fix)}`;

/** Environments blocked by config problems naming them (left out of `config.environments`), with those problems. */
function blockedByConfig(opts: Pick<RenderStatusOptions, "config" | "configProblems">): { name: string; problems: ConfigProblem[] }[] {
  const names = new Set<string>();
  for (const p of opts.configProblems) if (p.environments !== "all") for (const env of p.environments) names.add(env);
  return [...names]
    .filter((name) => !opts.config.environments[name])
    .sort()
    .map((name) => ({ name, problems: opts.configProblems.filter((p) => p.environments !== "all" && p.environments.includes(name)) }));
}

/** Mermaid node ids: the name when Mermaid reads it as one, otherwise a sanitized, unique id with the name as label. */
function mermaidIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>([["builds", "builds"]]);
  const used = new Set(ids.values());
  for (const name of names) {
    let id = /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !MERMAID_KEYWORDS.has(name.toLowerCase()) && !used.has(name) ? name : `env_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
    for (let n = 2; used.has(id); n++) id = `env_${name.replace(/[^A-Za-z0-9_]/g, "_")}_${n}`;
    used.add(id);
    ids.set(name, id);
  }
  return ids;
}

/**
 * `graph LR` of the promotion chain: linear stretches on one line (`builds --> staging --> demo --> production`),
 * a new line from each environment that feeds several.
 */
export function renderPromotionGraph(config: Pick<Config, "environments">): string {
  const order = promotionOrder(config);
  const ids = mermaidIds(order);
  const children = new Map<string, string[]>();
  for (const name of order) {
    const from = config.environments[name].from;
    children.set(from, [...(children.get(from) ?? []), name]);
  }
  const lines: string[] = [];
  const drawn = new Set<string>();
  const walk = (start: string) => {
    for (const first of children.get(start) ?? []) {
      if (drawn.has(first)) continue;
      const chain = [start, first];
      drawn.add(first);
      let last = first;
      for (let next = children.get(last) ?? []; next.length === 1 && !drawn.has(next[0]); next = children.get(last) ?? []) {
        last = next[0];
        drawn.add(last);
        chain.push(last);
      }
      lines.push(chain.map((name) => ids.get(name) ?? name).join(" --> "));
      walk(last);
    }
  };
  walk("builds");
  // A source that is not configured cannot pass config checks; such an environment is drawn alone.
  for (const name of order) if (!drawn.has(name)) lines.push(ids.get(name)!);
  const labels = order.filter((name) => ids.get(name) !== name).map((name) => `${ids.get(name)}["${name}"]`);
  const sources = children.has("builds") ? ['builds(["green builds"])'] : [];
  return ["```mermaid", "graph LR", ...[...sources, ...labels, ...lines].map((line) => `  ${line}`), "```"].join("\n");
}

/** The config's zone when it is one; UTC otherwise (an invalid zone is a config problem, listed with the rest). */
function zoneOf(timezone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return timezone;
  } catch {
    return "UTC";
  }
}

function render(opts: RenderStatusOptions, countsOnly: boolean): string {
  const { config, now, opsRepo } = opts;
  const timezone = zoneOf(config.timezone);
  const ctx = { linkBase: linkBaseOf({ redirect: config.links.redirect, githubUrl: opts.githubUrl ?? "https://github.com" }), githubHost: new URL(opts.githubUrl ?? "https://github.com").host };
  const order = promotionOrder(config);
  const rows = order.map((name) => {
    const env = config.environments[name];
    const snapshot = opts.snapshots[name] ?? {};
    const from = env.from === "builds" ? "builds" : `← ${env.from}`;
    const pull = snapshot.openPull ? refLink(ctx, { repo: opsRepo, number: snapshot.openPull }, opsRepo, "pull") : "—";
    const next = env.schedule ? nextRunCell({ ...opts, timezone, environment: name, schedule: env.schedule }) : "—";
    const notes: string[] = [];
    const freeze = activeFreeze({ freeze: config.freeze, environment: name, at: now, timezone });
    if (freeze) notes.push(`❄️ frozen until ${formatWhen({ instant: freeze.endsAt, timezone, now })}: ${text(freeze.reason)}`);
    if (snapshot.problems?.length) notes.push("⚠️ blocked, see below");
    return `| **${text(name)}** | ${from} | ${pinsCell(snapshot.pins, countsOnly)} | ${pull} | ${next} | ${notes.join("<br>") || " "} |`;
  });

  const blocked = [
    ...order.filter((name) => opts.snapshots[name]?.problems?.length).map((name) => ({ name, problems: [...opts.snapshots[name].problems!] })),
    ...blockedByConfig(opts),
  ];
  const everything = opts.configProblems.filter((p) => p.environments === "all");
  const out = [`### Release status of ${opsRepo}`, "", `As of ${formatWhen({ instant: now, timezone, now })}.`, ""];
  if (rows.length > 0) {
    out.push("| environment | from | pinned versions | open release PR | next scheduled run | notes |", "|---|---|---|---|---|---|", ...rows, "", renderPromotionGraph(config), "");
  } else {
    out.push("No environment can be shown: none is configured, or the configuration blocks them all.", "");
  }
  if (everything.length > 0) {
    out.push("**Every environment is blocked** until the configuration is fixed:", ...everything.map(problemLine), "");
  }
  if (blocked.length > 0) {
    out.push(`**Blocked** (${plural(blocked.length, "environment")}, not released until fixed):`);
    for (const { name, problems } of blocked) out.push(`- **${text(name)}**`, ...problems.map(problemLine));
    out.push("");
  }
  return out.join("\n").trimEnd();
}

function nextRunCell(opts: RenderStatusOptions & { timezone: string; environment: string; schedule: string }): string {
  const { timezone } = opts;
  const { freeze } = opts.config;
  let run: Date | null;
  try {
    run = nextRun({ cron: opts.schedule, timezone, after: opts.now });
  } catch {
    return "(invalid schedule)"; // config checks report it
  }
  if (!run) return "never";
  const held = activeFreeze({ freeze, environment: opts.environment, at: run, timezone });
  return `${formatWhen({ instant: run, timezone, now: opts.now })}${held ? ` (skipped, frozen: ${text(held.reason)})` : ""}`;
}

/** The `/status` answer (Markdown). Beyond the budget, pinned versions shrink to counts. */
export function renderStatus(opts: RenderStatusOptions): string {
  const full = render(opts, false);
  return full.length <= (opts.budget ?? BODY_BUDGET) ? full : render(opts, true);
}
