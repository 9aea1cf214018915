import * as z from 'zod';

// The lanes commands an agent runtime calls as MCP tools. Each tool is one CLI command:
// its arguments become that command's argv (values after `--` or as `--flag=value`, so
// an argument can never turn into a flag), and its answer is the command's --json
// document. Descriptions are short and say what to call next.

export type ToolName =
  'status' | 'show' | 'claim' | 'heartbeat' | 'sync' | 'release' | 'abandon' | 'check';

export interface LanesTool {
  name: ToolName;
  description: string;
  inputSchema: z.ZodRawShape;
  /** The CLI argv for these (already validated) arguments, without `--json`. */
  argv(args: Record<string, unknown>): string[];
  /** Whether the call is itself a sign of life or ends the session: no extra ping after it. */
  ownsLiveness?: boolean;
}

const prd = z
  .string()
  .describe('a PRD id or its slug, e.g. prd-print-templates or print-templates');

/** `[flag=value]` when the value is there. */
function valued(flag: string, value: unknown): string[] {
  return typeof value === 'string' ? [`--${flag}=${value}`] : [];
}

function flag(name: string, on: unknown): string[] {
  return on === true ? [`--${name}`] : [];
}

/** Positionals go after `--`: a PRD named `--force` is a bad id, never a flag. */
function positionals(...values: unknown[]): string[] {
  const given = values.filter((value): value is string => typeof value === 'string');
  return given.length === 0 ? [] : ['--', ...given];
}

export const LANES_TOOLS: readonly LanesTool[] = [
  {
    name: 'status',
    description:
      'The dashboard: live and stale sessions, available PRDs with their risk, the merge queue. Next: claim one of `available`.',
    inputSchema: {},
    argv: () => ['status'],
  },
  {
    name: 'show',
    description:
      'The PRD of this session (or the one named): its stories, which are completed, the current one, the branch. Next: heartbeat with the story you start.',
    inputSchema: { prd: prd.optional() },
    argv: (args) => ['show', ...positionals(args.prd)],
  },
  {
    name: 'claim',
    description:
      'Claim a PRD (the best available when none is named) and check out its branch from the latest main. Next: show, then heartbeat with the first story.',
    inputSchema: {
      prd: prd.optional(),
      force: z
        .boolean()
        .optional()
        .describe('override a high conflict risk (only when a person agrees)'),
    },
    argv: (args) => ['claim', ...flag('force', args.force), ...positionals(args.prd)],
  },
  {
    name: 'heartbeat',
    description:
      'Record progress: `story` starts a story, `completed` records stories done (idempotent); also a liveness ping. Next: check before editing files; release when every story is done.',
    inputSchema: {
      story: z.string().optional().describe('the story you start now, e.g. US-002'),
      completed: z.array(z.string()).optional().describe('stories you finished, e.g. ["US-001"]'),
    },
    argv: (args) => [
      'heartbeat',
      ...valued('story', args.story),
      ...(Array.isArray(args.completed) ? args.completed.map((id) => `--completed=${id}`) : []),
    ],
    ownsLiveness: true,
  },
  {
    name: 'sync',
    description:
      'Bring your branch up to date: rebase onto the latest main and push. On a conflict the answer lists the files. Next: resolve them, then sync again.',
    inputSchema: {},
    argv: () => ['sync'],
  },
  {
    name: 'release',
    description:
      'Land your work through the merge queue: wait for the turn, rebase, run the quality check, merge. `noWait` answers at once with the queue position; `priority: high` goes ahead of the normal releases. Next: status (your session has ended once it lands).',
    inputSchema: {
      noWait: z.boolean().optional().describe('queue and answer at once instead of waiting'),
      strategy: z.enum(['merge', 'squash', 'rebase']).optional(),
      priority: z
        .enum(['high', 'normal'])
        .optional()
        .describe('high: ahead of the normal releases in the queue'),
    },
    argv: (args) => [
      'release',
      ...flag('no-wait', args.noWait),
      ...valued('strategy', args.strategy),
      ...valued('priority', args.priority),
    ],
    ownsLiveness: true,
  },
  {
    name: 'abandon',
    description:
      'Give a PRD up with a reason: archive it, free the claim, delete the branch (`keepBranch` keeps it). Next: status to pick other work.',
    inputSchema: {
      reason: z.string().describe('why the work stops, kept in the archive'),
      prd: prd.optional(),
      keepBranch: z.boolean().optional(),
      force: z.boolean().optional().describe('abandon another live session’s PRD'),
    },
    argv: (args) => [
      'abandon',
      ...valued('reason', args.reason),
      ...flag('keep-branch', args.keepBranch),
      ...flag('force', args.force),
      ...positionals(args.prd),
    ],
    ownsLiveness: true,
  },
  {
    name: 'check',
    description:
      'Before editing files: would they collide with another live session? `risk` per path (none/low/medium/high) with the holders. high: do not edit it; coordinate or choose other work.',
    inputSchema: {
      paths: z
        .array(z.string())
        .min(1)
        .describe('files you are about to edit, relative to the repository'),
    },
    argv: (args) => ['check', ...positionals(...(args.paths as string[]))],
  },
];
