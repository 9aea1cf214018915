import { describe, expect, it } from 'vitest';
import type { CoordinationState } from '../types.js';
import { applyClaim } from './apply-claim.js';
import { applyResume } from './apply-resume.js';
import type { StateChange } from './state-change.js';
import { buildState, deepFreeze, isoAfter, minutesAfter } from './test-builders.js';
import { undoClaim, undoResume } from './undo-start.js';

const after = (state: CoordinationState, change: StateChange): CoordinationState => ({
  ...state,
  locks: change.locks,
  registry: change.registry,
});

describe('undoClaim', () => {
  const state = deepFreeze(buildState({ prds: [{ id: 'prd-a' }, { id: 'prd-b' }] }));

  it('gives back exactly the state before the claim', () => {
    const claimed = after(
      state,
      applyClaim({
        state,
        prdId: 'prd-a',
        sessionId: 'dev-aaaaaa',
        liveness: [],
        now: minutesAfter(1),
      }),
    );
    const undone = undoClaim(claimed, 'prd-a', 'dev-aaaaaa');
    expect(undone.locks).toEqual(state.locks);
    expect(undone.registry).toEqual(state.registry);
  });

  it("leaves a lock alone that is not this session's", () => {
    const claimed = after(
      state,
      applyClaim({
        state,
        prdId: 'prd-a',
        sessionId: 'dev-bbbbbb',
        liveness: [],
        now: minutesAfter(1),
      }),
    );
    const undone = undoClaim(claimed, 'prd-a', 'dev-aaaaaa');
    expect(undone.locks).toBe(claimed.locks);
    expect(undone.registry).toBe(claimed.registry);
  });
});

describe('undoResume', () => {
  const state = deepFreeze(
    buildState({
      prds: [{ id: 'prd-a' }],
      locks: [{ sessionId: 'old-aaaaaa', prdId: 'prd-a', status: 'blocked', blockedReason: 'x' }],
    }),
  );
  const lock = state.locks.sessions[0]!;

  it('puts the old holder and status back', () => {
    const resumed = after(
      state,
      applyResume({
        state,
        prdId: 'prd-a',
        sessionId: 'new-bbbbbb',
        liveness: [],
        now: minutesAfter(60),
      }),
    );
    expect(resumed.locks.sessions[0]!.sessionId).toBe('new-bbbbbb');
    const undone = undoResume(resumed, { lock, status: 'blocked' }, 'new-bbbbbb');
    expect(undone.locks).toEqual(state.locks);
    expect(undone.registry).toEqual(state.registry);
  });

  it('does nothing when the lock moved on to a third session', () => {
    const third = after(state, {
      locks: { sessions: [{ ...lock, sessionId: 'third-cccccc', heartbeat: isoAfter(90) }] },
      registry: state.registry,
      files: [],
    });
    expect(undoResume(third, { lock, status: 'blocked' }, 'new-bbbbbb').locks).toBe(third.locks);
  });
});
