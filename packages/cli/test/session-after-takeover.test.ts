import type { Sandbox } from '@lanes/test-utils';
import { afterEach, expect, it } from 'vitest';
import { lanesFile, lanesJson, remoteLocks, seededSandbox } from './lifecycle.js';

// The guide: "each claim makes a new session id". A worktree whose claim another session
// took over (lanes resume) still has its session recorded until a command meets the
// takeover; a claim there must not carry on as the taken-over session.

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

it('a claim in a worktree whose session was taken over is a new session', async () => {
  sandbox = await seededSandbox({ prds: [{ id: 'prd-alpha' }, { id: 'prd-beta' }] }, { clones: 2 });
  const [c1, c2] = sandbox.clones as [string, string];
  const first = (await lanesJson<{ sessionId: string }>(c1, ['claim', 'alpha'])).sessionId;
  const taker = (await lanesJson<{ sessionId: string }>(c2, ['resume', 'alpha', '--force']))
    .sessionId;
  expect((await lanesFile(sandbox, c1, 'session'))?.trim()).toBe(first);

  const next = await lanesJson<{ sessionId: string; prdId: string }>(c1, ['claim', 'beta']);

  expect(next.prdId).toBe('prd-beta');
  expect([first, taker]).not.toContain(next.sessionId);
  expect((await lanesFile(sandbox, c1, 'session'))?.trim()).toBe(next.sessionId);
  const holders = (await remoteLocks(sandbox)).map((s) => [s.sessionId, s.prdId]);
  expect(holders.sort()).toEqual(
    [
      [taker, 'prd-alpha'],
      [next.sessionId, 'prd-beta'],
    ].sort(),
  );
});
