import { rename } from 'node:fs/promises';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBranchTips } from '../../src/branch-evidence/fetch-tips.js';
import { openRepository, type Repository } from '../../src/repository.js';

function open(cwd: string): Promise<Repository> {
  return openRepository(cwd, { env: sandboxEnv(), remoteTimeoutMs: 3000 });
}

describe('fetchBranchTips', () => {
  let sandbox: Sandbox;
  let mine: string;
  let theirs: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2 });
    [mine, theirs] = sandbox.clones as [string, string];
  });
  afterAll(() => sandbox.cleanup());

  it('fetches the tips that exist into the private namespace, then falls back to them offline', async () => {
    await sandbox.git(theirs, 'checkout', '-q', '-b', 'feature/other');
    const tip = await sandbox.commit(theirs, 'other work', { 'other.txt': 'o\n' });
    await sandbox.git(theirs, 'push', '-q', 'origin', 'feature/other');
    const repo = await open(mine);

    const online = await fetchBranchTips(repo, 'origin', ['feature/other', 'feature/never-pushed']);
    expect(online).toEqual({
      tips: new Map([['feature/other', tip]]),
      absent: ['feature/never-pushed'],
      offline: false,
    });
    expect(await sandbox.git(mine, 'rev-parse', 'refs/lanes/branches/origin/feature/other')).toBe(
      tip,
    );
    // Asked again with every tip already here: the same answer without a fetch.
    expect(await fetchBranchTips(repo, 'origin', ['feature/other'])).toEqual({
      tips: new Map([['feature/other', tip]]),
      absent: [],
      offline: false,
    });
    // Only the private namespace moved: no remote-tracking branch appeared.
    expect(
      (await sandbox.gitResult(mine, 'rev-parse', '--verify', '-q', 'origin/feature/other'))
        .exitCode,
    ).not.toBe(0);

    await rename(sandbox.remote, `${sandbox.remote}.gone`);
    try {
      const offline = await fetchBranchTips(repo, 'origin', ['feature/other']);
      expect(offline.offline).toBe(true);
      expect(offline.tips.get('feature/other')).toBe(tip);
      expect(offline.problem).toMatch(/cannot reach origin/);
    } finally {
      await rename(`${sandbox.remote}.gone`, sandbox.remote);
    }
  });

  it('follows a branch that moved or went away, rewriting only the refs that changed', async () => {
    await sandbox.git(theirs, 'checkout', '-q', '-b', 'feature/moving', 'main');
    await sandbox.commit(theirs, 'one', { 'moving.txt': '1\n' });
    await sandbox.git(theirs, 'push', '-q', 'origin', 'feature/moving');
    const repo = await open(mine);
    await fetchBranchTips(repo, 'origin', ['feature/moving']);
    const moved = await sandbox.commit(theirs, 'two', { 'moving.txt': '2\n' });
    await sandbox.git(theirs, 'push', '-q', 'origin', 'feature/moving');
    expect(
      (await fetchBranchTips(repo, 'origin', ['feature/moving'])).tips.get('feature/moving'),
    ).toBe(moved);
    expect(await sandbox.git(mine, 'rev-parse', 'refs/lanes/branches/origin/feature/moving')).toBe(
      moved,
    );

    await sandbox.git(theirs, 'push', '-q', 'origin', ':feature/moving');
    const gone = await fetchBranchTips(repo, 'origin', ['feature/moving']);
    expect(gone).toMatchObject({ absent: ['feature/moving'], offline: false });
    expect(gone.tips.size).toBe(0);
    const kept = await sandbox.gitResult(
      mine,
      'rev-parse',
      '-q',
      '--verify',
      'refs/lanes/branches/origin/feature/moving',
    );
    expect(kept.exitCode).not.toBe(0);
  });
});
