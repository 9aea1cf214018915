import { describe, expect, it } from 'vitest';
import { protectedBranchReason } from './protected-branch.js';
import { buildState } from './test-builders.js';

const coordination = 'lanes/state';

describe('protectedBranchReason', () => {
  const { locks } = buildState({
    prds: [{ id: 'prd-a' }, { id: 'prd-b', branchName: 'feature/a' }],
    locks: [{ sessionId: 'developer-aaaaaa', prdId: 'prd-a' }],
  });

  it('never lets an abandon delete main, the coordination branch, or a branch another lock uses', () => {
    expect(protectedBranchReason('main', coordination, locks, 'prd-b')).toBe(
      'main is the main branch',
    );
    expect(protectedBranchReason('lanes/state', coordination, locks, 'prd-b')).toBe(
      'lanes/state is the coordination branch',
    );
    expect(protectedBranchReason('feature/a', coordination, locks, 'prd-b')).toBe(
      'feature/a is in use by developer-aaaaaa for prd-a',
    );
  });

  it("lets the PRD's own branch go", () => {
    expect(protectedBranchReason('feature/a', coordination, locks, 'prd-a')).toBeUndefined();
  });
});
