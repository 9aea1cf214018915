import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp, gitWithEnv, pushSessions as setUp } from './hooks-fixture.js';

// The coordination branch (main here) must never be rewound or deleted through a push:
// a force-push of a stale main, or `push --mirror` from an old clone, carries valid but
// old documents, and every lock and completion since would be gone. Nor may a push
// create a branch whose name breaks lanes for everyone, or delete another session's
// heartbeat ref.

describe('pre-push guards the shared state', () => {
  let sandbox: Sandbox;
  let a: string;
  let c: string;
  const remoteMain = () => sandbox.git(sandbox.remote, 'rev-parse', 'refs/heads/main');

  beforeAll(async () => {
    sandbox = await setUp('block');
    [a, , c] = sandbox.clones as [string, string, string];
    // main moves on without clone a seeing it.
    await sandbox.git(c, 'switch', '-q', 'main');
    await sandbox.git(c, 'pull', '-q', '--ff-only', 'origin', 'main');
    await sandbox.commit(c, 'docs: a newer main', { 'NOTES.md': 'newer\n' });
    await sandbox.git(c, 'push', '-q', '--no-verify', 'origin', 'main');
  });
  afterAll(() => cleanUp(sandbox));

  it('blocks a force-push of a stale main, naming the rewind; the remote keeps its tip', async () => {
    const before = await remoteMain();
    const push = await gitWithEnv(a, {}, 'push', '-q', '--force', 'origin', 'main:main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/rewinds the coordination branch \(main\)/);
    expect(push.stderr).toMatch(/LANES_ALLOW_REWRITE=1/);
    expect(await remoteMain()).toBe(before);
  });

  it('blocks a deletion of the coordination branch', async () => {
    const push = await gitWithEnv(a, {}, 'push', '-q', 'origin', ':main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/deletes the coordination branch \(main\)/);
  });

  it("blocks a deletion of another session's heartbeat ref", async () => {
    const ref = 'refs/lanes/heartbeats/developer-b2c3d4';
    // Session B's commit pinged already; the ref is there to delete.
    expect(await sandbox.git(sandbox.remote, 'for-each-ref', ref)).not.toBe('');
    const push = await gitWithEnv(a, {}, 'push', '-q', 'origin', `:${ref}`);
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/deletes another session's heartbeat ref/);
    expect(await sandbox.git(sandbox.remote, 'for-each-ref', ref)).not.toBe('');
  });

  it('blocks creating a branch that makes main ambiguous', async () => {
    const push = await gitWithEnv(a, {}, 'push', '-q', 'origin', 'HEAD:refs/heads/heads/main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/refusing to create the branch heads\/main: .*ambiguous/);
    expect(await sandbox.git(sandbox.remote, 'for-each-ref', 'refs/heads/heads')).toBe('');
  });

  it('LANES_ALLOW_REWRITE=1 lets a person who means it rewind main, and says so', async () => {
    const push = await gitWithEnv(
      a,
      { LANES_ALLOW_REWRITE: '1' },
      'push',
      '-q',
      '--force',
      'origin',
      'main:main',
    );
    expect(push.stderr).toMatch(/warning: this push rewinds the coordination branch/);
    expect(push.exitCode).toBe(0);
    expect(await remoteMain()).toBe(await sandbox.git(a, 'rev-parse', 'main'));
  });
});
