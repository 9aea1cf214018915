import { buildState } from '@lanes/core/testing';
import type { Repository } from '@lanes/git';
import { describe, expect, it } from 'vitest';
import { protectedBranchReason } from './abandon-branch.js';

const ws = { repo: {} as Repository, coords: { remote: 'origin', branch: 'lanes/state' } };

describe('protectedBranchReason', () => {
  const { locks } = buildState({
    prds: [{ id: 'prd-a' }, { id: 'prd-b', branchName: 'feature/a' }],
    locks: [{ sessionId: 'developer-aaaaaa', prdId: 'prd-a' }],
  });

  it('never lets an abandon delete main, the coordination branch, or a branch another lock uses', () => {
    expect(protectedBranchReason('main', ws, locks, 'prd-b')).toBe('main is the main branch');
    expect(protectedBranchReason('lanes/state', ws, locks, 'prd-b')).toBe(
      'lanes/state is the coordination branch',
    );
    expect(protectedBranchReason('feature/a', ws, locks, 'prd-b')).toBe(
      'feature/a is in use by developer-aaaaaa for prd-a',
    );
  });

  it("lets the PRD's own branch go", () => {
    expect(protectedBranchReason('feature/a', ws, locks, 'prd-a')).toBeUndefined();
  });
});
