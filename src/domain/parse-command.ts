/**
 * Reads a ChatOps command from a comment body: `/release staging`, `/rollback production --force`, `/status`.
 * The command must start a line (up to 3 spaces of indentation); commands in block quotes, fenced or indented
 * code blocks and HTML comments are ignored. The first known command wins. Any Unicode space (NBSP, U+2000–U+200A,
 * U+202F, U+205F, U+3000, tabs) separates the command and its arguments like a space does.
 */
export const COMMANDS = ["release", "rollback", "status"] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface ParsedCommand {
  command: CommandName;
  args: string[];
  force: boolean;
}

/** Horizontal whitespace as Unicode has it (`\s` without line breaks and the BOM). */
const SPACE = /[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/;
const COMMAND_LINE = new RegExp(`^ {0,3}\\/([a-z][a-z-]*)(?:${SPACE.source}(.*))?$`, "i");

/** The comment's lines with HTML comments and fenced code blocks blanked out. */
function visibleLines(body: string): string[] {
  const withoutComments = body.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => comment.replace(/[^\n]/g, " "));
  const lines = withoutComments.split(/\r?\n/);
  let fence: string | null = null;
  return lines.map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && /^ {0,3}[`~]+\s*$/.test(line)) fence = null;
      return "";
    }
    if (marker) {
      fence = marker;
      return "";
    }
    return line;
  });
}

export function parseCommand(body: string): ParsedCommand | null {
  for (const line of visibleLines(body)) {
    const match = COMMAND_LINE.exec(line.trimEnd());
    if (!match) continue;
    const name = match[1].toLowerCase();
    if (!(COMMANDS as readonly string[]).includes(name)) continue;
    const words = (match[2] ?? "").split(SPACE).filter(Boolean);
    return {
      command: name as CommandName,
      args: words.filter((word) => word !== "--force"),
      force: words.includes("--force"),
    };
  }
  return null;
}
