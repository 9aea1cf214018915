import { describe, expect, it } from 'vitest';
import {
  applyComplete,
  applyEnqueue,
  applyRecordMergeCommit,
  applyTakeMergeSlot,
  applyYieldMergeSlot,
} from './apply-merge-queue.js';
import type { StateChange } from './state-change.js';
import {
  buildState,
  deepFreeze,
  isoAfter,
  minutesAfter,
  ping,
  type LockSpec,
} from './test-builders.js';
import type { CoordinationState } from '../types.js';

const ME = 'dev-aaaaaa';
const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';

function stateOf(locks: LockSpec[]): CoordinationState {
  return deepFreeze(
    buildState({ prds: [{ id: 'prd-a' }, { id: 'prd-b' }, { id: 'prd-c' }], locks }),
  );
}

function next(state: CoordinationState, change: StateChange): CoordinationState {
  return { ...state, locks: change.locks, registry: change.registry };
}

describe('applyEnqueue', () => {
  it('queues an in_progress or blocked lock with queuedAt', () => {
    const state = stateOf([
      { sessionId: ME, prdId: 'prd-a', status: 'blocked', blockedReason: 'conflict' },
    ]);
    const result = applyEnqueue({ state, sessionId: ME, now: minutesAfter(3) });
    expect(result.lock).toMatchObject({
      status: 'queued',
      queuedAt: isoAfter(3),
      heartbeat: isoAfter(3),
    });
    expect(result.lock.blockedReason).toBeUndefined();
    expect(result.registry.prds[0]?.status).toBe('in_progress');
  });

  it('keeps the place of a lock already queued', () => {
    const state = stateOf([
      { sessionId: ME, prdId: 'prd-a', status: 'queued', queuedAt: isoAfter(1) },
    ]);
    expect(applyEnqueue({ state, sessionId: ME, now: minutesAfter(3) }).lock.queuedAt).toBe(
      isoAfter(1),
    );
  });

  it('needs a claim', () => {
    expect(() => applyEnqueue({ state: stateOf([]), sessionId: ME, now: minutesAfter(3) })).toThrow(
      expect.objectContaining({ code: 'E_NO_SESSION' }),
    );
  });
});

describe('applyYieldMergeSlot', () => {
  it('puts a merging lock back in the queue in its place, without its unlanded merge commit', () => {
    const state = stateOf([
      { sessionId: ME, prdId: 'prd-a', status: 'merging', queuedAt: isoAfter(1), mergeCommit: SHA },
    ]);
    const result = applyYieldMergeSlot({ state, sessionId: ME, now: minutesAfter(3) });
    expect(result.lock).toMatchObject({ status: 'queued', queuedAt: isoAfter(1) });
    expect(result.lock.mergeCommit).toBeUndefined();
    expect(result.lock.blockedReason).toBeUndefined();
  });

  it('puts the members of its batch back in the queue too, in their places', () => {
    const state = stateOf([
      { sessionId: ME, prdId: 'prd-a', status: 'merging', queuedAt: isoAfter(1) },
      {
        sessionId: 'dev-bbbbbb',
        prdId: 'prd-b',
        status: 'merging',
        queuedAt: isoAfter(2),
        mergedBy: ME,
        mergeCommit: SHA,
      },
      { sessionId: 'dev-cccccc', prdId: 'prd-c', status: 'merging', queuedAt: isoAfter(3) },
    ]);
    const result = applyYieldMergeSlot({ state, sessionId: ME, now: minutesAfter(3) });
    const [, member, other] = result.locks.sessions;
    expect(member).toMatchObject({ status: 'queued', queuedAt: isoAfter(2) });
    expect(member?.mergedBy).toBeUndefined();
    expect(member?.mergeCommit).toBeUndefined();
    // Another holder's lock is not this one's to touch.
    expect(other).toMatchObject({ status: 'merging' });
  });
});

describe('applyTakeMergeSlot', () => {
  const now = minutesAfter(30);

  it('takes the slot when it is this session’s turn', () => {
    const state = stateOf([
      { sessionId: ME, prdId: 'prd-a', status: 'queued', queuedAt: isoAfter(1) },
    ]);
    const result = applyTakeMergeSlot({ state, sessionId: ME, liveness: [], now });
    expect(result.taken).toBe(true);
    expect(result.locks.sessions[0]).toMatchObject({ status: 'merging', heartbeat: isoAfter(30) });
  });

  it('waits behind a live merging session and an earlier live queued one', () => {
    const state = stateOf([
      { sessionId: 'dev-bbbbbb', prdId: 'prd-b', status: 'merging', queuedAt: isoAfter(0) },
      { sessionId: 'dev-cccccc', prdId: 'prd-c', status: 'queued', queuedAt: isoAfter(1) },
      { sessionId: ME, prdId: 'prd-a', status: 'queued', queuedAt: isoAfter(2) },
    ]);
    const liveness = [ping('dev-bbbbbb', isoAfter(29)), ping('dev-cccccc', isoAfter(29))];
    const first = applyTakeMergeSlot({ state, sessionId: ME, liveness, now });
    expect(first).toMatchObject({ taken: false, position: 3, blocked: [] });
    if (!first.taken) expect(first.waitingFor.sessionId).toBe('dev-bbbbbb');
    expect(first.locks).toBe(state.locks);

    const onlyQueuedAlive = applyTakeMergeSlot({
      state,
      sessionId: ME,
      liveness: [liveness[1]!],
      now,
    });
    expect(onlyQueuedAlive.taken).toBe(false);
    if (!onlyQueuedAlive.taken) expect(onlyQueuedAlive.waitingFor.sessionId).toBe('dev-cccccc');
    expect(onlyQueuedAlive.blocked).toEqual(['prd-b']);
  });

  it('blocks a stale merging holder with a reason and skips stale queued sessions', () => {
    const state = stateOf([
      { sessionId: 'dev-bbbbbb', prdId: 'prd-b', status: 'merging', queuedAt: isoAfter(0) },
      { sessionId: 'dev-cccccc', prdId: 'prd-c', status: 'queued', queuedAt: isoAfter(1) },
      { sessionId: ME, prdId: 'prd-a', status: 'queued', queuedAt: isoAfter(2) },
    ]);
    const result = applyTakeMergeSlot({ state, sessionId: ME, liveness: [], now });
    expect(result.taken).toBe(true);
    expect(result.blocked).toEqual(['prd-b']);
    const [b, c, a] = result.locks.sessions;
    expect(b).toMatchObject({
      status: 'blocked',
      blockedReason: expect.stringContaining('merge interrupted'),
    });
    expect(b?.queuedAt).toBeUndefined();
    expect(c?.status).toBe('queued');
    expect(a?.status).toBe('merging');
    expect(result.registry.prds.find((e) => e.id === 'prd-b')?.status).toBe('blocked');
  });

  it('is idempotent for the merging session and refuses one that is not queued', () => {
    const merging = stateOf([{ sessionId: ME, prdId: 'prd-a', status: 'merging' }]);
    expect(applyTakeMergeSlot({ state: merging, sessionId: ME, liveness: [], now }).taken).toBe(
      true,
    );
    const working = stateOf([{ sessionId: ME, prdId: 'prd-a' }]);
    expect(() => applyTakeMergeSlot({ state: working, sessionId: ME, liveness: [], now })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });
});

describe('recording the merge and completing', () => {
  const merging = stateOf([
    { sessionId: ME, prdId: 'prd-a', status: 'merging', completedStories: ['US-001'] },
    { sessionId: 'dev-bbbbbb', prdId: 'prd-b' },
  ]);

  it('records the merge commit, then completes: archive, registry, lock, file move', () => {
    const recorded = applyRecordMergeCommit({
      state: merging,
      sessionId: ME,
      sha: SHA,
      now: minutesAfter(40),
    });
    expect(recorded.lock.mergeCommit).toBe(SHA);
    const done = applyComplete({
      state: next(merging, recorded),
      sessionId: ME,
      now: new Date('2026-02-20T00:00:01Z'),
    });
    expect(done.entry).toEqual({
      id: 'prd-a',
      title: 'A',
      completedAt: '2026-02-20T00:00:01Z',
      archivedTo: 'docs/completed/2026-02-20/prd-a.json',
      mergeCommit: SHA,
      sessionId: ME,
      stories: { total: 3, completed: 1 },
    });
    expect(done.registry.prds.map((e) => e.id)).toEqual(['prd-b', 'prd-c']);
    expect(done.registry.completed).toEqual([done.entry]);
    expect(done.locks.sessions.map((l) => l.prdId)).toEqual(['prd-b']);
    expect(done.files).toEqual([
      {
        kind: 'move',
        from: 'docs/prds/prd-a.json',
        to: 'docs/completed/2026-02-20/prd-a.json',
        content: expect.any(String),
      },
    ]);
    // The archived PRD keeps the progress: the completed story passes, the others not.
    const archived = JSON.parse((done.files[0] as { content: string }).content);
    expect(archived.userStories.map((story: { passes: boolean }) => story.passes)).toEqual([
      true,
      false,
      false,
    ]);
    expect(done.branch).toBe('feature/a');
  });

  it('takes the merge commit as an argument too', () => {
    expect(
      applyComplete({ state: merging, sessionId: ME, mergeCommit: SHA, now: minutesAfter(41) })
        .entry.mergeCommit,
    ).toBe(SHA);
  });

  it('refuses a bad sha, a missing merge commit and a lock that is not merging', () => {
    expect(() =>
      applyRecordMergeCommit({ state: merging, sessionId: ME, sha: 'abc', now: minutesAfter(1) }),
    ).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => applyComplete({ state: merging, sessionId: ME, now: minutesAfter(1) })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
    expect(() =>
      applyComplete({
        state: merging,
        sessionId: 'dev-bbbbbb',
        mergeCommit: SHA,
        now: minutesAfter(1),
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_USAGE',
        details: { prdId: 'prd-b', status: 'in_progress' },
      }),
    );
  });
});
