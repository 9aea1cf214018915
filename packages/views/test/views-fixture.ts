import { buildStatusReport, type StatusReport } from '@lanes/core';
import { buildState, isoAfter, minutesAfter } from '@lanes/core/testing';

// A busy team for the views' unit tests: two working sessions (one stale, with who),
// a blocked one, a release merging with a stage and one queued behind it, available
// and waiting PRDs, a conflict, landings and an abandonment. Read at T0 + 60 minutes.

export const READ_AT = minutesAfter(60);

export function busyReport(): StatusReport {
  const state = buildState({
    prds: [
      {
        id: 'prd-alpha',
        title: 'Alpha <b>',
        touches: ['src/a/**'],
        stories: { total: 4, completed: 2 },
      },
      { id: 'prd-beta', touches: ['src/a/b.ts'] },
      { id: 'prd-blocked' },
      { id: 'prd-merging' },
      { id: 'prd-queued' },
      { id: 'prd-free', priority: 'high', dependsOn: ['prd-done'] },
      { id: 'prd-later', dependsOn: ['prd-alpha'] },
    ],
    locks: [
      {
        sessionId: 'developer-a1b2c3',
        prdId: 'prd-alpha',
        heartbeat: isoAfter(59),
        currentStory: 'US-003',
        completedStories: ['US-001', 'US-002'],
        user: 'Ann Lee',
        host: 'laptop',
      },
      { sessionId: 'developer-b2c3d4', prdId: 'prd-beta', heartbeat: isoAfter(5), host: 'ci-7' },
      {
        sessionId: 'developer-c3d4e5',
        prdId: 'prd-blocked',
        heartbeat: isoAfter(59),
        status: 'blocked',
        blockedReason: 'rebase conflict in src/x.ts',
      },
      {
        sessionId: 'developer-d4e5f6',
        prdId: 'prd-merging',
        heartbeat: isoAfter(59),
        status: 'merging',
        queuedAt: isoAfter(40),
      },
      {
        sessionId: 'developer-e5f6a7',
        prdId: 'prd-queued',
        heartbeat: isoAfter(59),
        status: 'queued',
        queuedAt: isoAfter(50),
      },
    ],
    completed: [{ id: 'prd-done', completedAt: '2026-02-18T10:00:00Z' }],
    abandoned: [{ id: 'prd-gone', reason: 'superseded by prd-alpha' }],
  });
  const report = buildStatusReport({
    state,
    liveness: [],
    now: READ_AT,
    source: 'origin/lanes/state',
    offline: false,
  });
  // What a release's pings add once it reports its stage (h/quality): drawn when present.
  Object.assign(report.mergeQueue[0]!, { stage: 'check 2/3', stageStartedAt: isoAfter(58) });
  return report;
}
