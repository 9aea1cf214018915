import { describe, expect, it } from 'vitest';
import { sessionViews, staleSessionViews } from './sessions.js';
import { buildState, isoAfter, minutesAfter, ping } from './test-builders.js';

describe('sessionViews', () => {
  const state = buildState({
    prds: [{ id: 'prd-a', stories: { total: 3, completed: 1 } }, { id: 'prd-b' }],
    locks: [
      {
        sessionId: 'dev-aaaaaa',
        prdId: 'prd-a',
        currentStory: 'US-002',
        completedStories: ['US-001'],
        heartbeat: isoAfter(2),
      },
      {
        sessionId: 'dev-bbbbbb',
        prdId: 'prd-b',
        status: 'blocked',
        blockedReason: 'rebase conflict',
      },
    ],
  });
  const views = sessionViews(state, [ping('dev-aaaaaa', isoAfter(12))], minutesAfter(14));

  it('has the CLI.md status.sessions fields', () => {
    expect(views[0]).toMatchObject({
      sessionId: 'dev-aaaaaa',
      prdId: 'prd-a',
      branch: 'feature/a',
      status: 'in_progress',
      currentStory: 'US-002',
      completedStories: ['US-001'],
      claimedAt: isoAfter(0),
      lastSeen: isoAfter(12),
      stale: false,
      stories: { total: 3, completed: 1 },
      heartbeatAge: '2m',
    });
  });

  it('marks stale sessions and fills absent fields with null', () => {
    expect(views[1]).toMatchObject({
      sessionId: 'dev-bbbbbb',
      lastSeen: isoAfter(0),
      stale: true,
      currentStory: null,
      blockedReason: 'rebase conflict',
      heartbeatAge: '14m',
      queuePosition: null,
    });
    expect(
      staleSessionViews(state, [ping('dev-aaaaaa', isoAfter(12))], minutesAfter(14)).map(
        (v) => v.sessionId,
      ),
    ).toEqual(['dev-bbbbbb']);
  });
});
