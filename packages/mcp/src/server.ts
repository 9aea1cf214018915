import type { Readable, Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LANES_TOOLS, type LanesTool, type ToolName } from './tools.js';

/**
 * Runs one lanes command in-process with --json: its document, exit code and the notes
 * it wrote for a person (stderr in a terminal: warnings, hints such as a missing hook).
 */
export type RunLanes = (
  argv: string[],
) => Promise<{ json: unknown; exitCode: number; notes?: readonly string[] }>;

export interface LanesServerOptions {
  run: RunLanes;
  /**
   * A sign of life after a tool call: the caller decides locally whether a ping is due
   * (at most one per heartbeatIntervalSeconds) and sends it. Never throws.
   */
  touch?: () => Promise<void>;
  /** The agent guide (Markdown), served as the `lanes://guide` resource. */
  guide: string;
  version: string;
  /** The tools to offer (default all); a CLI without `sync` leaves it out. */
  tools?: readonly ToolName[];
}

export const GUIDE_URI = 'lanes://guide';

/**
 * The CLI's answer as a tool result: the same JSON, structured and as text; an error
 * document is `isError`. The command's notes follow as a second text block: an agent
 * has no terminal to read them on, and they say things the document does not.
 */
export function toolResult(json: unknown, notes: readonly string[] = []): CallToolResult {
  const document =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : { value: json };
  // A note the document carries already (a release's `notes`) is not said twice.
  const carried = new Set(Array.isArray(document.notes) ? document.notes : []);
  const extra = notes.filter((note) => !carried.has(note));
  const said = extra.length === 0 ? [] : [{ type: 'text' as const, text: extra.join('\n') }];
  return {
    content: [{ type: 'text', text: JSON.stringify(document, null, 2) }, ...said],
    structuredContent: document,
    ...('error' in document ? { isError: true } : {}),
  };
}

export interface LanesServer {
  server: McpServer;
  /** Resolves once every liveness ping started by a tool call has finished. */
  settled(): Promise<void>;
}

export function createLanesServer(options: LanesServerOptions): LanesServer {
  const server = new McpServer({ name: 'lanes', version: options.version });
  const offered = new Set<ToolName>(options.tools ?? LANES_TOOLS.map((tool) => tool.name));
  const pending = new Set<Promise<void>>();

  const afterCall = (tool: LanesTool) => {
    if (tool.ownsLiveness || options.touch === undefined) return;
    const ping = options.touch().catch(() => undefined);
    pending.add(ping);
    void ping.finally(() => pending.delete(ping));
  };

  for (const tool of LANES_TOOLS.filter((candidate) => offered.has(candidate.name))) {
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: tool.inputSchema },
      async (args: Record<string, unknown>) => {
        try {
          const { json, notes } = await options.run(tool.argv(args ?? {}));
          return toolResult(json, notes);
        } finally {
          afterCall(tool);
        }
      },
    );
  }

  server.registerResource(
    'guide',
    GUIDE_URI,
    {
      title: 'Working with lanes: the agent guide',
      description: 'The workflow, the tools and what to do for each error code. Read it first.',
      mimeType: 'text/markdown',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: options.guide }] }),
  );

  return {
    server,
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/**
 * Serves the tools over stdio until the client closes stdin (or the transport), then
 * waits for the pings under way so that a last sign of life is not cut off.
 */
export async function serveStdio(
  options: LanesServerOptions,
  streams: { stdin?: Readable; stdout?: Writable } = {},
): Promise<void> {
  const stdin = streams.stdin ?? process.stdin;
  const lanes = createLanesServer(options);
  const closed = new Promise<void>((resolve) => {
    lanes.server.server.onclose = resolve;
  });
  await lanes.server.connect(new StdioServerTransport(stdin, streams.stdout ?? process.stdout));
  const ended = () => void lanes.server.close();
  stdin.once('end', ended);
  stdin.once('close', ended);
  await closed;
  await lanes.settled();
}
