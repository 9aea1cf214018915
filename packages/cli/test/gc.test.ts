import { runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOW, seededSandbox } from './lifecycle.js';

// Heartbeat refs of sessions that hold no lock (left by a killed release or abandon,
// or by an older lanes on every resume) stayed on the remote for good. `lanes gc`
// deletes them and keeps those of lock holders.

const HOLDER = 'developer-aaaaaa';
const GONE = ['developer-dead01', 'developer-dead02'];

let sandbox: Sandbox;
let clone: string;

beforeAll(async () => {
  sandbox = await seededSandbox({
    prds: [{ id: 'prd-held' }],
    locks: [{ sessionId: HOLDER, prdId: 'prd-held', claimedAt: NOW, heartbeat: NOW }],
  });
  clone = sandbox.clones[0]!;
  const tree = await sandbox.git(clone, 'hash-object', '-t', 'tree', '-w', '/dev/null');
  for (const session of [HOLDER, ...GONE]) {
    const ping = await sandbox.git(clone, 'commit-tree', tree, '-m', 'ping');
    await sandbox.git(clone, 'push', '-q', 'origin', `${ping}:refs/lanes/heartbeats/${session}`);
  }
});
afterAll(() => sandbox.cleanup());

const heartbeatRefs = async () =>
  (
    await sandbox.git(
      sandbox.remote,
      'for-each-ref',
      '--format=%(refname)',
      'refs/lanes/heartbeats',
    )
  )
    .split('\n')
    .filter(Boolean);

it('deletes the heartbeat refs of sessions without a lock and keeps the holders’', async () => {
  const gc = await runLanes(clone, ['gc', '--json']);
  expect(gc.exitCode, gc.stderr).toBe(0);
  expect(gc.json).toEqual({ removed: GONE, kept: [] });
  expect(await heartbeatRefs()).toEqual([`refs/lanes/heartbeats/${HOLDER}`]);

  const again = await runLanes(clone, ['gc']);
  expect(again.exitCode).toBe(0);
  expect(again.stdout).toContain('no heartbeat ref of a session without a lock');
});
