import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '@lanes/test-utils';
import { recordTracking } from '../src/index.js';
import { openClone } from './helpers.js';

// What lanes writes into git's own refs/remotes/*: never rewinding what the user's own
// `git push` or `git fetch` wrote after lanes looked.

describe('recordTracking', () => {
  let sandbox: Sandbox;
  let clone: string;
  let older: string;
  let newer: string;
  const tracked = () => sandbox.git(clone, 'rev-parse', 'refs/remotes/origin/main');

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 1 });
    clone = sandbox.clones[0]!;
    older = await sandbox.git(clone, 'rev-parse', 'HEAD');
    newer = await sandbox.commit(clone, 'next');
    await sandbox.git(clone, 'push', '-q', 'origin', 'main');
  });
  afterAll(() => sandbox?.cleanup());

  it('moves forward what a fetch saw, but never back over a newer value', async () => {
    const repo = await openClone(clone);
    expect(await tracked()).toBe(newer);
    await recordTracking(repo, 'origin', 'main', older);
    expect(await tracked()).toBe(newer);
    await sandbox.git(clone, 'update-ref', 'refs/remotes/origin/main', older);
    await recordTracking(repo, 'origin', 'main', newer);
    expect(await tracked()).toBe(newer);
  });

  it('replaces with what lanes pushed itself (a rebased branch too), and deletes', async () => {
    const repo = await openClone(clone);
    await recordTracking(repo, 'origin', 'main', older, 'pushed');
    expect(await tracked()).toBe(older);
    await recordTracking(repo, 'origin', 'feature/x', 'HEAD', 'pushed');
    expect(await sandbox.git(clone, 'rev-parse', 'refs/remotes/origin/feature/x')).toBe(newer);
    await recordTracking(repo, 'origin', 'feature/x', null);
    const gone = await sandbox.gitResult(
      clone,
      'rev-parse',
      '--verify',
      '-q',
      'refs/remotes/origin/feature/x',
    );
    expect(gone.exitCode).not.toBe(0);
  });

  it('leaves a remote given as a URL alone', async () => {
    const repo = await openClone(clone);
    await recordTracking(repo, sandbox.remote, 'main', newer, 'pushed');
    const refs = await sandbox.git(clone, 'for-each-ref', '--format=%(refname)', 'refs/remotes');
    expect(refs).not.toContain(sandbox.remote);
  });
});
