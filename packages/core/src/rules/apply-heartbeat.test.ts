import { describe, expect, it } from 'vitest';
import { applyHeartbeat, touchHeartbeat } from './apply-heartbeat.js';
import { buildState, deepFreeze, isoAfter, minutesAfter } from './test-builders.js';

const ME = 'dev-aaaaaa';
const state = deepFreeze(
  buildState({
    prds: [{ id: 'prd-a', stories: { total: 3, completed: 0 } }, { id: 'prd-b' }],
    locks: [
      { sessionId: ME, prdId: 'prd-a' },
      { sessionId: 'dev-bbbbbb', prdId: 'prd-b' },
    ],
  }),
);

describe('applyHeartbeat', () => {
  it('refreshes the heartbeat and records story progress in the lock and the registry', () => {
    const result = applyHeartbeat({
      state,
      sessionId: ME,
      now: minutesAfter(4),
      story: 'US-002',
      completed: ['US-001'],
    });
    expect(result.lock).toMatchObject({
      heartbeat: isoAfter(4),
      currentStory: 'US-002',
      completedStories: ['US-001'],
    });
    expect(result.registry.prds[0]).toMatchObject({
      stories: { total: 3, completed: 1 },
      currentStory: 'US-002',
    });
    expect(result.locks.sessions[1]).toBe(state.locks.sessions[1]);
  });

  it('clears the current story once it is completed, in the lock and the registry', () => {
    const working = applyHeartbeat({ state, sessionId: ME, now: minutesAfter(1), story: 'US-001' });
    const done = applyHeartbeat({
      state: { ...state, locks: working.locks, registry: working.registry },
      sessionId: ME,
      now: minutesAfter(2),
      completed: ['US-001'],
    });
    expect(done.lock.currentStory).toBeUndefined();
    expect(done.lock.completedStories).toEqual(['US-001']);
    expect(done.registry.prds[0]!.currentStory).toBeUndefined();
    // Another story completed leaves the current one alone.
    const other = applyHeartbeat({
      state: { ...state, locks: working.locks, registry: working.registry },
      sessionId: ME,
      now: minutesAfter(2),
      completed: ['US-003'],
    });
    expect(other.lock.currentStory).toBe('US-001');
  });

  it('is idempotent: the same heartbeat twice gives the same documents', () => {
    const input = { sessionId: ME, now: minutesAfter(4), completed: ['US-001', 'US-001'] };
    const once = applyHeartbeat({ state, ...input });
    const twice = applyHeartbeat({
      state: { ...state, locks: once.locks, registry: once.registry },
      ...input,
    });
    expect(twice.locks).toEqual(once.locks);
    expect(twice.registry).toEqual(once.registry);
    expect(twice.lock.completedStories).toEqual(['US-001']);
  });

  it('only pings when given no story', () => {
    const result = applyHeartbeat({ state, sessionId: ME, now: minutesAfter(1) });
    expect(result.lock).toEqual({ ...state.locks.sessions[0], heartbeat: isoAfter(1) });
  });

  it('refuses stories that are not in the PRD, listing its stories', () => {
    expect(() =>
      applyHeartbeat({ state, sessionId: ME, now: minutesAfter(1), completed: ['US-009'] }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_USAGE',
        message: expect.stringContaining('US-009'),
        hint: expect.stringContaining('US-001, US-002, US-003'),
      }),
    );
  });

  it('refuses malformed story ids naming the flag', () => {
    expect(() =>
      applyHeartbeat({ state, sessionId: ME, now: minutesAfter(1), story: 'us-1' }),
    ).toThrow(
      expect.objectContaining({ code: 'E_USAGE', message: expect.stringContaining('--story') }),
    );
  });

  it('says E_NOT_OWNER when another session took the PRD over, E_NO_SESSION when there is no claim', () => {
    const lost = { state, sessionId: 'dev-cccccc', prdId: 'prd-b', now: minutesAfter(1) };
    expect(() => applyHeartbeat(lost)).toThrow(
      expect.objectContaining({
        code: 'E_NOT_OWNER',
        details: { prdId: 'prd-b', holder: 'dev-bbbbbb' },
      }),
    );
    expect(() => applyHeartbeat({ state, sessionId: 'dev-cccccc', now: minutesAfter(1) })).toThrow(
      expect.objectContaining({ code: 'E_NO_SESSION' }),
    );
  });

  it('never moves the heartbeat before the claim', () => {
    expect(applyHeartbeat({ state, sessionId: ME, now: minutesAfter(-3) }).lock.heartbeat).toBe(
      isoAfter(0),
    );
  });
});

describe('applyHeartbeat --completed as a single id', () => {
  it('accepts one story id as a string', () => {
    const result = applyHeartbeat({
      state,
      sessionId: ME,
      now: minutesAfter(2),
      completed: 'US-003',
    });
    expect(result.lock.completedStories).toEqual(['US-003']);
  });
});

describe('touchHeartbeat', () => {
  const state = buildState({
    prds: [{ id: 'prd-a' }],
    locks: [{ sessionId: 'dev-aaaaaa', prdId: 'prd-a' }],
  });

  it("refreshes the session's lock by core's heartbeat rule", () => {
    const now = new Date('2026-02-19T15:10:00Z');
    const change = touchHeartbeat({ state, sessionId: 'dev-aaaaaa', now });
    expect(change).toEqual(applyHeartbeat({ state, sessionId: 'dev-aaaaaa', now }));
    expect(change.locks.sessions[0]!.heartbeat).toBe('2026-02-19T15:10:00Z');
  });

  it('writes nothing while the lock was refreshed less than a quarter of the timeout ago', () => {
    // The lock's heartbeat is 15:00:00; the timeout 10 minutes.
    const now = new Date('2026-02-19T15:02:00Z');
    const change = touchHeartbeat({ state, sessionId: 'dev-aaaaaa', now });
    expect(change).toMatchObject({ locks: state.locks, registry: state.registry, files: [] });
  });

  it('changes nothing for a session that holds no lock', () => {
    const change = touchHeartbeat({
      state,
      sessionId: 'dev-bbbbbb',
      now: new Date('2026-02-19T15:10:00Z'),
    });
    expect(change).toEqual({ locks: state.locks, registry: state.registry, files: [] });
  });
});
