import { runLanes, type LanesRun } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';
import {
  checkRuns,
  prd,
  releaseAll,
  releaseScenario,
  remoteJson,
  session,
  sessions,
  timedCheck,
  type FixtureOptions,
  type LocksDoc,
  type RegistryDoc,
} from './release-fixture.js';

// The merge queue's batches, end to end: real clones, real `lanes release` processes
// waiting at once, a quality check that takes a fixed time and logs each run.

interface Released {
  prdId: string;
  status: string;
  mergeCommit: string;
  landedBy: string;
  batch: string[];
}

async function queueRun(batchSize: number, options: Partial<FixtureOptions> = {}) {
  const fixture = await releaseScenario({
    sessions: sessions(6),
    mergeQueue: (root) => ({ ...timedCheck(2)(root), batchSize }),
    ...options,
  });
  const { sandbox } = fixture;
  const { results, seconds } = await releaseAll(fixture.sessionClones);
  for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
  const checks = await checkRuns(sandbox.root);
  const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
  // Each landed exactly once, with its own merge commit, and main has every change.
  expect(registry.completed.map((entry) => entry.id).sort()).toEqual(
    sessions(6).map((s) => s.prdId),
  );
  expect(new Set(registry.completed.map((entry) => entry.mergeCommit)).size).toBe(6);
  for (let i = 1; i <= 6; i++) {
    expect(await sandbox.git(sandbox.remote, 'show', `main:src/change-${i}.txt`)).toBe(
      `change ${i}`,
    );
    const subjects = await sandbox.git(sandbox.remote, 'log', '--format=%s', 'main');
    expect(subjects.split('\n').filter((s) => s === `feat: ${prd(i)} (US-001)`)).toHaveLength(1);
  }
  const released = results.map((result) => result.json as Released);
  return { checks, seconds, released };
}

describe('merge queue batches', () => {
  it('six releases: batchSize 4 lands all six with ≥3× fewer check runs than batchSize 1', async () => {
    const one = await queueRun(1);
    const four = await queueRun(4);
    process.stderr.write(
      `merge queue, 6 releases, 2 s check: batchSize 1: ${one.checks} checks in ${one.seconds.toFixed(1)} s; ` +
        `batchSize 4: ${four.checks} checks in ${four.seconds.toFixed(1)} s\n`,
    );
    expect(one.checks).toBe(6);
    expect(four.checks).toBe(2);
    expect(one.checks).toBeGreaterThanOrEqual(3 * four.checks);
    // The first four landed in one push, the check run by the first in the queue.
    const first = four.released.find((r) => r.prdId === prd(1))!;
    expect(first.batch).toEqual([1, 2, 3, 4].map(prd));
    for (const r of four.released.slice(0, 4)) expect(r.landedBy).toBe(session(1));
    expect(four.released[4]).toMatchObject({ landedBy: session(5), batch: [prd(5), prd(6)] });
    expect(one.released.every((r) => r.batch.length === 1)).toBe(true);
  });

  it('a batch with one PRD breaking the check lands the others and blocks only it, with its output', async () => {
    const fixture = await releaseScenario({
      sessions: sessions(4, { 3: { 'src/broken.txt': 'oops\n' } }),
      mergeQueue: (root) => ({ ...timedCheck(0.2)(root), batchSize: 4 }),
    });
    const { sandbox } = fixture;
    const { results } = await releaseAll(fixture.sessionClones);
    const [r1, r2, r3, r4] = results as [LanesRun, LanesRun, LanesRun, LanesRun];
    for (const ok of [r1, r2, r4]) expect(ok.exitCode, ok.stderr).toBe(0);
    expect(r3.exitCode).toBe(1);
    expect(r3.json).toMatchObject({
      error: { code: 'E_QUALITY_CHECK', prdId: prd(3), output: ['broken.txt is here'] },
    });
    // The hint sends the agent to what it holds, not to a command that does not show it.
    const hint = (r3.json as { error: { hint: string } }).error.hint;
    expect(hint).toContain('`error.output`');
    expect(hint).toContain('`blockedReason`');
    expect(hint).not.toContain('lanes show');
    // all four (fails), 1+2 (pass), 3+4 (fails), 3 (fails alone), 4 (passes).
    expect(await checkRuns(sandbox.root)).toBe(5);
    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.completed.map((entry) => entry.id)).toEqual([prd(1), prd(2), prd(4)]);
    const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
    expect(locks.sessions).toEqual([
      expect.objectContaining({
        prdId: prd(3),
        status: 'blocked',
        blockedReason: expect.stringContaining('quality check failed'),
        blockedCode: 'E_QUALITY_CHECK',
        blockedOutput: ['broken.txt is here'],
      }),
    ]);
    await expect(sandbox.git(sandbox.remote, 'show', 'main:src/broken.txt')).rejects.toThrow();
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/change-4.txt')).toBe('change 4');
  });

  it('a batch with a rebase conflict blocks only the conflicting PRD, before the check', async () => {
    const fixture = await releaseScenario({
      sessions: sessions(3, { 2: { 'src/change-1.txt': 'the same file, other words\n' } }),
      mergeQueue: (root) => ({ ...timedCheck(0.2)(root), batchSize: 4 }),
      coordination: 'lanes/state',
    });
    const { sandbox } = fixture;
    const [r1, r2, r3] = (await releaseAll(fixture.sessionClones)).results as [
      LanesRun,
      LanesRun,
      LanesRun,
    ];
    expect(r1.exitCode, r1.stderr).toBe(0);
    expect(r3.exitCode, r3.stderr).toBe(0);
    expect(r2.exitCode).toBe(1);
    expect(r2.json).toMatchObject({
      error: { code: 'E_MERGE_CONFLICT', prdId: prd(2), files: ['src/change-1.txt'] },
    });
    expect((r2.json as { error: { hint: string } }).error.hint).toContain('`lanes sync`');
    expect(await checkRuns(sandbox.root)).toBe(1);
    const registry = await remoteJson<RegistryDoc>(
      sandbox,
      'lanes/state',
      'docs/prd-registry.json',
    );
    expect(registry.completed.map((entry) => entry.id)).toEqual([prd(1), prd(3)]);
    expect(r3.json).toMatchObject({ landedBy: session(1), batch: [prd(1), prd(3)] });
    const locks = await remoteJson<LocksDoc>(sandbox, 'lanes/state', 'docs/session-locks.json');
    expect(locks.sessions).toEqual([
      expect.objectContaining({
        prdId: prd(2),
        status: 'blocked',
        blockedCode: 'E_MERGE_CONFLICT',
      }),
    ]);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/change-1.txt')).toBe('change 1');
  });

  it('the slot holder dying mid-batch: its members go back to the queue and land once, by the next holder', async () => {
    const fixture = await releaseScenario({
      sessions: sessions(3),
      // The first check kills the release running it (the slot holder), as a crash would.
      mergeQueue: (root) => ({
        qualityCheck: `echo run >> ${root}/checks.log; if [ ! -f ${root}/killed ]; then touch ${root}/killed; kill -9 $PPID; sleep 5; fi`,
        batchSize: 4,
      }),
    });
    const { sandbox } = fixture;
    const [holder, second, third] = fixture.sessionClones as [string, string, string];
    for (const clone of fixture.sessionClones) {
      expect((await runLanes(clone, ['release', '--no-wait', '--json'])).exitCode).toBe(0);
    }
    const killed = await runLanes(holder, ['release', '--json']);
    expect(killed.exitCode).not.toBe(0);
    const midway = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
    expect(midway.sessions.map((l) => [l.prdId, l.status, l.mergedBy])).toEqual([
      [prd(1), 'merging', undefined],
      [prd(2), 'merging', session(1)],
      [prd(3), 'merging', session(1)],
    ]);

    // Later than the heartbeat timeout: the holder is stale, the other two are waiting.
    const later = { env: { LANES_NOW_OFFSET_SECONDS: String(15 * 60) } };
    // Both waiters prove they are alive on that clock first: otherwise whichever release
    // looks first sees the other one stale too and lands alone (a real race, not the
    // behaviour under test).
    for (const clone of [second, third]) {
      const beat = await runLanes(clone, ['heartbeat', '--json'], later);
      expect(beat.exitCode, beat.stderr).toBe(0);
    }
    const [r2, r3] = await Promise.all([
      runLanes(second, ['release', '--json'], later),
      runLanes(third, ['release', '--json'], later),
    ]);
    expect(r2.exitCode, r2.stderr).toBe(0);
    expect(r3.exitCode, r3.stderr).toBe(0);
    expect(r3.json).toMatchObject({ landedBy: session(2), batch: [prd(2), prd(3)] });
    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.completed.map((entry) => entry.id)).toEqual([prd(2), prd(3)]);
    const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
    expect(locks.sessions).toEqual([
      expect.objectContaining({
        prdId: prd(1),
        status: 'blocked',
        blockedReason: expect.stringContaining('merge interrupted'),
      }),
    ]);
    await expect(sandbox.git(sandbox.remote, 'show', 'main:src/change-1.txt')).rejects.toThrow();
    expect(await checkRuns(sandbox.root)).toBe(2);
  });

  it('--priority high queues ahead of the normal releases; status shows the order', async () => {
    const fixture = await releaseScenario({ sessions: sessions(3) });
    const [first, second, urgent] = fixture.sessionClones as [string, string, string];
    for (const [clone, args] of [
      [first, []],
      [second, []],
      [urgent, ['--priority', 'high']],
    ] as const) {
      const queued = await runLanes(clone, ['release', '--no-wait', ...args, '--json']);
      expect(queued.exitCode, queued.stderr).toBe(0);
    }
    const status = await runLanes(first, ['status', '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    const queue = (status.json as { mergeQueue: { prdId: string; priority: string }[] }).mergeQueue;
    expect(queue.map((q) => [q.prdId, q.priority])).toEqual([
      [prd(3), 'high'],
      [prd(1), 'normal'],
      [prd(2), 'normal'],
    ]);
    const text = await runLanes(first, ['status']);
    expect(text.stdout).toMatch(/1\.\s+prd-change-3.*high priority/);
  });
});
