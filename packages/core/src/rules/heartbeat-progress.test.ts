import { describe, expect, it } from 'vitest';
import { progressHeartbeat } from './heartbeat-progress.js';
import { buildState, deepFreeze, minutesAfter } from './test-builders.js';

const state = deepFreeze(
  buildState({
    prds: [{ id: 'prd-a', stories: { total: 3, completed: 1 }, currentStory: 'US-002' }],
    locks: [
      {
        sessionId: 'dev-aaaaaa',
        prdId: 'prd-a',
        currentStory: 'US-002',
        completedStories: ['US-001'],
      },
    ],
  }),
);
const base = { state, sessionId: 'dev-aaaaaa', now: minutesAfter(5) };

describe('progressHeartbeat', () => {
  it('changes nothing when the progress is what the documents say already', () => {
    for (const input of [{}, { story: 'US-002' }, { completed: ['US-001'] }]) {
      const change = progressHeartbeat({ ...base, ...input });
      expect(change.locks).toBe(state.locks);
      expect(change.registry).toBe(state.registry);
    }
  });

  it('records a new current story in the lock and the registry', () => {
    const change = progressHeartbeat({ ...base, story: 'US-003' });
    expect(change.lock.currentStory).toBe('US-003');
    expect(change.registry.prds[0]!.currentStory).toBe('US-003');
  });

  it('records a completed story once', () => {
    const change = progressHeartbeat({ ...base, completed: ['US-002', 'US-001'] });
    expect(change.lock.completedStories).toEqual(['US-001', 'US-002']);
    expect(change.registry.prds[0]!.stories).toEqual({ total: 3, completed: 2 });
    const again = progressHeartbeat({
      ...base,
      state: { ...state, locks: change.locks, registry: change.registry },
      completed: ['US-002'],
    });
    expect(again.locks).toBe(change.locks);
  });

  it('refuses as applyHeartbeat does', () => {
    expect(() => progressHeartbeat({ ...base, sessionId: 'dev-bbbbbb' })).toThrow(
      expect.objectContaining({ code: 'E_NO_SESSION' }),
    );
    expect(() => progressHeartbeat({ ...base, story: 'US-9' })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });
});
