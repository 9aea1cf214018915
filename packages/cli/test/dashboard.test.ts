import { mkdir } from 'node:fs/promises';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { CoordinationState } from '@lanes/core';
import { buildState } from '@lanes/core/testing';
import { runLanes, type Sandbox } from '@lanes/test-utils';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardProcess, type DashboardProcess } from './dashboard-process.js';
import { ago, seededSandbox } from './lifecycle.js';

// `lanes dashboard` end to end: the real process on a sandbox whose state lives on a
// dedicated coordination branch, read by headless Chromium (Debian's, driven by
// playwright-core): what the page shows is what `status --json` says, a claim made
// from another clone appears without a reload, and a screenshot is kept to look at.

const CHROMIUM = process.env.LANES_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const BRANCH = 'lanes/state';

interface StatusJson {
  sessions: { sessionId: string; prdId: string; status: string; stale: boolean }[];
  mergeQueue: { prdId: string; position: number; status: string }[];
  completed: { archivedTo: string }[];
}

function team(): CoordinationState {
  const state = buildState({
    prds: [
      {
        id: 'prd-print',
        title: 'Print templates for invoices',
        touches: ['src/print/**', 'src/shared.ts'],
        storyIds: ['US-001', 'US-002', 'US-003', 'US-004'],
      },
      { id: 'prd-search', title: 'Search the catalogue', touches: ['src/shared.ts'] },
      { id: 'prd-export', title: 'Export to CSV' },
      { id: 'prd-labels', title: 'Shipping labels' },
      { id: 'prd-free', title: 'Gift cards', priority: 'high', dependsOn: ['prd-auth'] },
      { id: 'prd-archive', title: 'Archive old orders', dependsOn: ['prd-print'] },
    ],
    locks: [
      {
        sessionId: 'developer-a1b2c3',
        prdId: 'prd-print',
        claimedAt: ago(40),
        heartbeat: ago(1),
        currentStory: 'US-003',
        completedStories: ['US-001', 'US-002'],
        user: 'Ann Lee',
        host: 'ann-laptop',
      },
      {
        sessionId: 'developer-b2c3d4',
        prdId: 'prd-search',
        claimedAt: ago(90),
        heartbeat: ago(45),
        user: 'Bo Chen',
        host: 'ci-runner-7',
      },
      {
        sessionId: 'developer-c3d4e5',
        prdId: 'prd-export',
        claimedAt: ago(50),
        heartbeat: ago(1),
        status: 'merging',
        queuedAt: ago(3),
        user: 'Cy Diaz',
        host: 'cy-desk',
      },
      {
        sessionId: 'developer-d4e5f6',
        prdId: 'prd-labels',
        claimedAt: ago(50),
        heartbeat: ago(1),
        status: 'queued',
        queuedAt: ago(2),
      },
    ],
    completed: [{ id: 'prd-auth', title: 'Sign in', completedAt: ago(120) }],
    abandoned: [{ id: 'prd-legacy', title: 'Legacy import', reason: 'superseded by prd-export' }],
  });
  return {
    ...state,
    config: { ...state.config, coordination: { ...state.config.coordination, branch: BRANCH } },
  };
}

describe('lanes dashboard in a browser', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let viewer: string;
  let claimer: string;
  let dashboard: DashboardProcess;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await seededSandbox(team(), { clones: 3, branch: BRANCH });
    [, viewer, claimer] = sandbox.clones as [string, string, string];
    for (const clone of [viewer, claimer]) {
      const init = await runLanes(clone, ['init', '--branch', BRANCH, '--no-hooks', '--json']);
      expect(init.exitCode, init.stderr).toBe(0);
    }
    dashboard = await startDashboardProcess(viewer, ['--interval', '1']);
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await sandbox?.cleanup();
  });

  it('listens on 127.0.0.1 and serves status --json at /api/status', async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const served = (await (await fetch(`${dashboard.url}api/status`)).json()) as StatusJson;
    const status = (await runLanes(viewer, ['status', '--json'])).json as StatusJson;
    const ids = (report: StatusJson) => ({
      sessions: report.sessions.map((s) => [s.sessionId, s.prdId, s.status, s.stale]),
      queue: report.mergeQueue.map((q) => [q.position, q.prdId, q.status]),
    });
    expect(ids(served)).toEqual(ids(status));
    expect(served.sessions).toHaveLength(4);
  });

  it('shows the sessions and queue of status --json, then a claim from another clone without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(dashboard.url);
    const status = (await runLanes(viewer, ['status', '--json'])).json as StatusJson;

    const rows = await page.$$eval('tr[data-session]', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-session'),
        tr.getAttribute('data-prd'),
        tr.classList.contains('stale'),
      ]),
    );
    expect(rows).toEqual(status.sessions.map((s) => [s.sessionId, s.prdId, s.stale]));
    const queue = await page.$$eval('[data-queue]', (items) =>
      items.map((li) => [Number(li.getAttribute('data-position')), li.getAttribute('data-queue')]),
    );
    expect(queue).toEqual(status.mergeQueue.map((q) => [q.position, q.prdId]));
    expect(await page.textContent('tr[data-prd="prd-print"]')).toContain('Ann Lee@ann-laptop');
    expect(await page.textContent('tr[data-prd="prd-search"]')).toContain('stale');
    expect(await page.textContent('.matrix')).toContain('medium');
    expect(await page.textContent('[data-waiting="prd-archive"]')).toContain('needs prd-print');

    // The page keeps this mark only as long as it is not reloaded.
    await page.evaluate(() => ((globalThis as unknown as { mark: number }).mark = 1));
    const claim = await runLanes(claimer, ['claim', 'prd-free', '--json']);
    expect(claim.exitCode, claim.stderr).toBe(0);
    const sessionId = (claim.json as { sessionId: string }).sessionId;
    await page.waitForSelector(`tr[data-session="${sessionId}"]`, { timeout: 90_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { mark?: number }).mark)).toBe(1);
    expect(await page.textContent(`tr[data-session="${sessionId}"]`)).toContain('prd-free');
    expect(await page.$('[data-available="prd-free"]')).toBeNull();

    await mkdir(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}dashboard.png`, fullPage: true });
    await page.close();
  });

  it('serves the archives the registry names from the coordination branch, and nothing else', async () => {
    const page = await browser.newPage();
    await page.goto(dashboard.url);
    const href = await page.getAttribute('[data-recent="prd-auth"] .archive a', 'href');
    expect(href).toBe('/archive/' + (await archivedTo(viewer)));
    const archived = await fetch(new URL(href!, dashboard.url));
    expect(archived.status).toBe(200);
    expect(await archived.json()).toMatchObject({ id: 'prd-auth' });
    await page.click('[data-recent="prd-legacy"] .archive a');
    expect(await page.textContent('body')).toContain('reason.md');
    await page.close();
    expect((await fetch(`${dashboard.url}archive/project.json`)).status).toBe(404);
    // A page elsewhere that rebinds its name to 127.0.0.1 gets nothing.
    expect(await statusWithHost(`${dashboard.url}api/status`, 'evil.example')).toBe(403);
    expect(await statusWithHost(`${dashboard.url}api/status`, 'localhost')).toBe(200);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await dashboard.stop('SIGTERM')).toBe(0);
    await expect(fetch(dashboard.url)).rejects.toThrow();
  });
});

async function archivedTo(clone: string): Promise<string> {
  const status = (await runLanes(clone, ['status', '--json'])).json as StatusJson;
  return status.completed[0]!.archivedTo;
}

function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { Host: host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });
}
