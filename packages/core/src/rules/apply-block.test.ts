import { describe, expect, it } from 'vitest';
import { applyBlock, applyUnblock } from './apply-block.js';
import { buildState, deepFreeze, isoAfter, minutesAfter, ping } from './test-builders.js';

const ME = 'dev-aaaaaa';
const OTHER = 'dev-bbbbbb';
const state = deepFreeze(
  buildState({
    prds: [{ id: 'prd-mine' }, { id: 'prd-theirs' }],
    locks: [
      { sessionId: ME, prdId: 'prd-mine', status: 'queued', queuedAt: isoAfter(1) },
      {
        sessionId: OTHER,
        prdId: 'prd-theirs',
        status: 'blocked',
        blockedReason: 'quality check failed',
      },
    ],
  }),
);
const NOW = minutesAfter(5);
const alive = [ping(OTHER, isoAfter(4))];

describe('applyBlock', () => {
  it('blocks one’s own lock with a reason, taking it out of the queue', () => {
    const result = applyBlock({
      state,
      sessionId: ME,
      liveness: [],
      now: NOW,
      reason: 'waiting for API keys',
    });
    expect(result.lock).toMatchObject({
      status: 'blocked',
      blockedReason: 'waiting for API keys',
      heartbeat: isoAfter(5),
    });
    expect(result.lock.queuedAt).toBeUndefined();
    expect(result.registry.prds[0]).toMatchObject({
      status: 'blocked',
      blockedReason: 'waiting for API keys',
    });
  });

  it('needs a reason', () => {
    expect(() => applyBlock({ state, sessionId: ME, liveness: [], now: NOW, reason: '' })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });
});

describe('applyUnblock', () => {
  it('refuses another live session’s lock, allows it when forced, without touching its heartbeat', () => {
    const input = { state, sessionId: ME, prdId: 'prd-theirs', liveness: alive, now: NOW };
    expect(() => applyUnblock(input)).toThrow(expect.objectContaining({ code: 'E_NOT_OWNER' }));
    const result = applyUnblock({ ...input, force: true });
    expect(result.changed).toBe(true);
    expect(result.lock).toMatchObject({ status: 'in_progress', heartbeat: isoAfter(0) });
    expect(result.lock.blockedReason).toBeUndefined();
    expect(result.registry.prds[1]?.status).toBe('in_progress');
    expect(result.registry.prds[1]?.blockedReason).toBeUndefined();
  });

  it('allows a stale session’s lock', () => {
    expect(
      applyUnblock({
        state,
        sessionId: ME,
        prdId: 'prd-theirs',
        liveness: [],
        now: minutesAfter(30),
      }).changed,
    ).toBe(true);
  });

  it('leaves a lock that is not blocked as it is', () => {
    const result = applyUnblock({ state, sessionId: ME, liveness: [], now: NOW });
    expect(result.changed).toBe(false);
    expect(result.locks).toBe(state.locks);
  });

  it('refuses when there is nothing to unblock', () => {
    expect(() => applyUnblock({ state, sessionId: 'dev-cccccc', liveness: [], now: NOW })).toThrow(
      expect.objectContaining({ code: 'E_NO_SESSION' }),
    );
    expect(() =>
      applyUnblock({
        state: buildState({ prds: [{ id: 'prd-x' }] }),
        sessionId: ME,
        prdId: 'prd-x',
        liveness: [],
        now: NOW,
      }),
    ).toThrow(expect.objectContaining({ code: 'E_NO_SESSION' }));
  });
});
