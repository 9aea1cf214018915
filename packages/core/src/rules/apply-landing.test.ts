import type { CoordinationState } from '../types.js';
import { describe, expect, it } from 'vitest';
import { droppingMergeCommit, finishLanding, forgetMergeCommit } from './apply-landing.js';
import { buildState, deepFreeze, minutesAfter } from './test-builders.js';

const ME = 'dev-aaaaaa';
const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';
const OTHER = '1111111111111111111111111111111111111111';
const now = new Date('2026-03-01T12:00:00Z');

function stateWith(
  status: 'merging' | 'blocked' | 'queued',
  mergeCommit?: string,
): CoordinationState {
  return deepFreeze(
    buildState({
      prds: [{ id: 'prd-a' }, { id: 'prd-b' }],
      locks: [
        {
          sessionId: ME,
          prdId: 'prd-a',
          status,
          queuedAt: '2026-02-19T15:01:00Z',
          ...(status === 'blocked' ? { blockedReason: 'release failed: network' } : {}),
          ...(mergeCommit ? { mergeCommit } : {}),
        },
        { sessionId: 'dev-bbbbbb', prdId: 'prd-b' },
      ],
    }),
  );
}

describe('finishLanding', () => {
  it('completes a merging PRD: archive move, completed entry with the merge commit, lock gone', () => {
    const change = finishLanding(stateWith('merging', SHA), 'prd-a', SHA, now);
    expect(change.already).toBe(false);
    expect(change.entry).toMatchObject({
      id: 'prd-a',
      mergeCommit: SHA,
      sessionId: ME,
      archivedTo: 'docs/completed/2026-03-01/prd-a.json',
      completedAt: '2026-03-01T12:00:00Z',
    });
    expect(change.locks.sessions.map((lock) => lock.prdId)).toEqual(['prd-b']);
    expect(change.registry.prds.map((entry) => entry.id)).toEqual(['prd-b']);
    expect(change.files).toEqual([
      {
        kind: 'move',
        from: 'docs/prds/prd-a.json',
        to: 'docs/completed/2026-03-01/prd-a.json',
        content: expect.any(String),
      },
    ]);
  });

  it('completes a landing whose lock was blocked meanwhile: main having it is a fact', () => {
    const change = finishLanding(stateWith('blocked', SHA), 'prd-a', SHA, now);
    expect(change.entry.mergeCommit).toBe(SHA);
    expect(change.registry.completed.map((entry) => entry.id)).toEqual(['prd-a']);
  });

  it('is a no-op once completed', () => {
    const first = finishLanding(stateWith('merging', SHA), 'prd-a', SHA, now);
    const state = { ...stateWith('merging', SHA), locks: first.locks, registry: first.registry };
    const again = finishLanding(state, 'prd-a', SHA, minutesAfter(5));
    expect(again.already).toBe(true);
    expect(again.locks).toBe(state.locks);
    expect(again.files).toEqual([]);
    expect(again.entry).toEqual(first.entry);
  });

  it('refuses a PRD that is neither locked nor completed', () => {
    expect(() => finishLanding(stateWith('merging'), 'prd-zzz', SHA, now)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_STATE' }),
    );
  });
});

describe('forgetMergeCommit', () => {
  it('sends a stale merging holder back to the queue, keeping its place', () => {
    const change = forgetMergeCommit(stateWith('merging', SHA), {
      prdId: 'prd-a',
      mergeCommit: SHA,
      requeue: true,
      now,
    });
    expect(change.changed).toBe(true);
    const lock = change.locks.sessions[0]!;
    expect(lock).toMatchObject({ status: 'queued', queuedAt: '2026-02-19T15:01:00Z' });
    expect(lock.mergeCommit).toBeUndefined();
  });

  it('only clears the commit of a lock that is not merging', () => {
    const change = forgetMergeCommit(stateWith('blocked', SHA), {
      prdId: 'prd-a',
      mergeCommit: SHA,
      requeue: true,
      now,
    });
    expect(change.locks.sessions[0]).toMatchObject({ status: 'blocked' });
    expect(change.locks.sessions[0]!.mergeCommit).toBeUndefined();
  });

  it('leaves a lock alone that carries another commit by now', () => {
    const state = stateWith('merging', OTHER);
    const change = forgetMergeCommit(state, {
      prdId: 'prd-a',
      mergeCommit: SHA,
      requeue: true,
      now,
    });
    expect(change.changed).toBe(false);
    expect(change.locks).toBe(state.locks);
  });
});

it('droppingMergeCommit removes the commit from one lock only', () => {
  const state = stateWith('merging', SHA);
  const change = droppingMergeCommit(
    { locks: state.locks, registry: state.registry, files: [] },
    'prd-a',
  );
  expect(change.locks.sessions[0]!.mergeCommit).toBeUndefined();
  expect(change.locks.sessions[1]).toBe(state.locks.sessions[1]);
});
