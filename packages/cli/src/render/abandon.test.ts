import { describe, expect, it } from 'vitest';
import { renderAbandon } from './abandon.js';
import type { AbandonResult } from '../results.js';

const base: AbandonResult = {
  prdId: 'prd-print',
  sessionId: 'developer-a1b2c3',
  abandonedBy: 'developer-a1b2c3',
  archivedTo: 'docs/abandoned/2026-02-19-prd-print/',
  reason: 'superseded\nby prd-labels',
  branch: 'feature/print',
  branchTip: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  branchDeleted: true,
  localBranchDeleted: true,
  remoteBranchDeleted: true,
  switchedTo: 'main',
  commit: null,
};

describe('renderAbandon', () => {
  it('says where the PRD went, whose it was, and what became of the branch', () => {
    expect(renderAbandon(base, { color: false }).split('\n')).toEqual([
      'abandoned prd-print: archived to docs/abandoned/2026-02-19-prd-print/',
      '  by developer-a1b2c3 · reason: superseded by prd-labels',
      '  branch feature/print (tip 9fceb02d0ae5): deleted here and on the remote',
      '  this worktree is now on main',
    ]);
  });

  it('tells a kept, half-deleted or never created branch apart', () => {
    const kept = {
      ...base,
      branchDeleted: false,
      localBranchDeleted: false,
      remoteBranchDeleted: false,
      switchedTo: null,
    };
    expect(renderAbandon(kept, { color: false })).toContain('(tip 9fceb02d0ae5): kept');
    expect(renderAbandon({ ...kept, localBranchDeleted: true }, { color: false })).toContain(
      'deleted here, still on the remote',
    );
    expect(renderAbandon({ ...base, remoteBranchDeleted: false }, { color: false })).toContain(
      'deleted here (it was never pushed)',
    );
    expect(renderAbandon({ ...kept, branchTip: null }, { color: false })).toContain(
      'branch feature/print: none was ever created',
    );
    expect(renderAbandon({ ...kept, abandonedBy: 'developer-0f9e8d' }, { color: false })).toContain(
      'work of developer-a1b2c3, by developer-0f9e8d',
    );
  });
});
