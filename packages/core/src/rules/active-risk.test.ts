import { describe, expect, it } from 'vitest';
import { pairsToAnalyse, riskAgainstActive } from './active-risk.js';
import { lockForBranch } from './availability.js';
import { availableViews } from './status-views.js';
import { buildState, isoAfter, minutesAfter, ping } from './test-builders.js';

const state = buildState({
  shared: ['src/types/**'],
  prds: [
    { id: 'prd-live', touches: ['src/print/**', 'src/types/print.ts'] },
    { id: 'prd-dead', touches: ['src/export/**'] },
    { id: 'prd-free', touches: ['src/types/**'] },
    { id: 'prd-waits', dependsOn: ['prd-live'] },
    { id: 'prd-draft', status: 'draft' },
    { id: 'prd-other', touches: ['src/print/x.ts'] },
  ],
  locks: [
    { sessionId: 'dev-aaaaaa', prdId: 'prd-live' },
    { sessionId: 'dev-bbbbbb', prdId: 'prd-dead' },
  ],
});

describe('pairsToAnalyse', () => {
  it('pairs active PRDs with each other and with available ones, marking stale holders', () => {
    const pairs = pairsToAnalyse(state, [ping('dev-aaaaaa', isoAfter(20))], minutesAfter(25));
    expect(pairs.map((p) => [p.a.id, p.b.id, p.stale])).toEqual([
      ['prd-live', 'prd-dead', ['prd-dead']],
      ['prd-live', 'prd-free', []],
      ['prd-live', 'prd-other', []],
      ['prd-dead', 'prd-free', ['prd-dead']],
      ['prd-dead', 'prd-other', ['prd-dead']],
    ]);
  });

  it('has nothing to compare without active work', () => {
    expect(
      pairsToAnalyse(buildState({ prds: [{ id: 'prd-a' }, { id: 'prd-b' }] }), [], minutesAfter(0)),
    ).toEqual([]);
  });
});

describe('riskAgainstActive', () => {
  it('is the highest risk against PRDs others hold, with the pairs that carry risk', () => {
    expect(riskAgainstActive(state, 'prd-other')).toMatchObject({
      risk: 'medium',
      pairs: [{ a: 'prd-other', b: 'prd-live' }],
    });
    expect(riskAgainstActive(state, 'prd-free')).toMatchObject({ risk: 'low' });
    expect(riskAgainstActive(state, 'prd-waits')).toEqual({ risk: 'none', pairs: [] });
  });

  it('leaves out the session’s own PRD and unknown ids', () => {
    expect(riskAgainstActive(state, 'prd-other', { exceptSession: 'dev-aaaaaa' }).risk).toBe(
      'none',
    );
    expect(riskAgainstActive(state, 'prd-nope').risk).toBe('none');
  });
});

describe('availableViews', () => {
  it('lists claimable PRDs with priority and their highest risk against active work', () => {
    expect(availableViews(state)).toEqual([
      { id: 'prd-free', title: 'Free', priority: 'medium', risk: 'low', against: ['prd-live'] },
      {
        id: 'prd-other',
        title: 'Other',
        priority: 'medium',
        risk: 'medium',
        against: ['prd-live'],
      },
    ]);
  });
});

describe('lockForBranch', () => {
  it('finds the lock working on a branch', () => {
    expect(lockForBranch(state.locks, 'feature/dead')?.sessionId).toBe('dev-bbbbbb');
    expect(lockForBranch(state.locks, 'feature/free')).toBeUndefined();
  });
});
