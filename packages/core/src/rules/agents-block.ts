// Codex reads AGENTS.md at session start; its hooks (an experimental feature flag, and
// PreToolUse sees only Bash, not its file edits) cannot check an edit before it happens.
// So `lanes setup codex` writes the same advice as a marked block in AGENTS.md, and
// --remove takes out exactly that block (and the file, when lanes created it).

export const BLOCK_START =
  '<!-- >>> lanes >>> managed by `lanes setup codex`; `lanes setup codex --remove` removes this block -->';
export const BLOCK_END = '<!-- <<< lanes <<< -->';
const CREATED = ' <!-- file created by lanes -->';
const ADDED = (newlines: number) => ` <!-- ${newlines} newline(s) added before by lanes -->`;

/** `lanes` is the command as a shell at the repository's top runs it; `bin` the path node runs for the MCP server. */
function agentsBlockBody(lanes: string, bin: string): string[] {
  return [
    '## Parallel sessions (lanes)',
    '',
    'Several sessions work in this repository at once; lanes coordinates them.',
    '',
    `- At the start: run \`${lanes} prime\` and read it (your session, PRD, next story, the rules).`,
    `- Before editing a file: \`${lanes} check <path> --json\`. \`risk: "high"\` (exit 3): another live session is changing it; do not edit it.`,
    `- Start a story: \`${lanes} heartbeat --story US-x\`; finish it: \`${lanes} heartbeat --completed US-x\`.`,
    `- Long work without commits: \`${lanes} heartbeat --quiet\` every few minutes.`,
    `- Done: \`${lanes} release --json\`. The guide: docs/lanes-agents.md on the coordination branch (\`prime\` says how to read it).`,
    `- The same as MCP tools: in ~/.codex/config.toml, \`[mcp_servers.lanes]\` with \`command = "node"\` and \`args = [${JSON.stringify(bin)}, "mcp"]\`.`,
  ];
}

interface Found {
  start: number;
  end: number;
  created: boolean;
  /** Newlines lanes put before the block (to take out with it). */
  added: number;
}

function find(content: string): Found | undefined {
  const start = content.indexOf(BLOCK_START);
  if (start < 0) return undefined;
  const endAt = content.indexOf(BLOCK_END, start);
  if (endAt < 0) return undefined;
  let end = endAt + BLOCK_END.length;
  if (content[end] === '\n') end += 1;
  const firstLine = content.slice(start, content.indexOf('\n', start));
  const added = Number(/<!-- (\d) newline/.exec(firstLine)?.[1] ?? 0);
  return { start, end, created: firstLine.includes(CREATED.trim()), added };
}

/** AGENTS.md with lanes' block (replaced in place, or appended); undefined: no file yet. */
export function withAgentsBlock(content: string | undefined, lanes: string, bin: string): string {
  const make = (flags: string) =>
    [`${BLOCK_START}${flags}`, ...agentsBlockBody(lanes, bin), BLOCK_END, ''].join('\n');
  if (content === undefined) return make(CREATED);
  const found = find(content);
  if (found !== undefined) {
    const flags = found.created ? CREATED : found.added > 0 ? ADDED(found.added) : '';
    return content.slice(0, found.start) + make(flags) + content.slice(found.end);
  }
  // A blank line between the user's text and the block.
  const added = content === '' || content.endsWith('\n\n') ? 0 : content.endsWith('\n') ? 1 : 2;
  return `${content}${'\n'.repeat(added)}${make(added > 0 ? ADDED(added) : '')}`;
}

/** AGENTS.md without lanes' block; null when lanes created the file and nothing else is left. */
export function withoutAgentsBlock(content: string): string | null {
  const found = find(content);
  if (found === undefined) return content;
  const before = content.slice(0, found.start - found.added);
  const rest = before + content.slice(found.end);
  return found.created && rest.trim() === '' ? null : rest;
}
