import { runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimRecord, remoteJson, seededSandbox } from './lifecycle.js';

// `lanes abandon` killed with SIGKILL right after its transaction landed: the worktree
// stayed on the branch with its claim record, the remote kept the branch and the
// heartbeat ref, and every re-run answered E_NOTHING_AVAILABLE. The re-run finishes it.

let sandbox: Sandbox;
let clone: string;

beforeAll(async () => {
  sandbox = await seededSandbox({ prds: [{ id: 'prd-gone' }] });
  clone = sandbox.clones[0]!;
});
afterAll(() => sandbox.cleanup());

const remoteRef = (ref: string) =>
  sandbox.git(sandbox.remote, 'for-each-ref', '--format=%(refname)', ref);

it('the re-run of a killed abandon finishes the local and remote tidy-up, and says so', async () => {
  const claimed = await runLanes(clone, ['claim', 'prd-gone', '--json']);
  expect(claimed.exitCode, claimed.stderr).toBe(0);
  const { sessionId } = claimed.json as { sessionId: string };
  await sandbox.commit(clone, 'work', { 'src/gone.ts': 'export {};\n' });
  await sandbox.git(clone, 'push', '-q', '--no-verify', 'origin', 'feature/gone');
  const heartbeat = `refs/lanes/heartbeats/${sessionId}`;
  expect(await remoteRef(heartbeat)).toBe(heartbeat);

  const args = ['abandon', 'prd-gone', '--reason', 'superseded'];
  const killed = await runLanes(clone, args, { env: { LANES_TEST_KILL_AT: 'after-push' } });
  expect(killed.exitCode).toBe(-1);
  const registry = await remoteJson<{ abandoned: { id: string }[] }>(
    sandbox,
    'main',
    'docs/prd-registry.json',
  );
  expect(registry.abandoned.map((entry) => entry.id)).toEqual(['prd-gone']);
  // What the kill left undone.
  expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/gone');
  expect(await claimRecord(sandbox, clone)).toMatchObject({ prdId: 'prd-gone' });
  expect(await remoteRef('refs/heads/feature/gone')).not.toBe('');

  const again = await runLanes(clone, [...args, '--json']);
  expect(again.exitCode, again.stderr).toBe(0);
  expect(again.stderr).toContain('finished the interrupted abandon of prd-gone');
  expect(again.json).toMatchObject({
    prdId: 'prd-gone',
    sessionId,
    branch: 'feature/gone',
    branchDeleted: true,
    switchedTo: 'main',
    commit: null,
  });
  expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('main');
  expect(await sandbox.git(clone, 'branch', '--list', 'feature/gone')).toBe('');
  expect(await claimRecord(sandbox, clone)).toBeNull();
  expect(await remoteRef('refs/heads/feature/gone')).toBe('');
  expect(await remoteRef(heartbeat)).toBe('');

  // Nothing is left: the PRD is simply abandoned.
  const third = await runLanes(clone, [...args, '--json']);
  expect(third.exitCode).toBe(3);
  expect(third.json).toMatchObject({ error: { code: 'E_NOTHING_AVAILABLE' } });
});
