import { describe, expect, it } from 'vitest';
import type { PairRisk } from './risk.js';
import { buildStatusReport, conflictWarnings } from './status-report.js';
import { buildState, deepFreeze, isoAfter, minutesAfter, ping } from './test-builders.js';

const NOW = minutesAfter(60);

function dashboardState() {
  return deepFreeze(
    buildState({
      prds: [
        { id: 'prd-alpha', touches: ['src/a/**'], stories: { total: 5, completed: 2 } },
        { id: 'prd-beta', touches: ['src/a/b.ts'], storyIds: ['US-001', 'US-002'] },
        { id: 'prd-queued' },
        { id: 'prd-merging' },
        { id: 'prd-free', priority: 'high', touches: ['src/a/c.ts'] },
        { id: 'prd-later', dependsOn: ['prd-alpha', 'prd-done'] },
        { id: 'prd-idea', status: 'draft' },
      ],
      locks: [
        {
          sessionId: 'developer-a1b2c3',
          prdId: 'prd-alpha',
          heartbeat: isoAfter(55),
          currentStory: 'US-003',
          completedStories: ['US-001', 'US-002'],
        },
        { sessionId: 'developer-b2c3d4', prdId: 'prd-beta', heartbeat: isoAfter(5) },
        {
          sessionId: 'developer-c3d4e5',
          prdId: 'prd-queued',
          heartbeat: isoAfter(59),
          status: 'queued',
          queuedAt: isoAfter(30),
        },
        {
          sessionId: 'developer-d4e5f6',
          prdId: 'prd-merging',
          heartbeat: isoAfter(59),
          status: 'merging',
          queuedAt: isoAfter(40),
        },
      ],
      completed: [
        { id: 'prd-done', completedAt: '2026-02-17T10:00:00Z' },
        { id: 'prd-newer', completedAt: '2026-02-18T10:00:00Z' },
      ],
      abandoned: [{ id: 'prd-gone', reason: 'superseded' }],
    }),
  );
}

describe('buildStatusReport', () => {
  it('fills every section from the state, liveness and now', () => {
    const state = dashboardState();
    // The ref is newer than beta's lock heartbeat: it keeps beta alive.
    const liveness = [ping('developer-b2c3d4', isoAfter(58), 'prd-beta')];
    const report = buildStatusReport({
      state,
      liveness,
      now: NOW,
      source: 'origin/main',
      offline: false,
    });

    expect(report.sessions.map((s) => [s.prdId, s.stale, s.lastSeen])).toEqual([
      ['prd-alpha', false, isoAfter(55)],
      ['prd-beta', false, isoAfter(58)],
      ['prd-queued', false, isoAfter(59)],
      ['prd-merging', false, isoAfter(59)],
    ]);
    expect(report.sessions[0]).toMatchObject({
      sessionId: 'developer-a1b2c3',
      branch: 'feature/alpha',
      status: 'in_progress',
      currentStory: 'US-003',
      completedStories: ['US-001', 'US-002'],
      claimedAt: '2026-02-19T15:00:00Z',
      stories: { total: 5, completed: 2 },
      lastSeenAgeSeconds: 300,
    });
    // Without registry counts the PRD file's stories give the total.
    expect(report.sessions[1]?.stories).toEqual({ total: 2, completed: 0 });
    expect(report.available).toEqual([
      {
        id: 'prd-free',
        title: 'Free',
        priority: 'high',
        risk: 'medium',
        against: ['prd-alpha'],
        dependsOn: [],
      },
    ]);
    expect(report.waiting).toEqual([
      { id: 'prd-later', title: 'Later', unmetDependencies: ['prd-alpha'] },
    ]);
    expect(report.mergeQueue.map((q) => [q.position, q.prdId, q.status, q.stale])).toEqual([
      [1, 'prd-merging', 'merging', false],
      [2, 'prd-queued', 'queued', false],
    ]);
    expect(report.drafts).toEqual([{ id: 'prd-idea', title: 'Idea', priority: 'medium' }]);
    expect(report.completed.map((c) => c.id)).toEqual(['prd-newer', 'prd-done']);
    expect(report.abandoned).toMatchObject([{ id: 'prd-gone', reason: 'superseded' }]);
    expect(report.warnings).toMatchObject([
      { kind: 'conflict', a: 'prd-alpha', b: 'prd-beta', risk: 'medium' },
    ]);
  });

  it('shows the queue in its order: the holder, its batch, then high priority first', () => {
    const state = deepFreeze(
      buildState({
        prds: [{ id: 'prd-a' }, { id: 'prd-b' }, { id: 'prd-c' }, { id: 'prd-d' }],
        locks: [
          {
            sessionId: 'developer-00000a',
            prdId: 'prd-a',
            status: 'queued',
            queuedAt: isoAfter(1),
          },
          {
            sessionId: 'developer-00000b',
            prdId: 'prd-b',
            status: 'merging',
            queuedAt: isoAfter(3),
            mergedBy: 'developer-00000c',
          },
          {
            sessionId: 'developer-00000c',
            prdId: 'prd-c',
            status: 'merging',
            queuedAt: isoAfter(2),
          },
          {
            sessionId: 'developer-00000d',
            prdId: 'prd-d',
            status: 'queued',
            queuedAt: isoAfter(4),
            priority: 'high',
          },
        ],
      }),
    );
    const report = buildStatusReport({
      state,
      liveness: [],
      now: minutesAfter(5),
      source: 'origin/main',
      offline: false,
    });
    expect(report.mergeQueue.map((q) => [q.position, q.prdId, q.priority, q.mergedBy])).toEqual([
      [1, 'prd-c', 'normal', null],
      [2, 'prd-b', 'normal', 'developer-00000c'],
      [3, 'prd-d', 'high', null],
      [4, 'prd-a', 'normal', null],
    ]);
  });

  it('marks a session stale when neither its lock nor its ref is recent', () => {
    const report = buildStatusReport({
      state: dashboardState(),
      liveness: [],
      now: NOW,
      source: 'origin/main',
      offline: true,
    });
    const beta = report.sessions.find((s) => s.prdId === 'prd-beta');
    expect(beta).toMatchObject({ stale: true, lastSeen: isoAfter(5) });
    expect(report.offline).toBe(true);
  });

  it('reports interrupted landings a release would finish, not one whose session may be landing now', () => {
    const step = { sessionId: 'developer-a1b2c3', branch: 'feature/x', mergeCommit: 'c0ffee' };
    const report = buildStatusReport({
      state: dashboardState(),
      liveness: [],
      now: NOW,
      source: 'origin/lanes/state',
      offline: false,
      recovery: [
        { ...step, prdId: 'prd-alpha', action: 'complete' },
        { ...step, prdId: 'prd-beta', action: 'requeue' },
        { ...step, prdId: 'prd-queued', action: 'leave' },
      ],
    });
    expect(report.interrupted).toEqual([
      { ...step, prdId: 'prd-alpha', onMain: true },
      { ...step, prdId: 'prd-beta', onMain: false },
    ]);
  });
});

describe('conflictWarnings', () => {
  it('prefers a pair assessed with branch evidence and sorts the highest risk first', () => {
    const state = buildState({
      prds: [
        { id: 'prd-a', touches: ['x/**'] },
        { id: 'prd-b', touches: ['x/y.ts'] },
        { id: 'prd-c' },
      ],
      locks: [
        { sessionId: 'developer-aaaaaa', prdId: 'prd-a' },
        { sessionId: 'developer-bbbbbb', prdId: 'prd-b' },
        { sessionId: 'developer-cccccc', prdId: 'prd-c' },
      ],
    });
    const fromBranches: PairRisk = {
      a: 'prd-c',
      b: 'prd-b',
      risk: 'high',
      findings: [{ source: 'branches', risk: 'high', paths: ['z.ts'] }],
    };
    expect(conflictWarnings(state, [fromBranches])).toEqual([
      { kind: 'conflict', a: 'prd-b', b: 'prd-c', risk: 'high', findings: fromBranches.findings },
      expect.objectContaining({ a: 'prd-a', b: 'prd-b', risk: 'medium' }),
    ]);
  });
});
