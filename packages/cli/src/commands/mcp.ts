import type { ToolName } from '@lanes/mcp';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { readAgentGuide } from '../agent-guide.js';
import { takePingTurn } from '../runtime-ping.js';
import { VERSION } from '../version.js';

// `lanes mcp`: the lanes commands as MCP tools over stdio. The server lives in
// @lanes/mcp, loaded only here (the SDK is not something every hook should load); it
// gets the CLI as a function that runs one command in this process with --json, so a
// tool's answer is exactly the CLI's document, errors and codes included.

function runIn(ctx: CliContext) {
  const env = ctx.sessionOverride ? { ...ctx.env, LANES_SESSION: ctx.sessionOverride } : ctx.env;
  return async (argv: string[], cwd = ctx.cwd) => {
    // Loaded late: main.ts imports the command list this command is part of.
    const { runJson } = await import('../main.js');
    // The notes go to the agent with the answer (it sees no stderr) and to the log here.
    const notes: string[] = [];
    const stderr = (text: string) => {
      const said = text.trimEnd();
      if (said === '') return;
      notes.push(said);
      ctx.note(said);
    };
    return { ...(await runJson(argv, { cwd, env, stderr })), notes };
  };
}

const TOOLS: readonly ToolName[] = [
  'status',
  'show',
  'claim',
  'heartbeat',
  'sync',
  'release',
  'abandon',
  'check',
];

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'an MCP server over stdio: the lanes commands as tools',
  usage: 'mcp',
  options: {},
  maxPositionals: 0,
  async run(ctx) {
    const { serveStdio } = await import('@lanes/mcp');
    const run = runIn(ctx);
    await serveStdio({
      run: (argv) => run(argv),
      // Every tool call is a sign of life: a ping when one is due (decided locally).
      touch: async () => {
        const turn = await takePingTurn(ctx).catch(() => undefined);
        if (turn !== undefined) await run(['heartbeat', '--quiet'], turn.root);
      },
      guide: await readAgentGuide(),
      version: VERSION,
      tools: TOOLS,
    });
    return { data: { closed: true }, text: '' };
  },
};
