import { describe, expect, it } from 'vitest';
import { applyClaim } from './apply-claim.js';
import { buildState, deepFreeze, isoAfter, minutesAfter, type StateSpec } from './test-builders.js';

const ME = 'dev-aaaaaa';

function claim(spec: StateSpec, prdId: string, extra: { host?: string; worktree?: string } = {}) {
  const state = deepFreeze(buildState(spec));
  return applyClaim({ state, prdId, sessionId: ME, liveness: [], now: minutesAfter(5), ...extra });
}

describe('applyClaim', () => {
  it('writes the lock and moves the registry entry to in_progress, without touching the input', () => {
    const result = claim({ prds: [{ id: 'prd-a' }] }, 'prd-a', { host: 'box', worktree: '/w/a' });
    expect(result.locks.sessions).toEqual([
      {
        sessionId: ME,
        prdId: 'prd-a',
        prdFile: 'docs/prds/prd-a.json',
        branch: 'feature/a',
        claimedAt: isoAfter(5),
        heartbeat: isoAfter(5),
        completedStories: [],
        status: 'in_progress',
        host: 'box',
        worktree: '/w/a',
      },
    ]);
    expect(result.registry.prds[0]?.status).toBe('in_progress');
    expect(result.files).toEqual([]);
  });

  it('uses the branchName override of the registry entry', () => {
    expect(
      claim({ prds: [{ id: 'prd-a', branchName: 'lanes/custom' }] }, 'prd-a').lock.branch,
    ).toBe('lanes/custom');
  });

  it('throws the checkClaim refusal', () => {
    expect(() => claim({ prds: [{ id: 'prd-a', status: 'draft' }] }, 'prd-a')).toThrow(
      expect.objectContaining({ code: 'E_NOTHING_AVAILABLE' }),
    );
  });
});
