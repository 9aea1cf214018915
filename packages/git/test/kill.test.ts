import { chmod, mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkers, waitForProcessesUnder, type Sandbox } from '@lanes/test-utils';
import { transact } from '../src/index.js';
import { claim, prdIds, seedFiles, sessionIdFor } from './fixtures/state.js';
import { bundledStoreWorker, claimOnRemote, machineEnv, makeBusy } from './fixtures/scenario.js';
import { COORDS, localState, openClone, remoteTip, seededSandbox } from './helpers.js';

// A transaction killed with SIGKILL wherever it is: the remote has all of the change or
// none of it, the clone it ran in is untouched, and the next transaction from that
// clone goes through at once (nothing left behind blocks it). One busy clone takes
// every kill in turn, so it also survives repeated crashes.

// The remote's pre-receive hook runs while the push is in flight, before any ref moves:
// it kills the worker there, and with KILL_PUSH_GROUP also the push itself.
const PRE_RECEIVE = `#!/bin/sh
if [ -n "$KILL_WORKER" ] && [ -n "$WORKER_PID" ]; then kill -9 "$WORKER_PID"; fi
if [ "$KILL_PUSH_GROUP" = 1 ]; then kill -9 0; fi
exit 0
`;

interface KillCase {
  name: string;
  env: Record<string, string>;
  /** What the remote must hold afterwards. */
  expected: 'all' | 'none';
}

const CASES: KillCase[] = [
  { name: 'holding the local lock', env: { LANES_TEST_KILL_AT: 'holding-lock' }, expected: 'none' },
  { name: 'after the fetch', env: { LANES_TEST_KILL_AT: 'after-fetch' }, expected: 'none' },
  {
    name: 'after the commit objects are written',
    env: { LANES_TEST_KILL_AT: 'after-commit' },
    expected: 'none',
  },
  { name: 'just before the push', env: { LANES_TEST_KILL_AT: 'before-push' }, expected: 'none' },
  {
    name: 'while the push is in flight (the push completes)',
    env: { KILL_WORKER: '1' },
    expected: 'all',
  },
  {
    name: 'while the push is in flight (the push dies with it)',
    env: { KILL_WORKER: '1', KILL_PUSH_GROUP: '1' },
    expected: 'none',
  },
  { name: 'after the push', env: { LANES_TEST_KILL_AT: 'after-push' }, expected: 'all' },
];

let sandbox: Sandbox;
let victim: string;
let observer: string;
let lockDir: string;
let before: Awaited<ReturnType<typeof localState>>;
let worker: Awaited<ReturnType<typeof bundledStoreWorker>>;

beforeAll(async () => {
  worker = await bundledStoreWorker();
  sandbox = await seededSandbox(2, seedFiles(2 * CASES.length + 2));
  [victim, observer] = sandbox.clones as [string, string];
  const hook = join(sandbox.remote, 'hooks', 'pre-receive');
  await writeFile(hook, PRE_RECEIVE);
  await chmod(hook, 0o755);
  await makeBusy(sandbox, victim);
  before = await localState(sandbox, victim);
  lockDir = join(sandbox.root, 'locks', 'victim');
});

afterAll(async () => {
  await sandbox.cleanup();
  await worker.dispose();
});

describe('a transaction killed with SIGKILL', () => {
  it.each(CASES.map((killCase, index) => [killCase.name, killCase, index] as const))(
    '%s: all or nothing on the remote, clone untouched, next transaction goes through',
    async (_name, killCase, index) => {
      const ids = prdIds(2 * CASES.length + 2);
      const [killed, next] = [ids[2 * index]!, ids[2 * index + 1]!];
      const env = await machineEnv(sandbox, 'victim', killCase.env);
      const tipBefore = await remoteTip(sandbox);

      const [result] = await runWorkers({
        script: worker.script,
        count: 1,
        args: () => ['claim', victim, killed, sessionIdFor(2 * index)],
        env: () => env,
      });

      expect(result!.signal).toBe('SIGKILL');
      const killedClaim = () => claimOnRemote(observer, killed, sessionIdFor(2 * index));
      const afterKill =
        killCase.expected === 'all' ? await settled(killedClaim) : await killedClaim();
      expect(afterKill).toMatchObject({ outcome: killCase.expected, problems: 0 });
      if (killCase.expected === 'none') expect(await remoteTip(sandbox)).toBe(tipBefore);
      expect(await localState(sandbox, victim)).toEqual(before);

      // The killed worker held the turn: its ticket is still there, its process is not.
      expect(await readdir(lockDir, { recursive: true }).then(tickets)).toHaveLength(1);
      const repo = await openClone(victim);
      // A dead holder's ticket is passed over for its dead pid, not after the 60 s
      // staleness bound: with a deadline well inside that bound, waiting it out would
      // end in E_PUSH_REJECTED (the deadline covers the wait for the lock).
      const outcome = await transact(repo, COORDS, claim(next, sessionIdFor(2 * index + 1)), {
        lockDir,
        deadlineMs: 30_000,
      });
      expect(outcome.commit).toBe(await remoteTip(sandbox));
      expect((await claimOnRemote(observer, next, sessionIdFor(2 * index + 1))).outcome).toBe(
        'all',
      );
      // Nothing of the killed transaction turned up late.
      expect((await killedClaim()).outcome).toBe(killCase.expected);
      expect(await localState(sandbox, victim)).toEqual(before);
      expect(await readdir(lockDir, { recursive: true }).then(tickets)).toEqual([]);
    },
  );
});

describe('a git killed while it held a lock of a lanes ref', () => {
  it('leaves a lock file that the next transaction clears once it is clearly abandoned', async () => {
    const gitDir = await sandbox.git(victim, 'rev-parse', '--absolute-git-dir');
    const lockFile = join(gitDir, 'refs', 'lanes', 'remote', 'origin', 'main.lock');
    await mkdir(dirname(lockFile), { recursive: true });
    await writeFile(lockFile, '');
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, minuteAgo, minuteAgo);
    const [theirs, mine] = prdIds(2 * CASES.length + 2).slice(-2) as [string, string];
    // The remote moves on, so the next fetch must update the locked ref.
    await transact(await openClone(observer), COORDS, claim(theirs, sessionIdFor(98)), {
      lockDir: join(sandbox.root, 'locks', 'observer'),
    });

    const outcome = await transact(await openClone(victim), COORDS, claim(mine, sessionIdFor(99)), {
      lockDir,
    });
    expect(outcome.commit).toBe(await remoteTip(sandbox));
    await expect(stat(lockFile)).rejects.toThrow();
    expect(await localState(sandbox, victim)).toEqual(before);
  });
});

/**
 * A push in flight outlives the worker that started it (git runs in its own process
 * group) and may land a moment after the worker's death: wait until no process works
 * in the victim's clone any more, then read the remote once.
 */
async function settled<T>(read: () => Promise<T>): Promise<T> {
  await waitForProcessesUnder(victim);
  return read();
}

/** Queue tickets left in a local lock folder (the per-queue subfolders themselves stay). */
function tickets(entries: string[]): string[] {
  return entries.filter((entry) => /-\d+-[0-9a-f]+$/.test(entry));
}
