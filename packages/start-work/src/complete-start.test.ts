import { describe, expect, it } from 'vitest';
import { defaultWorktreePath } from './complete-start.js';

describe('defaultWorktreePath', () => {
  it('puts the worktree beside the main worktree, named after it and the slug', () => {
    const repo = { root: '/src/acme', commonDir: '/src/acme/.git' };
    expect(defaultWorktreePath(repo, 'prd-print-templates')).toBe('/src/acme-print-templates');
  });

  it('names it after the main worktree also when run from a linked one', () => {
    const linked = { root: '/src/acme-other', commonDir: '/src/acme/.git' };
    expect(defaultWorktreePath(linked, 'prd-x')).toBe('/src/acme-x');
  });
});
