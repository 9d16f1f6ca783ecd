/** The bench's text output: one table of every world and phase, then each bot run's requests by route. */
import type { Measurement } from "./bench-session.js";
import type { WorldResult } from "./run-bench-world.js";

const shortRoute = (route: string) => route.replace("/repos/{owner}/{repo}", "…").replace(/^POST \/graphql$/, "graphql");

function ratio(naive: Measurement | undefined, bot: Measurement): string {
  if (!naive) return "—";
  if (bot.requests === 0) return "∞";
  return `${(naive.requests / bot.requests).toFixed(1)}×`;
}

function cells(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w, i) => (i < 2 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

export function renderBenchTable(results: WorldResult[]): string {
  const header = ["world", "phase", "requests", "GraphQL points", "writes", "wall", "bot RSS", "naive requests", "naive / bot"];
  const rows: string[][] = [header];
  for (const w of results) {
    w.bot.forEach((m, i) => {
      const naive = w.naive?.[i];
      rows.push([
        i === 0 ? `${w.components} × ${w.commits}` : "",
        m.label,
        String(m.requests),
        m.graphqlPoints === null ? "n/a" : String(m.graphqlPoints),
        String(m.writes),
        `${(m.wallMs / 1000).toFixed(1)} s`,
        m.botPeakRssMb === null ? "n/a" : `${m.botPeakRssMb} MB`,
        naive ? String(naive.requests) : "—",
        ratio(naive, m),
      ]);
    });
  }
  const routes: string[] = [];
  for (const w of results) {
    for (const m of w.bot) {
      const parts = Object.entries(m.byRoute).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${n} ${shortRoute(r)}`);
      routes.push(`- ${w.components} × ${w.commits}, ${m.label}: ${parts.join(", ") || "none"}`);
    }
  }
  const notes = [
    "Counted in the sandbox until the bot was done (idle and quiet); \"requests\" include installation-token requests.",
    "Wall time and RSS vary between runs; request counts do not. Bot RSS: peak VmHWM of the bot's own process during the phase.",
    "GraphQL points: by GitHub's formula, as the sandbox charges them. naive: a per-commit REST bot (bench/naive-baseline.ts) on the same world; — = not run.",
    ...(results.some((w) => w.contractViolations > 0) ? [`CONTRACT VIOLATIONS: ${results.map((w) => w.contractViolations).reduce((a, b) => a + b, 0)}`] : []),
  ];
  return [cells(rows), "", ...notes, "", "Bot requests by route:", ...routes].join("\n");
}
