import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository, type Repository } from '../../src/repository.js';
import { sessionFile } from '../../src/session.js';
import { commitAllChanges } from '../../src/workspace/commit-changes.js';
import { addDetachedWorktree, discardWorktree } from '../../src/workspace/detached-worktree.js';
import { forgetSessionId } from '../../src/workspace/forget-session.js';
import { changedPaths, commitSubjects, isAncestor, treeOf } from '../../src/workspace/history.js';
import { deleteRemoteBranchAt, publishBranch } from '../../src/workspace/publish-branch.js';
import { rebaseOnto } from '../../src/workspace/rebase.js';

describe('landing helpers', () => {
  let sandbox: Sandbox;
  let clone: string;
  let repo: Repository;
  let base: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2 });
    clone = sandbox.clones[0]!;
    repo = await openRepository(clone, { env: sandboxEnv() });
    base = await sandbox.git(clone, 'rev-parse', 'HEAD');
  });
  afterAll(() => sandbox.cleanup());

  it('rebases in a detached worktree, and on a conflict aborts and names the files', async () => {
    await sandbox.git(clone, 'switch', '-q', '-c', 'feature/r', base);
    await sandbox.commit(clone, 'feat: one', { 'a.txt': 'branch\n', 'b.txt': 'b\n' });
    const tip = await sandbox.commit(clone, 'feat: two', { 'c.txt': 'c\n' });
    await sandbox.git(clone, 'switch', '-q', 'main');
    const clean = await sandbox.commit(clone, 'main: other file', { 'd.txt': 'd\n' });
    const path = join(repo.commonDir, 'lanes', 'release-test');
    // A leftover of an interrupted run is replaced.
    await mkdir(path, { recursive: true });
    await writeFile(join(path, 'junk'), 'x');

    const worktree = await addDetachedWorktree(repo, path, tip);
    const rebased = await rebaseOnto(worktree, clean);
    expect(rebased.kind).toBe('rebased');
    if (rebased.kind !== 'rebased') return;
    expect(await isAncestor(repo.git, clean, rebased.tip)).toBe(true);
    expect(await commitSubjects(repo.git, clean, rebased.tip)).toEqual(['feat: one', 'feat: two']);
    expect((await changedPaths(repo.git, clean, rebased.tip)).sort()).toEqual([
      'a.txt',
      'b.txt',
      'c.txt',
    ]);
    // The user's checkout and the branch are untouched.
    expect(await sandbox.git(clone, 'rev-parse', 'feature/r')).toBe(tip);
    expect(await sandbox.git(clone, 'rev-parse', 'HEAD')).toBe(clean);

    const conflicting = await sandbox.commit(clone, 'main: same file', { 'a.txt': 'main\n' });
    const again = await addDetachedWorktree(repo, path, tip);
    expect(await rebaseOnto(again, conflicting)).toEqual({ kind: 'conflict', files: ['a.txt'] });
    expect(await again.check(['rev-parse', 'HEAD'])).toBe(tip);
    expect(await again.check(['status', '--porcelain'])).toBe('');

    await discardWorktree(repo, path);
    expect(await sandbox.git(clone, 'worktree', 'list')).not.toContain('release-test');
  });

  it('commits what a fix changed, and nothing when it changed nothing', async () => {
    const path = join(repo.commonDir, 'lanes', 'release-fix');
    const worktree = await addDetachedWorktree(repo, path, base);
    expect(await commitAllChanges(worktree, 'fix: nothing')).toBeNull();
    await writeFile(join(path, 'new.txt'), 'n\n');
    const sha = await commitAllChanges(worktree, 'fix: lint');
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await worktree.check(['log', '-1', '--format=%s'])).toBe('fix: lint');
    expect(await treeOf(repo.git, sha!)).toBe(await worktree.check(['rev-parse', 'HEAD^{tree}']));
    await discardWorktree(repo, path);
  });

  it('publishes a branch: fast-forward, refusal of unseen remote commits, lease-guarded delete', async () => {
    const other = sandbox.clones[1]!;
    await sandbox.git(clone, 'switch', '-q', '-c', 'feature/p', base);
    const first = await sandbox.commit(clone, 'p1', { 'p.txt': '1\n' });
    expect(await publishBranch(repo, 'origin', 'feature/p', first)).toBe('pushed');
    expect(await publishBranch(repo, 'origin', 'feature/p', first)).toBe('up-to-date');

    // Someone else pushes to the branch: a local commit without theirs is refused.
    await sandbox.git(other, 'fetch', '-q', 'origin');
    await sandbox.git(other, 'switch', '-q', '-c', 'feature/p', 'origin/feature/p');
    const theirs = await sandbox.commit(other, 'p-theirs', { 'q.txt': 'q\n' });
    await sandbox.git(other, 'push', '-q', 'origin', 'feature/p');
    await sandbox.git(clone, 'commit', '-q', '--amend', '-m', 'p1 amended');
    const amended = await sandbox.git(clone, 'rev-parse', 'HEAD');
    await expect(publishBranch(repo, 'origin', 'feature/p', amended)).rejects.toMatchObject({
      code: 'E_GIT',
    });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'feature/p')).toBe(theirs);

    // Seen (the tracking ref is at their commit) and rewritten on purpose: it goes.
    await sandbox.git(clone, 'fetch', '-q', 'origin', '+feature/p:refs/remotes/origin/feature/p');
    expect(await publishBranch(repo, 'origin', 'feature/p', amended)).toBe('pushed');

    expect(await deleteRemoteBranchAt(repo, 'origin', 'feature/p', theirs)).toEqual({
      kind: 'moved',
    });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'feature/p')).toBe(amended);
    expect(await deleteRemoteBranchAt(repo, 'origin', 'feature/p', amended)).toEqual({
      kind: 'deleted',
    });
    const gone = await sandbox.gitResult(sandbox.remote, 'rev-parse', '--verify', 'feature/p');
    expect(gone.exitCode).not.toBe(0);
  });

  it('forgets the recorded session only when it is the one named', async () => {
    await mkdir(join(repo.gitDir, 'lanes'), { recursive: true });
    await writeFile(sessionFile(repo), 'developer-a1b2c3\n');
    expect(await forgetSessionId(repo, 'developer-0f9e8d')).toBe(false);
    expect(await readFile(sessionFile(repo), 'utf8')).toBe('developer-a1b2c3\n');
    expect(await forgetSessionId(repo, 'developer-a1b2c3')).toBe(true);
    await expect(readFile(sessionFile(repo), 'utf8')).rejects.toThrow();
  });
});
