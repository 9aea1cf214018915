import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LANES_BIN, runLanes } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ALPHA,
  BETA,
  ME,
  OTHER,
  releaseScenario,
  remoteJson,
  type LocksDoc,
  type RegistryDoc,
} from './release-fixture.js';

const lines = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n');

interface Completed {
  prdId: string;
  status: string;
  mergeCommit: string;
  recovered: boolean;
  branchDeleted: boolean;
}

describe('lanes release under races', () => {
  it('main moving between test and landing: rebased, tested again, both commits land', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      extraClones: 1,
      // The first check pushes a human's commit to main while the release is testing.
      mergeQueue: (root) => ({
        qualityCheck: [
          `echo run >> ${root}/runs.log`,
          `if [ ! -f ${root}/pushed ]; then touch ${root}/pushed`,
          `git -C ${root}/clone-2 pull -q --rebase origin main`,
          `git -C ${root}/clone-2 push -q origin HEAD:main; fi`,
        ].join('; '),
      }),
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const [human] = fixture.extraClones as [string];
    expect(human).toBe(join(sandbox.root, 'clone-2'));
    await sandbox.commit(human, 'feat: human work', { 'human.txt': 'h\n' });

    const result = await runLanes(clone, ['release', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('main moved before the landing');
    expect(await lines(join(sandbox.root, 'runs.log'))).toEqual(['run', 'run']);
    const out = result.json as Completed;
    expect(await sandbox.git(sandbox.remote, 'show', 'main:human.txt')).toBe('h');
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/alpha.ts')).toBe('alpha');
    // The human's commit (rebased by its pull) is below the merge, on its first parent.
    const humanOnMain = await sandbox.git(
      sandbox.remote,
      'log',
      '--format=%H',
      '--grep=feat: human work',
      'main',
    );
    expect(humanOnMain).toMatch(/^[0-9a-f]{40}$/);
    await sandbox.git(
      sandbox.remote,
      'merge-base',
      '--is-ancestor',
      humanOnMain,
      `${out.mergeCommit}^1`,
    );
  });

  it('main moving only by another lanes transaction: landed without testing again', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA, BETA],
      // While the first check runs, the other session joins the queue: a transaction
      // on main that changes only the lanes documents.
      mergeQueue: (root) => ({
        qualityCheck: [
          `echo run >> ${root}/runs.log`,
          `if [ ! -f ${root}/queued ]; then touch ${root}/queued`,
          `"${process.execPath}" "${LANES_BIN}" -C ${root}/clone-2 release --no-wait --json > /dev/null; fi`,
        ].join('; '),
      }),
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];

    const result = await runLanes(clone, ['release', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    // Rebuilt on the newer tip in the landing's own transaction: no second round at all.
    expect(result.stderr).not.toContain('moved before the landing');
    expect(await lines(join(sandbox.root, 'runs.log'))).toEqual(['run']);
    const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
    expect(locks.sessions).toEqual([
      expect.objectContaining({ sessionId: OTHER, prdId: 'prd-beta', status: 'queued' }),
    ]);
    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.completed.map((entry) => entry.id)).toEqual(['prd-alpha']);
  });

  it('with batchSize 1, two releases at once from two clones are serialized; main ends with both', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA, BETA],
      // Each check says when it starts and ends, named by its worktree (release-<prd>).
      mergeQueue: (root) => ({
        batchSize: 1,
        qualityCheck: `echo "start $(basename "$PWD")" >> ${root}/check.log; sleep 0.3; echo "end $(basename "$PWD")" >> ${root}/check.log`,
      }),
    });
    const { sandbox } = fixture;
    const [a, b] = fixture.sessionClones as [string, string];
    const log = join(sandbox.root, 'check.log');

    const [first, second] = await Promise.all([
      runLanes(a, ['release', '--json']),
      runLanes(b, ['release', '--json']),
    ]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);

    // One merge slot: the checks never overlap.
    const entries = await lines(log);
    expect(entries).toHaveLength(4);
    expect(entries[0]!.replace('start', 'end')).toBe(entries[1]);
    expect(entries[2]!.replace('start', 'end')).toBe(entries[3]);
    expect(entries[0]).not.toBe(entries[2]);

    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/alpha.ts')).toBe('alpha');
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/beta.ts')).toBe('beta');
    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.completed.map((entry) => entry.id).sort()).toEqual(['prd-alpha', 'prd-beta']);
    expect(registry.prds).toEqual([]);
    expect(
      (await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json')).sessions,
    ).toEqual([]);
    // The later landing was built on the earlier one.
    const [earlier, later] = registry.completed.map((entry) => entry.mergeCommit) as [
      string,
      string,
    ];
    await sandbox.git(sandbox.remote, 'merge-base', '--is-ancestor', earlier, later);
  });
});

describe('an interrupted two-push landing (dedicated coordination branch)', () => {
  it('killed after main got the merge: lanes status reports it and writes nothing, the next release finishes it', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      coordination: 'lanes/state',
      extraClones: 1,
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const [observer] = fixture.extraClones as [string];
    await sandbox.git(observer, 'config', 'lanes.branch', 'lanes/state');

    const killed = await runLanes(clone, ['release', '--json'], {
      env: { LANES_TEST_KILL_AT: 'release-after-land' },
    });
    expect(killed.exitCode).not.toBe(0);
    const landed = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    const half = await remoteJson<LocksDoc>(sandbox, 'lanes/state', 'docs/session-locks.json');
    expect(half.sessions[0]).toMatchObject({ status: 'merging', mergeCommit: landed });

    const stateTip = await sandbox.git(sandbox.remote, 'rev-parse', 'lanes/state');
    const status = await runLanes(observer, ['status', '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect((status.json as { interrupted: unknown[] }).interrupted).toEqual([
      {
        prdId: 'prd-alpha',
        sessionId: ME,
        branch: expect.any(String),
        mergeCommit: landed,
        onMain: true,
      },
    ]);
    const text = await runLanes(observer, ['status']);
    expect(text.stdout).toMatch(/INTERRUPTED LANDINGS/);
    expect(text.stdout).toMatch(/the next 'lanes release' \(of any session\) finishes them/);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'lanes/state')).toBe(stateTip);

    const again = await runLanes(clone, ['release', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json).toMatchObject({
      prdId: 'prd-alpha',
      status: 'completed',
      mergeCommit: landed,
      recovered: true,
      branchDeleted: true,
    });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(landed);
    const registry = await remoteJson<RegistryDoc>(
      sandbox,
      'lanes/state',
      'docs/prd-registry.json',
    );
    expect(registry.completed[0]).toMatchObject({
      id: 'prd-alpha',
      mergeCommit: landed,
      sessionId: ME,
    });
    expect(
      (await remoteJson<LocksDoc>(sandbox, 'lanes/state', 'docs/session-locks.json')).sessions,
    ).toEqual([]);
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('main');
  });

  it('killed before main got it: the next release lands it and completes', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      coordination: 'lanes/state',
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const before = await sandbox.git(sandbox.remote, 'rev-parse', 'main');

    const killed = await runLanes(clone, ['release', '--json'], {
      env: { LANES_TEST_KILL_AT: 'release-after-record' },
    });
    expect(killed.exitCode).not.toBe(0);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(before);
    const half = await remoteJson<LocksDoc>(sandbox, 'lanes/state', 'docs/session-locks.json');
    expect(half.sessions[0]).toMatchObject({ status: 'merging', mergeCommit: expect.any(String) });

    const again = await runLanes(clone, ['release', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    const out = again.json as Completed;
    expect(out).toMatchObject({ status: 'completed', recovered: false });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(out.mergeCommit);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main^1')).toBe(before);
    const registry = await remoteJson<RegistryDoc>(
      sandbox,
      'lanes/state',
      'docs/prd-registry.json',
    );
    expect(registry.completed[0]).toMatchObject({ id: 'prd-alpha', mergeCommit: out.mergeCommit });
  });
});
