import { readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SESSION_ID } from '@lanes/core';
import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimRecord,
  expectRefused,
  lanesFile,
  lanesJson,
  localState,
  NOW,
  remoteEntry,
  remoteLocks,
  remoteTip,
  seededSandbox,
} from './lifecycle.js';

interface ClaimJson {
  sessionId: string;
  prdId: string;
  branch: string;
  worktree: string;
  warnings: { prdId: string; risk: string }[];
}

const LIVE = 'agent-aaaaaa';
const STALE = 'agent-bbbbbb';

describe('lanes claim, coordinating on main', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let c3: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(
      {
        prds: [
          { id: 'prd-alpha', priority: 'high', touches: ['src/alpha/**'] },
          { id: 'prd-beta', dependsOn: ['prd-gamma'] },
          { id: 'prd-gamma', touches: ['src/gamma/**'] },
          { id: 'prd-delta' },
          { id: 'prd-draft', status: 'draft' },
          { id: 'prd-risky', conflictsWith: [{ prdId: 'prd-gamma', risk: 'high' }] },
        ],
        locks: [
          { sessionId: LIVE, prdId: 'prd-gamma', claimedAt: NOW, heartbeat: NOW },
          { sessionId: STALE, prdId: 'prd-delta' },
        ],
      },
      { clones: 3 },
    );
    [c1, c2, c3] = sandbox.clones as [string, string, string];
  });
  afterAll(() => sandbox.cleanup());

  it('refuses unknown, draft, held, waiting and high-risk PRDs, changing nothing', async () => {
    const unknown = await expectRefused(sandbox, c2, ['claim', 'prd-nope'], 3, 'E_UNKNOWN_PRD');
    expect(unknown.message).toContain('prd-nope');
    // A draft is not claimable: core's rule answers E_NOTHING_AVAILABLE and says why.
    const draft = await expectRefused(sandbox, c2, ['claim', 'draft'], 3, 'E_NOTHING_AVAILABLE');
    expect(draft.message).toContain('draft');
    const live = await expectRefused(sandbox, c2, ['claim', 'gamma'], 3, 'E_ALREADY_CLAIMED');
    expect(live).toMatchObject({ holder: LIVE, stale: false });
    const stale = await expectRefused(sandbox, c2, ['claim', 'delta'], 3, 'E_ALREADY_CLAIMED');
    expect(stale).toMatchObject({ holder: STALE, stale: true });
    expect(stale.hint).toContain('lanes resume prd-delta');
    const waiting = await expectRefused(sandbox, c2, ['claim', 'beta'], 3, 'E_DEPENDENCIES_UNMET');
    expect(waiting.missing).toEqual(['prd-gamma']);
    const risky = await expectRefused(sandbox, c2, ['claim', 'risky'], 3, 'E_CONFLICT_RISK');
    expect(risky.against).toEqual(['prd-gamma']);
    expect(risky.findings).toEqual([
      expect.objectContaining({ prdId: 'prd-gamma', source: 'declared' }),
    ]);
    await expectRefused(sandbox, c2, ['claim', 'Not An Id'], 2, 'E_USAGE');
  });

  it('claims the best available PRD and starts its branch from the newest main', async () => {
    const run = await runLanes(c1, ['claim', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = run.json as ClaimJson;

    expect(result).toMatchObject({ prdId: 'prd-alpha', branch: 'feature/alpha', worktree: c1 });
    // A fresh clone without husky has no hooks (git does not share .git/hooks): it is told.
    expect(run.stderr).toContain("this clone has no lanes hooks: run 'lanes hooks install' once");
    expect(result.sessionId).toMatch(SESSION_ID);
    const locks = await remoteLocks(sandbox);
    expect(locks.find((lock) => lock.prdId === 'prd-alpha')).toMatchObject({
      sessionId: result.sessionId,
      branch: 'feature/alpha',
      status: 'in_progress',
      // Who holds it, for `lanes status`: the clone's git identity and this machine.
      user: 'Lanes Test',
      host: hostname(),
    });
    expect(await remoteEntry(sandbox, 'prd-alpha')).toMatchObject({ status: 'in_progress' });
    const tip = await remoteTip(sandbox, 'main');
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', tip)).toBe(
      `chore: claim prd-alpha for ${result.sessionId}`,
    );
    expect(await sandbox.git(c1, 'branch', '--show-current')).toBe('feature/alpha');
    expect(await sandbox.git(c1, 'rev-parse', 'HEAD')).toBe(tip);
    expect(await claimRecord(sandbox, c1)).toMatchObject({
      sessionId: result.sessionId,
      prdId: 'prd-alpha',
      branch: 'feature/alpha',
      coordinationBranch: 'main',
    });
    expect((await lanesFile(sandbox, c1, 'session'))?.trim()).toBe(result.sessionId);
    const ping = await sandbox.git(
      sandbox.remote,
      'for-each-ref',
      `refs/lanes/heartbeats/${result.sessionId}`,
    );
    expect(ping).not.toBe('');
  });

  it('refuses a second claim in a worktree that holds one', async () => {
    const busy = await expectRefused(
      sandbox,
      c1,
      ['claim', 'risky', '--force'],
      3,
      'E_SESSION_BUSY',
    );
    expect(busy.prdId).toBe('prd-alpha');
  });

  it('says why nothing is available', async () => {
    const none = await expectRefused(sandbox, c2, ['claim'], 3, 'E_NOTHING_AVAILABLE');
    expect(none.hint).toContain('prd-risky');
    expect(none.hint).toContain('prd-beta');
  });

  it('refuses before any transaction when local work would be lost or is in the way', async () => {
    await sandbox.write(c2, 'README.md', 'edited\n');
    const dirty = await expectRefused(
      sandbox,
      c2,
      ['claim', 'risky', '--force'],
      3,
      'E_LOCAL_STATE',
    );
    expect(dirty.message).toContain('README.md');
    await sandbox.git(c2, 'checkout', '--', 'README.md');

    await sandbox.git(c2, 'branch', 'feature/risky');
    const branch = await expectRefused(
      sandbox,
      c2,
      ['claim', 'risky', '--force'],
      3,
      'E_LOCAL_STATE',
    );
    expect(branch.message).toContain('feature/risky');
    await sandbox.git(c2, 'branch', '-D', 'feature/risky');

    const occupied = await expectRefused(
      sandbox,
      c2,
      ['claim', 'risky', '--force', '--worktree', c3],
      3,
      'E_LOCAL_STATE',
    );
    expect(occupied.message).toContain(c3);
  });

  it('claims a high-risk PRD with --force, in a new worktree with its own session', async () => {
    expect((await runLanes(c3, ['hooks', 'install'])).exitCode).toBe(0);
    const head = await sandbox.git(c3, 'rev-parse', 'HEAD');
    const run = await runLanes(c3, ['claim', 'risky', '--force', '--worktree', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    // The clone has the hooks, and the new worktree runs them: nothing to tell.
    expect(run.stderr).not.toContain('no lanes hooks');
    const result = run.json as ClaimJson;

    const path = `${c3}-risky`;
    expect(result).toMatchObject({ prdId: 'prd-risky', branch: 'feature/risky', worktree: path });
    expect(result.warnings).toEqual([
      expect.objectContaining({ prdId: 'prd-gamma', risk: 'high' }),
    ]);
    expect(run.stderr).toContain(`the worktree goes to ${path}`);
    expect(await sandbox.git(path, 'branch', '--show-current')).toBe('feature/risky');
    expect(await claimRecord(sandbox, path)).toMatchObject({
      sessionId: result.sessionId,
      prdId: 'prd-risky',
    });
    expect((await lanesFile(sandbox, path, 'session'))?.trim()).toBe(result.sessionId);
    // This worktree holds no claim and got no session; it stays on main (brought up to date).
    expect(await claimRecord(sandbox, c3)).toBeNull();
    expect(await lanesFile(sandbox, c3, 'session')).toBeNull();
    expect(await sandbox.git(c3, 'branch', '--show-current')).toBe('main');
    expect(await sandbox.git(c3, 'rev-parse', 'HEAD')).not.toBe(head);
    expect(await sandbox.git(c3, 'rev-parse', 'HEAD')).toBe(await remoteTip(sandbox, 'main'));
  });
});

describe('lanes claim with a dedicated coordination branch (lanes)', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let c3: string;
  const prd = (id: string) =>
    JSON.stringify({ id, title: id, userStories: [{ id: 'US-001', title: 'one' }] });

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 3 });
    [c1, c2, c3] = sandbox.clones as [string, string, string];
    for (const clone of [c1, c2, c3]) {
      await lanesJson(clone, ['init', '--branch', 'lanes', '--no-hooks']);
    }
    for (const id of ['prd-a', 'prd-b', 'prd-c']) {
      await sandbox.write(c1, `../${id}.json`, prd(id));
      await lanesJson(c1, ['prd', 'add', `../${id}.json`, '--ready']);
    }
  });
  afterAll(() => sandbox.cleanup());

  it('records the claim on lanes and starts the branch from main, which stays as it was', async () => {
    const main = await remoteTip(sandbox, 'main');
    const result = await lanesJson<ClaimJson>(c1, ['claim', 'prd-a']);
    expect(result).toMatchObject({ prdId: 'prd-a', branch: 'feature/a' });
    expect(await remoteTip(sandbox, 'main')).toBe(main);
    expect(await sandbox.git(c1, 'rev-parse', 'HEAD')).toBe(main);
    expect(await remoteLocks(sandbox, 'lanes')).toEqual([
      expect.objectContaining({ prdId: 'prd-a', sessionId: result.sessionId }),
    ]);
    expect(await claimRecord(sandbox, c1)).toMatchObject({ coordinationBranch: 'lanes' });

    await expectRefused(sandbox, c2, ['claim', 'prd-a'], 3, 'E_ALREADY_CLAIMED');
  });

  it('undoes the claim when the checkout fails after the transaction', async () => {
    // main gets a file that c2 has untracked: switching to a branch from main fails.
    await sandbox.commit(c3, 'add app', { 'src/app.ts': 'export {};\n' });
    await sandbox.git(c3, 'push', '-q', 'origin', 'main');
    await sandbox.write(c2, 'src/app.ts', 'mine\n');
    const before = await localState(sandbox, c2);
    const lanesBefore = await remoteTip(sandbox, 'lanes');

    const run = await runLanes(c2, ['claim', 'prd-b', '--json']);

    expect(run.exitCode).toBe(1);
    const error = (run.json as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('E_GIT');
    expect(error.message).toContain('the claim of prd-b was undone');
    expect(await remoteLocks(sandbox, 'lanes')).not.toContainEqual(
      expect.objectContaining({ prdId: 'prd-b' }),
    );
    expect(await remoteEntry(sandbox, 'prd-b', 'lanes')).toMatchObject({ status: 'ready' });
    const subjects = await sandbox.git(
      sandbox.remote,
      'log',
      '--format=%s',
      `${lanesBefore}..lanes`,
    );
    expect(subjects.split('\n')).toEqual([
      'chore: undo claim of prd-b (the checkout failed)',
      expect.stringMatching(/^chore: claim prd-b for /),
    ]);
    expect(await localState(sandbox, c2)).toEqual(before);
    expect(await readFile(`${c2}/src/app.ts`, 'utf8')).toBe('mine\n');
  });

  it('lets exactly one of two sessions racing for a PRD win; the other changes nothing', async () => {
    await rm(join(c2, 'src'), { recursive: true });
    const before = { c2: await localState(sandbox, c2), c3: await localState(sandbox, c3) };

    const runs = await Promise.all(
      [c2, c3].map((clone) => runLanes(clone, ['claim', 'prd-c', '--json'])),
    );

    expect(runs.map((run) => run.exitCode).sort()).toEqual([0, 3]);
    const loser = runs.findIndex((run) => run.exitCode === 3);
    expect((runs[loser]!.json as { error: { code: string } }).error.code).toBe('E_ALREADY_CLAIMED');
    const locks = (await remoteLocks(sandbox, 'lanes')).filter((lock) => lock.prdId === 'prd-c');
    expect(locks).toHaveLength(1);
    const loserClone = loser === 0 ? 'c2' : 'c3';
    expect(await localState(sandbox, loser === 0 ? c2 : c3)).toEqual(before[loserClone]);
  });
});

describe('lanes claim weighs real branches, like lanes conflicts', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    // Nothing declared: the PRDs' touches do not overlap at all.
    sandbox = await seededSandbox(
      {
        prds: [
          { id: 'prd-held', touches: ['src/held/**'] },
          { id: 'prd-leftover', touches: ['src/leftover/**'] },
        ],
        locks: [{ sessionId: LIVE, prdId: 'prd-held', claimedAt: NOW, heartbeat: NOW }],
      },
      { clones: 2, files: { 'src/shared.ts': 'export const value = 1;\n' } },
    );
    const [c1] = sandbox.clones as [string, string];
    // Both branches exist on the remote (prd-leftover's from an earlier attempt) and
    // change the same line: a textual conflict only git can see.
    for (const [branch, value] of [
      ['feature/held', 2],
      ['feature/leftover', 3],
    ] as const) {
      await sandbox.git(c1, 'switch', '-q', '-c', branch, 'main');
      await sandbox.commit(c1, `work on ${branch}`, {
        'src/shared.ts': `export const value = ${value};\n`,
      });
      await sandbox.git(c1, 'push', '-q', 'origin', branch);
    }
    await sandbox.git(c1, 'switch', '-q', 'main');
  });
  afterAll(() => sandbox.cleanup());

  it('refuses a PRD whose branch conflicts with an active one, naming the file', async () => {
    const c2 = sandbox.clones[1]!;
    const risky = await expectRefused(sandbox, c2, ['claim', 'leftover'], 3, 'E_CONFLICT_RISK');
    expect(risky.against).toEqual(['prd-held']);
    expect(risky.findings).toEqual([
      expect.objectContaining({ prdId: 'prd-held', source: 'branches', paths: ['src/shared.ts'] }),
    ]);
  });
});
