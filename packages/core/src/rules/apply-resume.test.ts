import { describe, expect, it } from 'vitest';
import { applyResume } from './apply-resume.js';
import {
  buildState,
  deepFreeze,
  isoAfter,
  minutesAfter,
  ping,
  type LockSpec,
} from './test-builders.js';

const ME = 'dev-aaaaaa';
const DEAD = 'dev-dddddd';

function stateWith(lock: Partial<LockSpec> = {}, more: LockSpec[] = []) {
  return deepFreeze(
    buildState({
      prds: [{ id: 'prd-a' }, { id: 'prd-b' }],
      locks: [
        { sessionId: DEAD, prdId: 'prd-a', completedStories: ['US-001'], host: 'old', ...lock },
        ...more,
      ],
    }),
  );
}

describe('applyResume', () => {
  it('moves a stale lock to this session with a fresh heartbeat, keeping progress', () => {
    const result = applyResume({
      state: stateWith(),
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [],
      now: minutesAfter(30),
      worktree: '/w',
    });
    expect(result.lock).toMatchObject({
      sessionId: ME,
      claimedAt: isoAfter(0),
      heartbeat: isoAfter(30),
      completedStories: ['US-001'],
      worktree: '/w',
      status: 'in_progress',
    });
    expect(result.lock.host).toBeUndefined();
    expect(result.previousHolder).toBe(DEAD);
  });

  it('refuses a live holder with E_NOT_STALE unless forced', () => {
    const input = {
      state: stateWith(),
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [ping(DEAD, isoAfter(25))],
      now: minutesAfter(30),
    };
    expect(() => applyResume(input)).toThrow(
      expect.objectContaining({
        code: 'E_NOT_STALE',
        details: expect.objectContaining({ holder: DEAD, lastSeen: isoAfter(25) }),
      }),
    );
    expect(applyResume({ ...input, force: true }).lock.sessionId).toBe(ME);
  });

  it('drops a dead place in the merge queue, but keeps a merge already recorded', () => {
    const queued = applyResume({
      state: stateWith({ status: 'queued', queuedAt: isoAfter(1) }),
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [],
      now: minutesAfter(30),
    });
    expect(queued.lock.status).toBe('in_progress');
    expect(queued.lock.queuedAt).toBeUndefined();
    const sha = '9fceb02d0ae598e95dc970b74767f19372d61af8';
    const merged = applyResume({
      state: stateWith({ status: 'merging', mergeCommit: sha }),
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [],
      now: minutesAfter(30),
    });
    expect(merged.lock).toMatchObject({ status: 'merging', mergeCommit: sha });
  });

  it('keeps a blocked lock blocked', () => {
    const state = stateWith({ status: 'blocked', blockedReason: 'rebase conflict' });
    const result = applyResume({
      state,
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [],
      now: minutesAfter(30),
    });
    expect(result.lock).toMatchObject({ status: 'blocked', blockedReason: 'rebase conflict' });
    expect(result.registry.prds[0]?.status).toBe('blocked');
  });

  it('refuses a session that holds another PRD, an unheld PRD and an unknown one', () => {
    const busy = stateWith({}, [{ sessionId: ME, prdId: 'prd-b' }]);
    const base = { sessionId: ME, liveness: [], now: minutesAfter(30) };
    expect(() => applyResume({ ...base, state: busy, prdId: 'prd-a' })).toThrow(
      expect.objectContaining({ code: 'E_SESSION_BUSY' }),
    );
    expect(() => applyResume({ ...base, state: stateWith(), prdId: 'prd-b' })).toThrow(
      expect.objectContaining({ code: 'E_NO_SESSION' }),
    );
    expect(() => applyResume({ ...base, state: stateWith(), prdId: 'prd-zzz' })).toThrow(
      expect.objectContaining({ code: 'E_UNKNOWN_PRD' }),
    );
  });

  it('refreshes one’s own claim', () => {
    const result = applyResume({
      state: stateWith({ sessionId: ME }),
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [],
      now: minutesAfter(3),
    });
    expect(result.lock).toMatchObject({ sessionId: ME, heartbeat: isoAfter(3) });
  });
});
