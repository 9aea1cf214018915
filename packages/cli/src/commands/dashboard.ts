import { spawn } from 'node:child_process';
import { LanesError } from '@lanes/core';
import { readPathAt, openWorkspace } from '@lanes/git';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { readReport, startDashboard } from '@lanes/views';
import { parseSeconds } from '../seconds.js';

/** The port `lanes dashboard` listens on unless told otherwise. */
const DEFAULT_PORT = 7420;

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'a live web page of the team on 127.0.0.1',
  usage: 'dashboard [--port <p>] [--host <h>] [--interval <s>] [--open]',
  options: {
    port: {
      type: 'string',
      valueName: 'p',
      description: `the port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    },
    host: {
      type: 'string',
      valueName: 'h',
      description: 'the interface to listen on (default 127.0.0.1; another one only when named)',
    },
    interval: {
      type: 'string',
      valueName: 's',
      description: 'seconds between reads of the remote (default 3)',
    },
    open: { type: 'boolean', description: 'open the page in the default browser' },
  },
  maxPositionals: 0,
  async run(ctx, { values }) {
    const port = parsePort(values.port as string | undefined);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const intervalMs = parseSeconds('--interval', values.interval as string | undefined, 3) * 1000;
    const ws = await openWorkspace(ctx);
    // Read-only: unlike `lanes status`, the page never finishes an interrupted landing.
    const first = await readReport(ctx, ws);
    const dashboard = await startDashboard(
      {
        read: () => readReport(ctx, ws),
        archive: (commit, path) => readPathAt(ws.repo, commit, path),
        now: ctx.now,
      },
      first,
      { host, port, intervalMs },
    ).catch((error: unknown) => {
      throw listenError(error, host, port);
    });
    ctx.out(
      ctx.json
        ? `${JSON.stringify({ url: dashboard.url })}\n`
        : `lanes dashboard: ${dashboard.url} (Ctrl-C stops it)\n`,
    );
    if (values.open === true) openBrowser(ctx, dashboard.url);
    await stopSignal();
    await dashboard.close();
    return { data: null, text: '', written: true };
  },
};

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    throw new LanesError('E_USAGE', `--port: '${raw}' is not a port (0 to 65535)`, {
      hint: '--port 0 picks a free one',
    });
  }
  return port;
}

function listenError(error: unknown, host: string, port: number): LanesError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new LanesError('E_USAGE', `--port ${port}: already in use on ${host}`, {
      hint: 'pick another with --port, or --port 0 for a free one',
    });
  }
  return new LanesError('E_USAGE', `cannot listen on ${host}:${port}: ${String(error)}`, {
    hint: '--host names an interface of this machine (default 127.0.0.1)',
  });
}

/** Resolves on the first SIGINT or SIGTERM: the server then stops cleanly. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The platform's opener, detached; a failure only costs a note (the URL is printed). */
function openBrowser(ctx: CliContext, url: string): void {
  const [command, ...args] =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : ['xdg-open', url];
  try {
    const child = spawn(command!, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => ctx.note(`note: could not open a browser; open ${url}`));
    child.unref();
  } catch {
    ctx.note(`note: could not open a browser; open ${url}`);
  }
}
