// Claude Code's project hooks in `.claude/settings.json` (its documented format: per
// event a list of matcher groups, each with `command` hooks that get the event as JSON
// on stdin). lanes adds one group per event and marks each of its commands with a
// trailing shell comment, so that setup again replaces them in place and --remove takes
// out exactly those, leaving every other setting and hook as it was.

export const LANES_MARK = '# lanes setup claude';

export type ClaudeSettings = Record<string, unknown>;

interface CommandHook {
  type: 'command';
  command: string;
  timeout?: number;
  [field: string]: unknown;
}

interface MatcherGroup {
  matcher?: string;
  hooks: CommandHook[];
  [field: string]: unknown;
}

/** `lanes` as the hooks run it, e.g. `node "$CLAUDE_PROJECT_DIR/node_modules/…/lanes.js"` (see lanesCommand). */
export interface LanesHookCommands {
  lanes: string;
}

export const LANES_EVENTS = ['SessionStart', 'PreToolUse', 'PostToolUse'] as const;

function hook(lanes: string, args: string, timeout: number): CommandHook {
  return { type: 'command', command: `${lanes} ${args} ${LANES_MARK}`, timeout };
}

/** lanes' matcher group for each event. */
function lanesGroups({ lanes }: LanesHookCommands): Record<string, MatcherGroup> {
  return {
    // stdout becomes context for the model: the session, its PRD, the next story, the rules.
    SessionStart: { hooks: [hook(lanes, 'prime', 30)] },
    // Denies an edit of a file another live session is changing (a JSON decision).
    PreToolUse: { matcher: 'Write|Edit|MultiEdit', hooks: [hook(lanes, 'check --hook', 30)] },
    // A throttled ping, started detached; `async` (documented for command hooks) keeps
    // even node's start-up (~0.1-0.2 s) out of the agent's way.
    PostToolUse: {
      matcher: '*',
      hooks: [{ ...hook(lanes, 'heartbeat --hook', 10), async: true }],
    },
  };
}

function isLanesHook(value: unknown): boolean {
  const command = (value as { command?: unknown } | null)?.command;
  return typeof command === 'string' && command.trimEnd().endsWith(LANES_MARK);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The settings without lanes' hooks; groups and events left empty by that go too. */
export function withoutLanesHooks(settings: ClaudeSettings): ClaudeSettings {
  if (!isObject(settings.hooks)) return settings;
  const hooks: Record<string, unknown> = {};
  for (const [event, groups] of Object.entries(settings.hooks)) {
    if (!Array.isArray(groups)) {
      hooks[event] = groups;
      continue;
    }
    const kept = groups.flatMap((group: unknown) => {
      if (!isObject(group) || !Array.isArray(group.hooks)) return [group];
      const own = group.hooks.filter((entry: unknown) => !isLanesHook(entry));
      if (own.length === group.hooks.length) return [group];
      return own.length === 0 ? [] : [{ ...group, hooks: own }];
    });
    if (kept.length > 0) hooks[event] = kept;
  }
  return replaceHooks(settings, Object.keys(hooks).length === 0 ? undefined : hooks);
}

/** The settings with `hooks` replaced where it stands (undefined: left out). */
function replaceHooks(settings: ClaudeSettings, hooks: unknown): ClaudeSettings {
  const out: ClaudeSettings = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key !== 'hooks') out[key] = value;
    else if (hooks !== undefined) out[key] = hooks;
  }
  if (hooks !== undefined && !('hooks' in settings)) out.hooks = hooks;
  return out;
}

/** The settings with lanes' hooks (in place of any earlier ones), everything else kept. */
export function withLanesHooks(
  settings: ClaudeSettings,
  commands: LanesHookCommands,
): ClaudeSettings {
  const clean = withoutLanesHooks(settings);
  const hooks: Record<string, unknown> = isObject(clean.hooks) ? { ...clean.hooks } : {};
  for (const [event, group] of Object.entries(lanesGroups(commands))) {
    const existing = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    hooks[event] = [...existing, group];
  }
  return replaceHooks(clean, hooks);
}
