import { buildState } from '@lanes/core';
import { createSandbox, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ago,
  cleanUp,
  commitWithHooks,
  gitWithEnv,
  holdClaim,
  install,
  seed,
} from './hooks-fixture.js';

// pre-push when the coordinating remote cannot be read: the hook falls back to the
// tips it fetched last, says so, and still blocks a known conflict — in bounded time.
// The remote's fetch URL is made unreachable while its push URL still works.

const A = 'developer-a1b2c3';
const B = 'developer-b2c3d4';
const SHARED = 'a\nb\nc\n';

describe('pre-push with the remote out of reach', { timeout: 60_000 }, () => {
  let sandbox: Sandbox;
  let a: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2, files: { 'src/shared.ts': SHARED } });
    const [first, b] = sandbox.clones as [string, string];
    a = first;
    const state = buildState({
      prds: [{ id: 'prd-print' }, { id: 'prd-search' }],
      locks: [
        { sessionId: A, prdId: 'prd-print', claimedAt: ago(20), heartbeat: ago(1) },
        { sessionId: B, prdId: 'prd-search', claimedAt: ago(20), heartbeat: ago(1) },
      ],
    });
    await seed(sandbox, b, state);
    await holdClaim(sandbox, a, { sessionId: A, prdId: 'prd-print', branch: 'feature/print' });
    await holdClaim(sandbox, b, { sessionId: B, prdId: 'prd-search', branch: 'feature/search' });
    for (const clone of [a, b]) await install(clone);
    await commitWithHooks(sandbox, b, 'search: shared change', { 'src/shared.ts': 'B\nb\nc\n' });
    const pushed = await gitWithEnv(b, {}, 'push', '-q', 'origin', 'feature/search');
    if (pushed.exitCode !== 0) throw new Error(`setup push failed: ${pushed.stderr}`);
  });
  afterAll(() => cleanUp(sandbox));

  it('blocks on the last fetched tips, says the remote was out of reach, within seconds', async () => {
    await commitWithHooks(sandbox, a, 'print: shared change', { 'src/shared.ts': 'A\nb\nc\n' });
    const online = await gitWithEnv(a, {}, 'push', '-q', 'origin', 'feature/print');
    expect(online.exitCode).not.toBe(0);
    expect(online.stderr).toMatch(/src\/shared\.ts/);

    await sandbox.git(a, 'config', 'remote.origin.pushurl', sandbox.remote);
    await sandbox.git(a, 'config', 'remote.origin.url', `${sandbox.root}/gone.git`);
    const started = Date.now();
    const offline = await gitWithEnv(a, {}, 'push', '-q', 'origin', 'feature/print');
    const seconds = (Date.now() - started) / 1000;

    expect(offline.exitCode).not.toBe(0);
    expect(offline.stderr).toMatch(/developer-b2c3d4/);
    expect(offline.stderr).toMatch(/src\/shared\.ts/);
    expect(offline.stderr).toMatch(/last fetched|out of reach|unreachable|offline/i);
    expect(seconds).toBeLessThan(20);
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
