import { LanesError, type StatusReport } from '@lanes/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadReport } from '../src/read-report.js';
import { startDashboard, type Dashboard } from '../src/server.js';
import { busyReport, READ_AT } from './views-fixture.js';

// The dashboard's server against a source the test controls: what each read returns
// (a new state, a failure) and what the browsers following /events are sent.

/** A source whose next read answers what the test queued; reads wait until then. */
function scriptedSource(first: StatusReport) {
  const answers: ((read: (value: ReadReport) => void, fail: (error: Error) => void) => void)[] = [];
  let reads = 0;
  let wake: (() => void) | undefined;
  return {
    first: { report: first, tip: 'a'.repeat(40) } as ReadReport,
    get reads() {
      return reads;
    },
    answer(next: StatusReport | Error) {
      answers.push((read, fail) =>
        next instanceof Error ? fail(next) : read({ report: next, tip: 'b'.repeat(40) }),
      );
      const waiting = wake;
      wake = undefined;
      waiting?.();
    },
    source: {
      now: () => READ_AT,
      archive: () => Promise.resolve({ kind: 'file' as const, text: '{"id":"prd-done"}' }),
      read: () =>
        new Promise<ReadReport>((resolve, reject) => {
          reads += 1;
          const serve = () => answers.shift()!(resolve, reject);
          if (answers.length > 0) serve();
          else wake = serve;
        }),
    },
  };
}

/**
 * Reads server-sent events from /events until `until` says stop; `connected` runs once
 * the first event (the current page) is in, so what it changes is seen as a change.
 */
async function followEvents(
  url: string,
  until: (events: { event: string; data: unknown }[]) => boolean,
  connected: () => void = () => undefined,
) {
  const response = await fetch(`${url}events`);
  const reader = response.body!.getReader();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += Buffer.from(value).toString('utf8');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
      if (events.length === 1 && event) connected();
    }
  }
  await reader.cancel();
  return events;
}

describe('the dashboard server', () => {
  let dashboard: Dashboard | undefined;
  afterEach(() => dashboard?.close());

  it('pushes the page when a read changes the state, only the read time when not', async () => {
    const script = scriptedSource(busyReport());
    dashboard = await startDashboard(script.source, script.first, {
      host: '127.0.0.1',
      port: 0,
      intervalMs: 10,
    });
    const unchanged = busyReport();
    const claimed = busyReport();
    claimed.sessions = claimed.sessions.slice(1);
    const events = await followEvents(
      dashboard.url,
      (seen) => seen.filter((e) => e.event === 'view').length >= 2,
      () => {
        script.answer(unchanged);
        script.answer(claimed);
      },
    );
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe('view');
    expect(kinds).toContain('read');
    const last = events.filter((e) => e.event === 'view').at(-1)!.data as { html: string };
    expect(last.html).not.toContain('data-session="developer-a1b2c3"');
    expect(last.html).toContain('data-session="developer-b2c3d4"');
    const served = (await (await fetch(`${dashboard.url}api/status`)).json()) as StatusReport;
    expect(served.sessions.map((s) => s.sessionId)).toEqual(
      claimed.sessions.map((s) => s.sessionId),
    );
  });

  it('keeps the last state when a read fails, says why, and recovers', async () => {
    const script = scriptedSource(busyReport());
    dashboard = await startDashboard(script.source, script.first, {
      host: '127.0.0.1',
      port: 0,
      intervalMs: 10,
    });
    const failed = await followEvents(
      dashboard.url,
      (seen) =>
        seen.some((e) => (e.data as { html?: string }).html?.includes('could not reach origin')),
      () => script.answer(new LanesError('E_REMOTE', 'could not reach origin')),
    );
    expect((failed.at(-1)!.data as { html: string }).html).toContain(
      'data-session="developer-a1b2c3"',
    );
    const back = await followEvents(
      dashboard.url,
      (seen) => seen.length >= 2,
      () => script.answer(busyReport()),
    );
    expect(back.map((e) => e.event)).toEqual(['view', 'view']);
    expect((back[1]!.data as { html: string }).html).not.toContain('could not reach origin');
  });

  it('answers 404 for unknown routes and archives the registry does not name, 405 for writes', async () => {
    const script = scriptedSource(busyReport());
    dashboard = await startDashboard(script.source, script.first, {
      host: '127.0.0.1',
      port: 0,
      intervalMs: 60_000,
    });
    expect((await fetch(`${dashboard.url}nope`)).status).toBe(404);
    expect((await fetch(`${dashboard.url}archive/project.json`)).status).toBe(404);
    const done = busyReport().completed[0]!.archivedTo;
    const archive = await fetch(`${dashboard.url}archive/${done}`);
    expect(archive.status).toBe(200);
    expect(archive.headers.get('content-type')).toContain('application/json');
    expect((await fetch(dashboard.url, { method: 'POST' })).status).toBe(405);
    const view = (await (await fetch(`${dashboard.url}api/view`)).json()) as { counts: unknown };
    expect(view.counts).toEqual({ sessions: 5, stale: 1, blocked: 1, queued: 2, available: 1 });
  });
});
