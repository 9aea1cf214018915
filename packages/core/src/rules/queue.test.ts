import { describe, expect, it } from 'vitest';
import { nextToMerge, queueOrder, queuePosition } from './queue.js';
import { TEST_CONFIG, buildState, isoAfter, minutesAfter, ping } from './test-builders.js';

const state = buildState({
  prds: [{ id: 'prd-a' }, { id: 'prd-b' }, { id: 'prd-c' }, { id: 'prd-d' }, { id: 'prd-e' }],
  locks: [
    { sessionId: 'dev-aaaaaa', prdId: 'prd-a', status: 'queued', queuedAt: isoAfter(3) },
    { sessionId: 'dev-bbbbbb', prdId: 'prd-b', status: 'in_progress' },
    {
      sessionId: 'dev-cccccc',
      prdId: 'prd-c',
      status: 'queued',
      queuedAt: isoAfter(1),
      claimedAt: isoAfter(-5),
    },
    { sessionId: 'dev-dddddd', prdId: 'prd-d', status: 'merging', queuedAt: isoAfter(2) },
    {
      sessionId: 'dev-eeeeee',
      prdId: 'prd-e',
      status: 'queued',
      queuedAt: isoAfter(1),
      claimedAt: isoAfter(-9),
    },
  ],
});

describe('queueOrder', () => {
  it('puts the merging lock first, then queuedAt, then claimedAt', () => {
    expect(queueOrder(state.locks).map((lock) => lock.prdId)).toEqual([
      'prd-d',
      'prd-e',
      'prd-c',
      'prd-a',
    ]);
    expect(queueOrder(state.locks.sessions).map((lock) => lock.prdId)).toEqual([
      'prd-d',
      'prd-e',
      'prd-c',
      'prd-a',
    ]);
  });

  it('gives 1-based positions and none outside the queue', () => {
    expect(queuePosition(state.locks, 'dev-dddddd')).toBe(1);
    expect(queuePosition(state.locks, 'dev-aaaaaa')).toBe(4);
    expect(queuePosition(state.locks, 'dev-bbbbbb')).toBeUndefined();
  });
});

describe('nextToMerge', () => {
  const alive = (...ids: string[]) => ids.map((id) => ping(id, isoAfter(20)));
  const now = minutesAfter(25);

  it('keeps the turn of a live merging session', () => {
    expect(
      nextToMerge(state.locks, alive('dev-dddddd', 'dev-eeeeee'), TEST_CONFIG, now)?.sessionId,
    ).toBe('dev-dddddd');
  });

  it('skips a stale merging holder and stale queued sessions', () => {
    expect(
      nextToMerge(state.locks, alive('dev-cccccc', 'dev-aaaaaa'), TEST_CONFIG, now)?.sessionId,
    ).toBe('dev-cccccc');
    expect(nextToMerge(state.locks, alive('dev-aaaaaa'), TEST_CONFIG, now)?.sessionId).toBe(
      'dev-aaaaaa',
    );
  });

  it('has no one when every queued session is stale', () => {
    expect(nextToMerge(state.locks, [], TEST_CONFIG, now)).toBeUndefined();
  });
});
