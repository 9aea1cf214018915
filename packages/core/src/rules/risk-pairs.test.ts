import { describe, expect, it } from 'vitest';
import { claimPairs, prdBranch } from './risk-pairs.js';
import { buildState } from './test-builders.js';

const state = buildState({
  prds: [
    { id: 'prd-held', branchName: 'work/held' },
    { id: 'prd-other-held' },
    { id: 'prd-free' },
    { id: 'prd-named', branchName: 'team/named' },
    { id: 'prd-draft', status: 'draft' },
  ],
  locks: [
    { sessionId: 'developer-a1b2c3', prdId: 'prd-held', branch: 'work/held' },
    { sessionId: 'developer-b2c3d4', prdId: 'prd-other-held' },
  ],
});

describe('prdBranch', () => {
  it('is the lock’s branch, else the registry’s branchName, else feature/<slug>', () => {
    const entry = (id: string) => state.registry.prds.find((e) => e.id === id)!;
    expect(prdBranch(state, entry('prd-held'))).toBe('work/held');
    expect(prdBranch(state, entry('prd-named'))).toBe('team/named');
    expect(prdBranch(state, entry('prd-free'))).toBe('feature/free');
  });
});

describe('claimPairs', () => {
  const ids = (pairs: ReturnType<typeof claimPairs>) => pairs.map((p) => `${p.a.id}|${p.b.id}`);

  it('weighs one PRD against every held one', () => {
    expect(ids(claimPairs(state, 'prd-free'))).toEqual([
      'prd-free|prd-held',
      'prd-free|prd-other-held',
    ]);
  });

  it('without a PRD, weighs every available one (not drafts, not held ones)', () => {
    expect(ids(claimPairs(state))).toEqual([
      'prd-free|prd-held',
      'prd-free|prd-other-held',
      'prd-named|prd-held',
      'prd-named|prd-other-held',
    ]);
  });
});
