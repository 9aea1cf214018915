import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp, commitWithHooks, gitWithEnv, pushSessions, SHARED } from './hooks-fixture.js';

// pre-push when the coordinating remote cannot be read: the hook falls back to the
// tips it fetched last, says so, and still blocks a known conflict — in bounded time.
// The remote's fetch URL is made unreachable while its push URL still works.

describe('pre-push with the remote out of reach', () => {
  let sandbox: Sandbox;
  let a: string;

  beforeAll(async () => {
    sandbox = await pushSessions('block');
    a = sandbox.clones[0]!;
  });
  afterAll(() => cleanUp(sandbox));

  it('blocks on the last fetched tips, says the remote was out of reach', async () => {
    await commitWithHooks(sandbox, a, 'print: shared change', {
      'src/shared.ts': `A${SHARED.slice(1)}`,
    });
    const online = await gitWithEnv(a, {}, 'push', '-q', 'origin', 'feature/print');
    expect(online.exitCode).not.toBe(0);
    expect(online.stderr).toMatch(/src\/shared\.ts/);

    await sandbox.git(a, 'config', 'remote.origin.pushurl', sandbox.remote);
    await sandbox.git(a, 'config', 'remote.origin.url', `${sandbox.root}/gone.git`);
    const offline = await gitWithEnv(a, {}, 'push', '-q', 'origin', 'feature/print');

    expect(offline.exitCode).not.toBe(0);
    expect(offline.stderr).toMatch(/developer-b2c3d4/);
    expect(offline.stderr).toMatch(/src\/shared\.ts/);
    expect(offline.stderr).toMatch(/last fetched|out of reach|unreachable|offline/i);
    const tip = await sandbox.gitResult(
      sandbox.remote,
      'rev-parse',
      '-q',
      '--verify',
      'refs/heads/feature/print',
    );
    expect(tip.stdout.trim()).toBe('');
  });
});
