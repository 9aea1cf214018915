import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../validate/index.js';
import type { CoordinationState } from '../types.js';
import { applyFinishBatch, applyRecordBatch } from './apply-batch.js';
import { applyEnqueue, applyTakeMergeSlot } from './apply-merge-queue.js';
import { batchFor, queueOrder } from './queue.js';
import type { StateChange } from './state-change.js';
import {
  buildState,
  deepFreeze,
  isoAfter,
  minutesAfter,
  ping,
  type LockSpec,
} from './test-builders.js';

const A = 'dev-aaaaaa';
const B = 'dev-bbbbbb';
const C = 'dev-cccccc';
const D = 'dev-dddddd';
const SHA_A = 'a'.repeat(40);
const SHA_C = 'c'.repeat(40);
const now = minutesAfter(30);
const alive = [A, B, C, D].map((s) => ping(s, isoAfter(29)));

function stateOf(locks: LockSpec[], batchSize = 4): CoordinationState {
  const state = buildState({
    prds: ['prd-a', 'prd-b', 'prd-c', 'prd-d'].map((id) => ({ id })),
    locks,
  });
  return deepFreeze({
    ...state,
    config: { ...state.config, mergeQueue: { ...state.config.mergeQueue, batchSize } },
  });
}

const queued = (sessionId: string, prdId: string, minute: number): LockSpec => ({
  sessionId,
  prdId,
  status: 'queued',
  queuedAt: isoAfter(minute),
});

function next(state: CoordinationState, change: StateChange): CoordinationState {
  return { ...state, locks: change.locks, registry: change.registry };
}

const statusOf = (state: Pick<StateChange, 'locks'>, prdId: string) =>
  state.locks.sessions.find((lock) => lock.prdId === prdId);

describe('the queue order and the batch', () => {
  it('puts high priority releases ahead, each group by queue time', () => {
    const state = stateOf([
      queued(A, 'prd-a', 1),
      { ...queued(B, 'prd-b', 3), priority: 'high' },
      queued(C, 'prd-c', 2),
    ]);
    expect(queueOrder(state.locks).map((l) => l.prdId)).toEqual(['prd-b', 'prd-a', 'prd-c']);
  });

  it('marks a critical PRD or --priority high as high when it joins', () => {
    const state = stateOf([{ sessionId: A, prdId: 'prd-a' }]);
    expect(applyEnqueue({ state, sessionId: A, now, priority: 'high' }).lock.priority).toBe('high');
    expect(applyEnqueue({ state, sessionId: A, now }).lock.priority).toBeUndefined();
    const critical = deepFreeze({
      ...state,
      registry: {
        ...state.registry,
        prds: state.registry.prds.map((e) =>
          e.id === 'prd-a' ? { ...e, priority: 'critical' as const } : e,
        ),
      },
    });
    expect(applyEnqueue({ state: critical, sessionId: A, now }).lock.priority).toBe('high');
  });

  it('takes the holder and the next live queued locks, batchSize in all', () => {
    const state = stateOf([queued(A, 'prd-a', 1), queued(B, 'prd-b', 2), queued(C, 'prd-c', 3)], 2);
    const holder = state.locks.sessions[0]!;
    expect(batchFor(state.locks, holder, alive, state.config, now).map((l) => l.prdId)).toEqual([
      'prd-a',
      'prd-b',
    ]);
    // B is stale: passed over.
    const liveAC = [ping(A, isoAfter(29)), ping(C, isoAfter(29))];
    expect(batchFor(state.locks, holder, liveAC, state.config, now).map((l) => l.prdId)).toEqual([
      'prd-a',
      'prd-c',
    ]);
  });
});

describe('applyTakeMergeSlot with batches', () => {
  const state = stateOf([queued(A, 'prd-a', 1), queued(B, 'prd-b', 2), queued(C, 'prd-c', 3)]);

  it('sets the holder and its members to merging in one change; members name the holder', () => {
    const taken = applyTakeMergeSlot({ state, sessionId: A, liveness: alive, now });
    if (!taken.taken) throw new Error('not taken');
    expect(taken.batch.map((l) => l.prdId)).toEqual(['prd-a', 'prd-b', 'prd-c']);
    expect(statusOf(taken, 'prd-a')).toMatchObject({ status: 'merging' });
    expect(statusOf(taken, 'prd-a')?.mergedBy).toBeUndefined();
    expect(statusOf(taken, 'prd-b')).toMatchObject({ status: 'merging', mergedBy: A });
    expect(
      checkInvariants(next(state, taken)).filter((d) => d.code === 'multiple-merging'),
    ).toEqual([]);
  });

  it('lets a member wait for its holder, and requeues the members of a stale holder', () => {
    const taken = next(state, applyTakeMergeSlot({ state, sessionId: A, liveness: alive, now }));
    const waiting = applyTakeMergeSlot({ state: taken, sessionId: B, liveness: alive, now });
    expect(waiting).toMatchObject({ taken: false, blocked: [] });
    if (!waiting.taken) expect(waiting.waitingFor.sessionId).toBe(A);

    // A stopped responding: it is blocked, B and C go back to the queue and B takes over.
    const later = minutesAfter(45);
    const fresh = [B, C].map((s) => ping(s, isoAfter(44)));
    const takeover = applyTakeMergeSlot({
      state: taken,
      sessionId: B,
      liveness: fresh,
      now: later,
    });
    expect(takeover.blocked).toEqual(['prd-a']);
    expect(statusOf(takeover, 'prd-a')?.status).toBe('blocked');
    if (!takeover.taken) throw new Error('not taken');
    expect(takeover.batch.map((l) => l.prdId)).toEqual(['prd-b', 'prd-c']);
    expect(statusOf(takeover, 'prd-c')).toMatchObject({ status: 'merging', mergedBy: B });
  });
});

describe('the end of a batch', () => {
  const taken = (() => {
    const state = stateOf([queued(A, 'prd-a', 1), queued(B, 'prd-b', 2), queued(C, 'prd-c', 3)]);
    return next(state, applyTakeMergeSlot({ state, sessionId: A, liveness: alive, now }));
  })();
  const outcome = {
    sessionId: A,
    landed: [
      { prdId: 'prd-a', mergeCommit: SHA_A },
      { prdId: 'prd-c', mergeCommit: SHA_C },
    ],
    blocked: [
      { prdId: 'prd-b', reason: 'quality check failed', code: 'E_QUALITY_CHECK', output: ['boom'] },
    ],
    now,
  };

  it('completes each landed member with its own merge commit and blocks the failed one with its output', () => {
    const change = applyFinishBatch({ state: taken, ...outcome });
    expect(change.entries.map((e) => [e.id, e.mergeCommit, e.landedBy, e.batch])).toEqual([
      ['prd-a', SHA_A, undefined, ['prd-a', 'prd-c']],
      ['prd-c', SHA_C, A, ['prd-a', 'prd-c']],
    ]);
    expect(change.locks.sessions.map((l) => l.prdId)).toEqual(['prd-b']);
    expect(statusOf(change, 'prd-b')).toMatchObject({
      status: 'blocked',
      blockedCode: 'E_QUALITY_CHECK',
      blockedOutput: ['boom'],
    });
    expect(statusOf(change, 'prd-b')?.mergedBy).toBeUndefined();
    expect(change.files.map((f) => f.kind)).toEqual(['move', 'move']);
    expect(checkInvariants({ ...taken, ...change })).toEqual([]);
  });

  it('records the merge commits first and keeps the holder merging until the end', () => {
    const failedHolder = {
      ...outcome,
      landed: [{ prdId: 'prd-c', mergeCommit: SHA_C }],
      blocked: [{ prdId: 'prd-a', reason: 'conflict', code: 'E_MERGE_CONFLICT' }],
    };
    const recorded = applyRecordBatch({ state: taken, ...failedHolder });
    expect(statusOf(recorded, 'prd-a')?.status).toBe('merging');
    expect(statusOf(recorded, 'prd-c')).toMatchObject({ status: 'merging', mergeCommit: SHA_C });
    const finished = applyFinishBatch({ state: next(taken, recorded), ...failedHolder });
    expect(statusOf(finished, 'prd-a')).toMatchObject({
      status: 'blocked',
      blockedCode: 'E_MERGE_CONFLICT',
    });
    expect(finished.entries.map((e) => e.id)).toEqual(['prd-c']);
  });

  it('a holder that failed after the push keeps its merge commit; its members are requeued, once', () => {
    const recorded = next(taken, applyRecordBatch({ state: taken, ...outcome, blocked: [] }));
    const failed = applyFinishBatch({
      state: recorded,
      sessionId: A,
      landed: [],
      blocked: [{ prdId: 'prd-a', reason: 'release failed', code: 'E_GIT', mayHaveLanded: true }],
      now,
    });
    expect(statusOf(failed, 'prd-a')).toMatchObject({ status: 'blocked', mergeCommit: SHA_A });
    const after = next(recorded, failed);
    const first = applyTakeMergeSlot({ state: after, sessionId: B, liveness: alive, now });
    // prd-c carries a merge commit main may have: a recovery goes first, nobody lands now.
    expect(first).toMatchObject({ taken: false, released: true });
    expect(statusOf(first, 'prd-c')).toMatchObject({ status: 'queued', mergeCommit: SHA_C });
    expect(statusOf(first, 'prd-c')?.mergedBy).toBeUndefined();
    const second = applyTakeMergeSlot({
      state: next(after, first),
      sessionId: B,
      liveness: alive,
      now,
    });
    expect(second).toMatchObject({ taken: true, released: false });
  });

  it('refuses once the slot was taken from the holder', () => {
    const lost = applyTakeMergeSlot({
      state: taken,
      sessionId: B,
      liveness: [ping(B, isoAfter(44))],
      now: minutesAfter(45),
    });
    expect(() => applyFinishBatch({ state: next(taken, lost), ...outcome })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });
});
