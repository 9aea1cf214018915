import { isLanesError, isoSeconds } from '@lanes/core';
import { sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterEach, expect, it } from 'vitest';
import { createContext } from '../src/context.js';
import { joinQueue, waitForTurn } from '@lanes/release';
import { openWorkspace } from '@lanes/git';
import { ME, OTHER, releaseFixture, remoteJson, type LocksDoc } from './release-fixture.js';

// The release's wait for the merge slot is bounded (an hour by default): run here with
// a bound of a few seconds against a real remote whose slot a live session holds.

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

it('gives up after its bound with E_PUSH_REJECTED, still queued, the slot holder untouched', async () => {
  const fixture = await releaseFixture({
    sessions: [{ sessionId: ME, prdId: 'prd-alpha', files: { 'src/alpha.ts': 'alpha\n' } }],
    otherPrds: [{ id: 'prd-beta' }],
    otherLocks: [
      {
        sessionId: OTHER,
        prdId: 'prd-beta',
        status: 'merging',
        // Alive: it pinged a moment ago, so nobody may take its slot.
        heartbeat: isoSeconds(new Date()),
      },
    ],
  });
  sandbox = fixture.sandbox;
  const [clone] = fixture.sessionClones as [string];
  const notes: string[] = [];
  const ctx = createContext(
    {},
    {
      cwd: clone,
      env: sandboxEnv(),
      stdout: () => {},
      stderr: (text) => notes.push(text),
      isTTY: false,
    },
  );
  const ws = await openWorkspace(ctx);
  const { position } = await joinQueue(ctx, ws, ME);
  expect(position).toBe(2);
  const queuedTip = await sandbox.git(sandbox.remote, 'rev-parse', 'main');

  const waited = await waitForTurn(ctx, ws, ME, 3_000).then(
    () => null,
    (error: unknown) => error,
  );

  expect(isLanesError(waited) && waited.code).toBe('E_PUSH_REJECTED');
  expect((waited as Error).message).toContain('prd-alpha is still queued at position 2');
  expect(notes.join('')).toContain(OTHER);
  // Polling changed nothing: the remote is as the queueing left it.
  expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(queuedTip);
  const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
  expect(locks.sessions.find((lock) => lock.sessionId === ME)).toMatchObject({
    status: 'queued',
  });
  expect(locks.sessions.find((lock) => lock.sessionId === OTHER)).toMatchObject({
    status: 'merging',
  });
});
