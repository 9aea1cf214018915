import type { PathHolder, PathRisk } from './path-risk.js';

// Claude Code's PreToolUse hook: the tool call arrives as JSON on stdin
// (`tool_input` holds the file, `cwd` the directory); a JSON answer on stdout with
// `hookSpecificOutput.permissionDecision: "deny"` stops the edit and tells the agent why.
// Anything else lets the runtime's own permission flow go on: lanes never says "allow",
// which would skip the user's permission prompts.

export interface ToolCall {
  /** The directory the runtime ran in (relative paths are resolved from there). */
  cwd?: string;
  /** The files the tool is about to write. */
  paths: string[];
}

const PATH_FIELDS = ['file_path', 'notebook_path'] as const;

/** The tool call a runtime hook hands over; unreadable input is a call without paths. */
export function parseToolCall(text: string): ToolCall {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { paths: [] };
  }
  if (typeof value !== 'object' || value === null) return { paths: [] };
  const input = value as Record<string, unknown>;
  const tool = (input.tool_input ?? {}) as Record<string, unknown>;
  const nonEmpty = (from: Record<string, unknown>, key: string) =>
    typeof from[key] === 'string' && from[key] !== '' ? [from[key] as string] : [];
  const [cwd] = nonEmpty(input, 'cwd');
  return {
    ...(cwd === undefined ? {} : { cwd }),
    paths: PATH_FIELDS.flatMap((field) => nonEmpty(tool, field)),
  };
}

const SOURCE_WORDS: Record<PathHolder['source'], string> = {
  branch: 'changes it on its pushed branch',
  worktree: 'changes it, unpushed, in another worktree of this clone',
  touches: 'declares it in its PRD',
};

export function holderWords(holder: PathHolder): string {
  return `${holder.sessionId} (${holder.prdId}) ${SOURCE_WORDS[holder.source]}`;
}

/** Why an edit is denied, for the agent: the path, who holds it, what to do instead. */
function denyReason(risks: readonly PathRisk[]): string {
  const high = risks.filter((risk) => risk.risk === 'high');
  const lines = high.map(
    (risk) =>
      `${risk.path}: ${risk.holders
        .filter((holder) => holder.risk === 'high')
        .map(holderWords)
        .join('; ')}`,
  );
  return [
    `lanes: editing this collides with another live session (high risk).`,
    ...lines,
    'Do not edit it now: work on other files, or coordinate with that session (lanes status); a person can lift this with LANES_ALLOW_CONFLICT=1.',
  ].join('\n');
}

/** The PreToolUse answer: a deny document when some path is high risk, else nothing. */
export function preToolUseAnswer(risks: readonly PathRisk[]): string {
  if (!risks.some((risk) => risk.risk === 'high')) return '';
  return JSON.stringify({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: denyReason(risks),
    },
  });
}
