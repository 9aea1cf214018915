import type { SessionLock } from '@lanes/core';
import { buildState, minutesAfter, ping } from '@lanes/core/testing';
import { expect, it } from 'vitest';
import { planRecovery } from './recovery-plan.js';

const LANDED = 'a'.repeat(40);
const LOST = 'b'.repeat(40);

function locks(): SessionLock[] {
  return buildState({
    prds: [{ id: 'prd-a' }, { id: 'prd-b' }, { id: 'prd-c' }, { id: 'prd-d' }, { id: 'prd-e' }],
    locks: [
      { sessionId: 'dev-aaaaaa', prdId: 'prd-a', status: 'merging', mergeCommit: LANDED },
      { sessionId: 'dev-bbbbbb', prdId: 'prd-b', status: 'merging', mergeCommit: LOST },
      { sessionId: 'dev-cccccc', prdId: 'prd-c', status: 'merging', mergeCommit: LOST },
      {
        sessionId: 'dev-dddddd',
        prdId: 'prd-d',
        status: 'blocked',
        blockedReason: 'x',
        mergeCommit: LOST,
      },
      { sessionId: 'dev-eeeeee', prdId: 'prd-e' },
    ],
  }).locks.sessions;
}

it('completes what main has, requeues a stale lost landing, leaves a live one, clears the rest', () => {
  const now = minutesAfter(60);
  const steps = planRecovery({
    locks: locks(),
    landed: new Set([LANDED]),
    // Only dev-cccccc pinged recently: its landing may be on its way.
    liveness: [ping('dev-cccccc', '2026-02-19T15:58:00Z')],
    config: { heartbeatTimeoutMinutes: 10 },
    now,
  });
  expect(steps.map((step) => [step.prdId, step.action])).toEqual([
    ['prd-a', 'complete'],
    ['prd-b', 'requeue'],
    ['prd-c', 'leave'],
    ['prd-d', 'clear'],
  ]);
  expect(steps[0]).toMatchObject({
    sessionId: 'dev-aaaaaa',
    branch: 'feature/a',
    mergeCommit: LANDED,
  });
});
