import { buildState, isoAfter } from '@lanes/core/testing';
import { createSandbox, runLanes, seedState, type Sandbox } from '@lanes/test-utils';
import { afterEach, expect, it } from 'vitest';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

// The seed helper other scenario tests start from must produce a valid state.
it('seeds a state that lanes validate accepts on the remote', async () => {
  sandbox = await createSandbox({ clones: 1 });
  const clone = sandbox.clones[0]!;
  const state = buildState({
    prds: [{ id: 'prd-alpha' }, { id: 'prd-beta', dependsOn: ['prd-alpha'] }],
    locks: [{ sessionId: 'developer-a1b2c3', prdId: 'prd-alpha', heartbeat: isoAfter(5) }],
    completed: [{ id: 'prd-done' }],
    abandoned: [{ id: 'prd-gone' }],
  });
  await seedState(sandbox, clone, state);
  const result = await runLanes(clone, ['validate', '--json']);
  expect(result.json).toMatchObject({ ok: true, problems: [] });
  expect(result.exitCode).toBe(0);
});
