import { join } from 'node:path';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/repository.js';
import { currentBranch } from '../../src/workspace/checkout.js';
import {
  detachAt,
  listWorktrees,
  worktreeOfBranch,
} from '../../src/workspace/worktree-branches.js';

describe('worktrees and their branches', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 1 });
    clone = sandbox.clones[0]!;
  });
  afterAll(() => sandbox.cleanup());

  it('names the worktree a branch is checked out in, and null for one checked out nowhere', async () => {
    const linked = join(sandbox.root, 'linked worktree');
    await sandbox.git(clone, 'branch', 'feature/idle');
    await sandbox.git(clone, 'worktree', 'add', '-q', '-b', 'feature/busy', linked);
    const repo = await openRepository(clone, { env: sandboxEnv() });

    const worktrees = await listWorktrees(repo.git);
    expect(worktrees.map((w) => w.branch)).toEqual(['main', 'feature/busy']);
    expect(await worktreeOfBranch(repo.git, 'feature/busy')).toBe(
      await sandbox.git(linked, 'rev-parse', '--show-toplevel'),
    );
    expect(await worktreeOfBranch(repo.git, 'main')).toBe(repo.root);
    expect(await worktreeOfBranch(repo.git, 'feature/idle')).toBeNull();
  });

  it('detaches HEAD at a commit, leaving the branch where it was', async () => {
    const repo = await openRepository(clone, { env: sandboxEnv() });
    const base = await sandbox.git(clone, 'rev-parse', 'HEAD');
    await sandbox.commit(clone, 'more work', { 'more.txt': 'm\n' });
    const tip = await sandbox.git(clone, 'rev-parse', 'HEAD');

    await detachAt(repo.git, base);

    expect(await currentBranch(repo.git)).toBeNull();
    expect(await sandbox.git(clone, 'rev-parse', 'HEAD')).toBe(base);
    expect(await sandbox.git(clone, 'rev-parse', 'refs/heads/main')).toBe(tip);
    expect((await listWorktrees(repo.git))[0]?.branch).toBeNull();
  });
});
