import { rename } from 'node:fs/promises';
import { isoSeconds, type CoordinationState } from '@lanes/core';
import { buildState } from '@lanes/core/testing';
import { openRepository, ping } from '@lanes/git';
import { createSandbox, runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { ago, seed, seededSandbox } from './lifecycle.js';

const LONG_TITLE =
  'Print templates for invoices, delivery notes, and every other document a customer may want';
const LONG_REASON =
  'rebase conflict in src/print/render.ts, src/print/layout.ts and src/types/print.ts after main moved';

function dashboard(): CoordinationState {
  return buildState({
    prds: [
      {
        id: 'prd-print',
        title: LONG_TITLE,
        touches: ['src/print/**', 'src/shared.ts'],
        stories: { total: 5, completed: 2 },
        storyIds: ['US-001', 'US-002', 'US-003', 'US-004', 'US-005'],
      },
      { id: 'prd-search', touches: ['src/shared.ts'] },
      { id: 'prd-export' },
      { id: 'prd-merge-first' },
      { id: 'prd-merge-next' },
      { id: 'prd-labels', priority: 'high', touches: ['src/print/labels.ts'] },
      { id: 'prd-archive', dependsOn: ['prd-print'] },
      { id: 'prd-idea', status: 'draft' },
    ],
    locks: [
      {
        sessionId: 'developer-a1b2c3',
        prdId: 'prd-print',
        claimedAt: ago(30),
        heartbeat: ago(1),
        currentStory: 'US-003',
        completedStories: ['US-001', 'US-002'],
        user: 'Ann Lee',
        host: 'laptop',
      },
      {
        sessionId: 'developer-b2c3d4',
        prdId: 'prd-search',
        claimedAt: ago(90),
        heartbeat: ago(45),
      },
      {
        sessionId: 'developer-c3d4e5',
        prdId: 'prd-export',
        claimedAt: ago(30),
        heartbeat: ago(2),
        status: 'blocked',
        blockedReason: LONG_REASON,
      },
      {
        sessionId: 'developer-d4e5f6',
        prdId: 'prd-merge-first',
        claimedAt: ago(30),
        heartbeat: ago(1),
        status: 'merging',
        queuedAt: ago(6),
      },
      {
        sessionId: 'developer-e5f6a7',
        prdId: 'prd-merge-next',
        claimedAt: ago(30),
        heartbeat: ago(1),
        status: 'queued',
        queuedAt: ago(4),
      },
    ],
    completed: Array.from({ length: 6 }, (_, i) => ({
      id: `prd-done-${i + 1}`,
      completedAt: `2026-02-1${i + 1}T10:00:00Z`,
    })),
    abandoned: [{ id: 'prd-gone', reason: 'superseded by prd-print' }],
  });
}

interface StatusJson {
  sessions: Record<string, unknown>[];
  available: unknown[];
  waiting: unknown[];
  mergeQueue: Record<string, unknown>[];
  drafts: Record<string, unknown>[];
  completed: { id: string }[];
  abandoned: Record<string, unknown>[];
  warnings: Record<string, unknown>[];
  offline: boolean;
}

describe('lanes status on a busy repository', () => {
  let sandbox: Sandbox;
  let viewer: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(dashboard(), { clones: 2 });
    viewer = sandbox.clones[1]!;
  });
  afterAll(() => sandbox.cleanup());

  it('reports every section in JSON with the fields agents rely on', async () => {
    const result = await runLanes(viewer, ['status', '--json']);
    expect(result.exitCode).toBe(0);
    const status = result.json as StatusJson;

    const print = status.sessions.find((s) => s.prdId === 'prd-print');
    expect(Object.keys(print!)).toEqual(
      expect.arrayContaining([
        'sessionId',
        'prdId',
        'branch',
        'status',
        'currentStory',
        'completedStories',
        'claimedAt',
        'lastSeen',
        'stale',
      ]),
    );
    expect(print).toMatchObject({
      sessionId: 'developer-a1b2c3',
      branch: 'feature/print',
      status: 'in_progress',
      currentStory: 'US-003',
      completedStories: ['US-001', 'US-002'],
      stale: false,
      user: 'Ann Lee',
      host: 'laptop',
      stories: { total: 5, completed: 2 },
    });
    expect(print!.lastSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(status.sessions.map((s) => [s.prdId, s.status, s.stale])).toEqual([
      ['prd-print', 'in_progress', false],
      ['prd-search', 'in_progress', true],
      ['prd-export', 'blocked', false],
      ['prd-merge-first', 'merging', false],
      ['prd-merge-next', 'queued', false],
    ]);
    expect(status.sessions[2]).toMatchObject({ blockedReason: LONG_REASON });
    expect(status.available).toEqual([
      expect.objectContaining({ id: 'prd-labels', priority: 'high', risk: 'medium' }),
    ]);
    expect(status.waiting).toEqual([
      expect.objectContaining({ id: 'prd-archive', unmetDependencies: ['prd-print'] }),
    ]);
    expect(status.mergeQueue.map((q) => [q.position, q.prdId, q.sessionId, q.status])).toEqual([
      [1, 'prd-merge-first', 'developer-d4e5f6', 'merging'],
      [2, 'prd-merge-next', 'developer-e5f6a7', 'queued'],
    ]);
    expect(status.drafts).toEqual([expect.objectContaining({ id: 'prd-idea' })]);
    expect(status.completed.map((c) => c.id)).toEqual([
      'prd-done-6',
      'prd-done-5',
      'prd-done-4',
      'prd-done-3',
      'prd-done-2',
      'prd-done-1',
    ]);
    expect(status.abandoned).toEqual([
      expect.objectContaining({ id: 'prd-gone', reason: 'superseded by prd-print' }),
    ]);
    expect(status.warnings).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        a: 'prd-print',
        b: 'prd-search',
        risk: 'medium',
        findings: [expect.objectContaining({ source: 'paths', paths: ['src/shared.ts'] })],
      }),
    ]);
    expect(status.offline).toBe(false);
  });

  it('draws the same as text: every section, nothing cut and no escape codes off a TTY', async () => {
    const result = await runLanes(viewer, ['status']);
    expect(result.exitCode).toBe(0);
    const text = result.stdout;
    for (const heading of [
      'ACTIVE (3)',
      'STALE (1)',
      'BLOCKED (1)',
      'MERGE QUEUE (2)',
      'AVAILABLE (1)',
      'WAITING (1)',
      'DRAFTS (1)',
      'COMPLETED (6)',
      'ABANDONED (1)',
      'CONFLICT WARNINGS (1)',
    ]) {
      expect(text).toContain(`\n${heading}\n`);
    }
    expect(text).toMatch(
      /developer-a1b2c3 \(Ann Lee@laptop\) · 2\/5 US-003 · seen \d+[sm] ago · feature\/print/,
    );
    expect(text).toMatch(/developer-b2c3d4 · 0\/3 · last seen 4\dm ago/);
    expect(text).toContain('1.  prd-merge-first  developer-d4e5f6  merging now');
    expect(text).toMatch(/prd-labels +high +risk medium \(prd-print\)/);
    expect(text).toContain('prd-archive  needs prd-print');
    expect(text).toContain('… and 1 more');
    expect(text).toContain('medium  prd-print ↔ prd-search');
    // Piped or redirected, nothing is cut: titles, reasons, paths and branches are copied.
    expect(text).toContain(LONG_TITLE);
    expect(text).toContain(`blocked: ${LONG_REASON}`);
    expect(text).not.toContain('…\n');
    expect(text).not.toContain('\u001b');
    expect(result.stderr).toBe('');
  });

  it("fits a terminal's width, whatever it is", async () => {
    const draw = async (columns: number) => {
      let stdout = '';
      const code = await main(['status'], {
        cwd: viewer,
        env: sandboxEnv(),
        isTTY: true,
        columns,
        stdout: (text) => (stdout += text),
        stderr: () => undefined,
      });
      expect(code).toBe(0);
      return stdout.trimEnd().split('\n');
    };
    const narrow = await draw(80);
    for (const row of narrow) expect([...row].length).toBeLessThanOrEqual(80);
    expect(narrow.join('\n')).toContain('Print templates for invoices');
    expect(narrow.join('\n')).not.toContain(LONG_TITLE);
    const wide = await draw(160);
    for (const row of wide) expect([...row].length).toBeLessThanOrEqual(160);
    expect(wide.join('\n')).toContain(LONG_TITLE);
    expect(Math.max(...wide.map((row) => [...row].length))).toBeGreaterThan(80);
  });

  it('colours on a TTY, and not with NO_COLOR or without a TTY', async () => {
    const draw = async (isTTY: boolean, noColor: boolean) => {
      // A dumb terminal gets no colour either: pretend a capable one.
      const env = sandboxEnv({ TERM: 'xterm-256color' });
      if (!noColor) delete env.NO_COLOR;
      let stdout = '';
      const code = await main(['status'], {
        cwd: viewer,
        env,
        isTTY,
        stdout: (text) => (stdout += text),
        stderr: () => undefined,
      });
      expect(code).toBe(0);
      return stdout;
    };
    expect(await draw(true, false)).toContain('\u001b[');
    expect(await draw(true, true)).not.toContain('\u001b');
    expect(await draw(false, false)).not.toContain('\u001b');
  });
});

describe('lanes status: liveness, offline, empty', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2 });
  });
  afterAll(() => sandbox.cleanup());

  it('refuses before lanes is initialized', async () => {
    const result = await runLanes(sandbox.clones[1]!, ['status', '--json']);
    expect(result.exitCode).toBe(3);
    expect(result.json).toMatchObject({ error: { code: 'E_NOT_INITIALIZED' } });
  });

  it("counts a session's heartbeat ref as liveness, then shows the last fetched state offline", async () => {
    const [writer, viewer] = sandbox.clones as [string, string];
    const heartbeat = ago(30);
    await seed(
      sandbox,
      writer,
      buildState({
        prds: [{ id: 'prd-quiet' }, { id: 'prd-free' }],
        locks: [
          { sessionId: 'developer-0a0b0c', prdId: 'prd-quiet', claimedAt: ago(60), heartbeat },
        ],
      }),
    );
    let result = await runLanes(viewer, ['status', '--json']);
    expect((result.json as StatusJson).sessions).toEqual([
      expect.objectContaining({ prdId: 'prd-quiet', stale: true, lastSeen: heartbeat }),
    ]);

    // A ping on the session's own ref, newer than its lock: alive again.
    const pingedAt = new Date(Date.now() - 60_000);
    await ping(
      await openRepository(writer, { env: sandboxEnv() }),
      'origin',
      'developer-0a0b0c',
      { prdId: 'prd-quiet' },
      pingedAt,
    );
    result = await runLanes(viewer, ['stale', '--json']);
    expect(result.json).toEqual({ sessions: [] });
    result = await runLanes(viewer, ['status', '--json']);
    expect((result.json as StatusJson).sessions).toEqual([
      expect.objectContaining({ prdId: 'prd-quiet', stale: false, lastSeen: isoSeconds(pingedAt) }),
    ]);

    // The remote moves on, then goes away: --offline still draws what was fetched last.
    await seed(sandbox, writer, buildState({ prds: [{ id: 'prd-newer' }] }));
    await rename(sandbox.remote, `${sandbox.remote}.away`);
    try {
      result = await runLanes(viewer, ['status', '--offline', '--json']);
      expect(result.exitCode).toBe(0);
      const offline = result.json as StatusJson;
      expect(offline.offline).toBe(true);
      expect(offline.sessions).toEqual([
        expect.objectContaining({ prdId: 'prd-quiet', stale: false }),
      ]);
      expect(offline.available).toEqual([expect.objectContaining({ id: 'prd-free' })]);
      expect(result.stderr).toContain('offline');
      const text = await runLanes(viewer, ['status', '--offline']);
      expect(text.exitCode).toBe(0);
      expect(text.stdout).toContain('offline: showing the last fetched state');
      expect(text.stdout).not.toContain('prd-newer');
    } finally {
      await rename(`${sandbox.remote}.away`, sandbox.remote);
    }
    result = await runLanes(viewer, ['status']);
    expect(result.stdout).toContain('\nno active sessions\n');
    expect(result.stdout).toContain('prd-newer');
  });

  it('warns about a real conflict between two active branches', async () => {
    const [writer, viewer] = sandbox.clones as [string, string];
    await seed(
      sandbox,
      writer,
      buildState({
        prds: [{ id: 'prd-left' }, { id: 'prd-right' }],
        locks: [
          {
            sessionId: 'developer-1a1a1a',
            prdId: 'prd-left',
            claimedAt: ago(5),
            heartbeat: ago(1),
          },
          {
            sessionId: 'developer-2b2b2b',
            prdId: 'prd-right',
            claimedAt: ago(5),
            heartbeat: ago(1),
          },
        ],
      }),
    );
    for (const [branch, text] of [
      ['feature/left', 'left\n'],
      ['feature/right', 'right\n'],
    ] as const) {
      await sandbox.git(writer, 'switch', '-q', '-c', branch, 'main');
      await sandbox.commit(writer, `edit on ${branch}`, { 'src/app.ts': text });
      await sandbox.git(writer, 'push', '-q', 'origin', branch);
    }
    const result = await runLanes(viewer, ['status', '--json']);
    expect((result.json as StatusJson).warnings).toEqual([
      expect.objectContaining({
        a: 'prd-left',
        b: 'prd-right',
        risk: 'high',
        findings: [expect.objectContaining({ source: 'branches', paths: ['src/app.ts'] })],
      }),
    ]);
  });
});
