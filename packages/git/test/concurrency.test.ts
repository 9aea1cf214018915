import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runWorkers, type Sandbox } from '@lanes/test-utils';
import { readLiveness, transact } from '../src/index.js';
import { claim, prdIds, seedFiles, sessionIdFor } from './fixtures/state.js';
import { bundledStoreWorker, claimOnRemote, machineEnv, reportOf } from './fixtures/scenario.js';
import {
  COORDS,
  logRemoteRefUpdates,
  openClone,
  remoteLocks,
  remoteQueueRefs,
  remoteRefUpdates,
  RETIRED_QUEUE_PREFIX,
  seededSandbox,
} from './helpers.js';

// Real OS processes released together (runWorkers), against one bare remote. Each
// "machine" is a clone with its own local lock folder: processes of one machine take
// turns locally, machines only meet at the remote's lease.

// The tests keep their strength (16 real processes, exactly one winner, no lost
// update) and wait as long as a loaded 2-core machine needs: the bound is a backstop.
const UNDER_LOAD = { timeout: 240_000 };

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

let worker: Awaited<ReturnType<typeof bundledStoreWorker>>;
beforeAll(async () => {
  worker = await bundledStoreWorker();
});
afterAll(() => worker.dispose());

async function addClones(target: Sandbox, count: number): Promise<string[]> {
  const clones = [...target.clones];
  while (clones.length < count) clones.push(await target.addClone());
  return clones;
}

describe('parallel writers', UNDER_LOAD, () => {
  it('16 writers from 16 separate clones each add a distinct claim: all 16 land, none lost', async () => {
    sandbox = await seededSandbox(1, seedFiles(16));
    const clones = await addClones(sandbox, 16);
    await logRemoteRefUpdates(sandbox);
    const ids = prdIds(16);
    const envs = await Promise.all(clones.map((_, machine) => machineEnv(sandbox!, `m${machine}`)));

    const workers = await runWorkers({
      script: worker.script,
      count: 16,
      args: (index) => ['claim', clones[index]!, ids[index]!, sessionIdFor(index)],
      env: (index) => envs[index]!,
    });

    const reports = workers.map(reportOf);
    expect(reports.filter((report) => !report.ok)).toEqual([]);
    const locks = (await remoteLocks(sandbox)).sessions;
    expect(locks.map((lock) => lock.prdId).sort()).toEqual(ids);
    expect(new Set(locks.map((lock) => lock.sessionId)).size).toBe(16);
    // One commit per claim on top of the seed: no update was replaced by another.
    expect(await sandbox.git(sandbox.remote, 'rev-list', '--count', 'main')).toBe('17');
    const { problems } = await claimOnRemote(clones[0]!, ids[0]!, sessionIdFor(0));
    expect(problems).toBe(0);
    // Machines did meet at the lease, so the retry path really ran.
    expect(reports.reduce((sum, report) => sum + report.retries, 0)).toBeGreaterThan(0);
    // One ref update on the remote per landed write, and no queue ref ever.
    expect(await remoteRefUpdates(sandbox)).toBe(16);
    expect(await remoteQueueRefs(sandbox)).toEqual([]);
  });

  it('a landing write deletes the queue refs a previous version left on the remote', async () => {
    sandbox = await seededSandbox();
    const tip = await sandbox.git(sandbox.remote, 'rev-parse', 'refs/heads/main');
    for (const ticket of ['0001-aaaaaaaa', '0002-bbbbbbbb']) {
      await sandbox.git(sandbox.remote, 'update-ref', `${RETIRED_QUEUE_PREFIX}main/${ticket}`, tip);
    }
    const repo = await openClone(sandbox.clones[0]!);
    await transact(repo, COORDS, claim('prd-task-001', sessionIdFor(0)), {
      lockDir: `${sandbox.root}/locks`,
    });

    expect(await remoteQueueRefs(sandbox)).toEqual([]);
    expect((await remoteLocks(sandbox)).sessions.map((lock) => lock.prdId)).toEqual([
      'prd-task-001',
    ]);
  });

  it('8 machines claim the same PRD: exactly one wins, the other 7 are refused by the rule', async () => {
    sandbox = await seededSandbox();
    const clones = await addClones(sandbox, 8);
    await logRemoteRefUpdates(sandbox);
    const envs = await Promise.all(clones.map((_, machine) => machineEnv(sandbox!, `m${machine}`)));

    const workers = await runWorkers({
      script: worker.script,
      count: 8,
      args: (index) => ['claim', clones[index]!, 'prd-task-001', sessionIdFor(index)],
      env: (index) => envs[index]!,
    });

    const reports = workers.map(reportOf);
    const winners = reports.flatMap((report, index) => (report.ok ? [index] : []));
    expect(winners).toHaveLength(1);
    expect(reports.filter((report) => !report.ok).map((report) => report.code)).toEqual(
      Array(7).fill('E_ALREADY_CLAIMED'),
    );
    const locks = (await remoteLocks(sandbox)).sessions;
    expect(locks).toHaveLength(1);
    expect(locks[0]!.sessionId).toBe(sessionIdFor(winners[0]!));
    expect(await sandbox.git(sandbox.remote, 'rev-list', '--count', 'main')).toBe('2');
    expect(await remoteRefUpdates(sandbox)).toBe(1);
    expect(await remoteQueueRefs(sandbox)).toEqual([]);
  });
});

describe('parallel heartbeats', UNDER_LOAD, () => {
  it('16 sessions ping at once: no retries, all 16 visible in one readLiveness', async () => {
    sandbox = await seededSandbox();
    const clones = await addClones(sandbox, 4);
    const envs = await Promise.all(clones.map((_, machine) => machineEnv(sandbox!, `m${machine}`)));
    const tipBefore = await sandbox.git(sandbox.remote, 'rev-parse', 'main');

    const workers = await runWorkers({
      script: worker.script,
      count: 16,
      args: (index) => ['ping', clones[index % 4]!, sessionIdFor(index), '1'],
      env: (index) => envs[index % 4]!,
    });

    for (const report of workers.map(reportOf)) {
      expect(report).toMatchObject({ ok: true, retries: 0, vias: ['ref'] });
    }
    const observer = await openClone(clones[0]!);
    const liveness = await readLiveness(observer, COORDS.remote);
    expect(liveness.map((entry) => entry.sessionId)).toEqual(
      Array.from({ length: 16 }, (_, index) => sessionIdFor(index)).sort(),
    );
    expect(new Set(liveness.map((entry) => entry.prdId))).toEqual(new Set(['prd-task-001']));
    // Heartbeats never touch the coordination branch.
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(tipBefore);
  });
});
