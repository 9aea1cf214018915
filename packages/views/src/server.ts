import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PathAtCommit } from '@lanes/git';
import type { StatusReport } from '@lanes/core';
import { esc, renderMain, renderPage } from './html.js';
import { buildViewModel, isArchivePath, type ViewModel } from './model.js';
import type { ReadReport } from './read-report.js';

// `lanes dashboard`'s web server (node:http, nothing else): the page, its live
// updates as server-sent events, JSON mirroring `lanes status --json`, and the
// archived PRDs read from the coordination branch. It reads the remote every
// interval and pushes the page to every open browser when the state changed.

export interface DashboardSource {
  /** One read of the remote (what `lanes status --json` shows). */
  read(): Promise<ReadReport>;
  /** A file or folder at a commit of the coordination branch. */
  archive(commit: string, path: string): Promise<PathAtCommit>;
  now(): Date;
}

export interface DashboardOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  intervalMs: number;
}

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

interface Current {
  read: ReadReport;
  model: ViewModel;
  problem?: string;
  /** What decides "changed": the report without the ages that grow every second. */
  fingerprint: string;
}

const KEEPALIVE_MS = 15_000;
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export async function startDashboard(
  source: DashboardSource,
  first: ReadReport,
  options: DashboardOptions,
): Promise<Dashboard> {
  let current = describeRead(first, source.now());
  const clients = new Set<ServerResponse>();
  const loopbackOnly = isLoopback(options.host);
  const loopbackNames = new Set([...LOOPBACK_NAMES, options.host]);

  const send = (client: ServerResponse, event: string, data: unknown) =>
    client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const pageOptions = () => ({
    live: true,
    now: source.now(),
    ...(current.problem === undefined ? {} : { problem: current.problem }),
  });
  const viewEvent = () => ({ html: renderMain(current.model, pageOptions()) });

  let stopped = false;
  let poll: NodeJS.Timeout | undefined;
  const refresh = async () => {
    const before = current;
    try {
      current = describeRead(await source.read(), source.now());
    } catch (error) {
      // Keep showing the last state, saying why it is not newer.
      current = { ...before, problem: error instanceof Error ? error.message : String(error) };
    }
    if (current.fingerprint !== before.fingerprint || current.problem !== before.problem) {
      const event = viewEvent();
      for (const client of clients) send(client, 'view', event);
    } else {
      for (const client of clients) send(client, 'read', { readAt: current.model.readAt });
    }
    if (!stopped) poll = setTimeout(() => void refresh(), options.intervalMs);
  };

  const server = createServer((request, response) => {
    if (loopbackOnly && !loopbackNames.has(hostName(request))) {
      // A page on another site must not read the team's state through a rebound name.
      return reply(response, 403, 'text/plain', 'lanes dashboard answers only to localhost\n');
    }
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, 'text/plain', `${String(error)}\n`);
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply(response, 405, 'text/plain', 'GET only\n');
    }
    if (url.pathname === '/') {
      const page = renderPage(current.model, pageOptions());
      return reply(response, 200, 'text/html; charset=utf-8', page);
    }
    if (url.pathname === '/api/status') return replyJson(response, current.read.report);
    if (url.pathname === '/api/view') return replyJson(response, current.model);
    if (url.pathname === '/events') {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
      });
      response.write('retry: 2000\n\n');
      send(response, 'view', viewEvent());
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (url.pathname.startsWith('/archive/'))
      return archive(url.pathname.slice('/archive/'.length), response);
    reply(response, 404, 'text/plain', 'not found\n');
  }

  async function archive(encoded: string, response: ServerResponse): Promise<void> {
    const path = encoded.split('/').map(decodeURIComponent).join('/');
    const { report, tip } = current.read;
    if (tip === null || !isArchivePath(report, path)) {
      return reply(response, 404, 'text/plain', `${path}: not an archive the registry names\n`);
    }
    const found = await source.archive(tip, path);
    if (found === null)
      return reply(response, 404, 'text/plain', `${path}: not on the coordination branch\n`);
    if (found.kind === 'file') {
      const type = path.endsWith('.json')
        ? 'application/json; charset=utf-8'
        : 'text/plain; charset=utf-8';
      return reply(response, 200, type, found.text);
    }
    const folder = path.replace(/\/*$/, '/');
    const links = found.entries
      .map(
        (name) =>
          `<li><a href="/archive/${(folder + name).split('/').map(encodeURIComponent).join('/')}">${esc(name)}</a></li>`,
      )
      .join('');
    return reply(
      response,
      200,
      'text/html; charset=utf-8',
      `<!doctype html><meta charset="utf-8"><title>${esc(folder)}</title><h1>${esc(folder)}</h1><ul>${links}</ul>`,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const keepalive = setInterval(() => {
    for (const client of clients) client.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  poll = setTimeout(() => void refresh(), options.intervalMs);

  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: async () => {
      stopped = true;
      clearTimeout(poll);
      clearInterval(keepalive);
      for (const client of clients) client.end();
      clients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function describeRead(read: ReadReport, now: Date): Current {
  return { read, model: buildViewModel(read.report, now), fingerprint: fingerprintOf(read.report) };
}

function fingerprintOf(report: StatusReport): string {
  return JSON.stringify({
    ...report,
    sessions: report.sessions.map(({ lastSeenAgeSeconds: _age, ...session }) => session),
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function hostName(request: IncomingMessage): string {
  const host = request.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

function reply(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

function replyJson(response: ServerResponse, value: unknown): void {
  reply(response, 200, 'application/json; charset=utf-8', `${JSON.stringify(value, null, 2)}\n`);
}
