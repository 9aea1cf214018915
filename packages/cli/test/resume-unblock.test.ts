import { join } from 'node:path';
import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimRecord,
  expectRefused,
  lanesJson,
  localState,
  NOW,
  remoteEntry,
  remoteLocks,
  remoteTip,
  seededSandbox,
} from './lifecycle.js';

interface StartJson {
  sessionId: string;
  prdId: string;
  branch: string;
  worktree: string;
  startedFrom: string;
  previousHolder: string;
}

const OLD = 'agent-000001';
const LIVE = 'agent-000002';
const STALE_BLOCKED = 'agent-000003';
const LIVE_BLOCKED = 'agent-000004';
const MINE = 'agent-00000a';
const STALE_ELSEWHERE = 'agent-000005';

describe('lanes resume and lanes unblock', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let c3: string;
  let oldWork: string;

  beforeAll(async () => {
    const blocked = { status: 'blocked' as const, blockedReason: 'rebase conflict' };
    const live = { claimedAt: NOW, heartbeat: NOW };
    sandbox = await seededSandbox(
      {
        prds: ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'].map((name) => ({
          id: `prd-${name}`,
        })),
        locks: [
          { sessionId: OLD, prdId: 'prd-alpha' },
          { sessionId: LIVE, prdId: 'prd-beta', ...live },
          { sessionId: STALE_BLOCKED, prdId: 'prd-gamma', ...blocked },
          { sessionId: LIVE_BLOCKED, prdId: 'prd-delta', ...live, ...blocked },
          { sessionId: MINE, prdId: 'prd-epsilon', ...live, ...blocked },
          { sessionId: STALE_ELSEWHERE, prdId: 'prd-eta' },
        ],
      },
      { clones: 3 },
    );
    [c1, c2, c3] = sandbox.clones as [string, string, string];
    // The stale session had pushed some work on its branch.
    await sandbox.git(c1, 'switch', '-q', '-c', 'feature/alpha');
    oldWork = await sandbox.commit(c1, 'US-001 old work', { 'src/alpha.ts': 'export {};\n' });
    await sandbox.git(c1, 'push', '-q', 'origin', 'feature/alpha');
    await sandbox.git(c1, 'switch', '-q', 'main');
    await sandbox.git(c1, 'branch', '-D', 'feature/alpha');
  });
  afterAll(() => sandbox.cleanup());

  it('refuses to resume a live holder, an unknown PRD or one nobody holds', async () => {
    const live = await expectRefused(sandbox, c1, ['resume', 'beta'], 3, 'E_NOT_STALE');
    expect(live).toMatchObject({ holder: LIVE, prdId: 'prd-beta' });
    await expectRefused(sandbox, c1, ['resume', 'prd-nope'], 3, 'E_UNKNOWN_PRD');
    await expectRefused(sandbox, c1, ['resume', 'zeta'], 3, 'E_NO_SESSION');
    await expectRefused(sandbox, c1, ['resume'], 2, 'E_USAGE');
  });

  it("takes over a stale session's claim and checks out its pushed branch", async () => {
    const result = await lanesJson<StartJson>(c1, ['resume', 'alpha']);

    expect(result).toMatchObject({
      prdId: 'prd-alpha',
      branch: 'feature/alpha',
      worktree: c1,
      previousHolder: OLD,
      startedFrom: 'origin/feature/alpha',
    });
    expect(result.sessionId).not.toBe(OLD);
    const lock = (await remoteLocks(sandbox)).find((l) => l.prdId === 'prd-alpha');
    expect(lock).toMatchObject({ sessionId: result.sessionId, status: 'in_progress' });
    expect(Date.parse(lock!.heartbeat)).toBeGreaterThanOrEqual(Date.parse(NOW));
    expect(await sandbox.git(c1, 'branch', '--show-current')).toBe('feature/alpha');
    expect(await sandbox.git(c1, 'rev-parse', 'HEAD')).toBe(oldWork);
    expect(await claimRecord(sandbox, c1)).toMatchObject({
      sessionId: result.sessionId,
      prdId: 'prd-alpha',
    });
  });

  it('refuses to resume a branch checked out in another worktree: E_LOCAL_STATE', async () => {
    await sandbox.git(c3, 'pull', '-q', '--ff-only', 'origin', 'main');
    const linked = join(sandbox.root, 'eta-wt');
    await sandbox.git(c3, 'worktree', 'add', '-q', '-b', 'feature/eta', linked, 'main');
    const error = await expectRefused(sandbox, c3, ['resume', 'eta'], 3, 'E_LOCAL_STATE');
    expect(error).toMatchObject({
      reason: 'branch checked out elsewhere',
      paths: [linked],
      branch: 'feature/eta',
    });
    expect(error.hint).toContain(`git -C ${linked} switch --detach`);
    // What the hint says works: the branch freed there, the resume goes through.
    await sandbox.git(linked, 'switch', '-q', '--detach');
    const taken = join(sandbox.root, 'eta-taken');
    const result = await lanesJson<StartJson>(c3, ['resume', 'eta', '--worktree', taken]);
    expect(result).toMatchObject({ prdId: 'prd-eta', previousHolder: STALE_ELSEWHERE });
    expect(await sandbox.git(taken, 'branch', '--show-current')).toBe('feature/eta');
    await sandbox.git(c3, 'worktree', 'remove', '--force', taken);
    await sandbox.git(c3, 'worktree', 'remove', linked);
    await sandbox.git(c3, 'branch', '-D', 'feature/eta');
  });

  it('refuses a second claim in the same worktree', async () => {
    await expectRefused(sandbox, c1, ['resume', 'gamma'], 3, 'E_SESSION_BUSY');
  });

  it('with --force takes over a live holder, in a new worktree', async () => {
    const path = join(sandbox.root, 'beta-wt');
    const before = await localState(sandbox, c2);

    const result = await lanesJson<StartJson>(c2, [
      'resume',
      'beta',
      '--force',
      '--worktree',
      path,
    ]);

    // feature/beta was never pushed: it starts again from main.
    expect(result).toMatchObject({ worktree: path, previousHolder: LIVE, startedFrom: 'main' });
    expect(await sandbox.git(path, 'branch', '--show-current')).toBe('feature/beta');
    expect(await sandbox.git(path, 'rev-parse', 'HEAD')).toBe(await remoteTip(sandbox, 'main'));
    expect((await remoteLocks(sandbox)).find((l) => l.prdId === 'prd-beta')).toMatchObject({
      sessionId: result.sessionId,
    });
    expect(await claimRecord(sandbox, path)).toMatchObject({ prdId: 'prd-beta' });
    // This worktree keeps its branch and has no claim or session of its own.
    const after = await localState(sandbox, c2);
    expect([after[1], after[5], after[6]]).toEqual([before[1], before[5], before[6]]);
  });

  it("refuses to unblock a live session's lock, an unknown PRD, or without a session", async () => {
    const other = await expectRefused(sandbox, c3, ['unblock', 'delta'], 3, 'E_NOT_OWNER');
    expect(other).toMatchObject({ holder: LIVE_BLOCKED, stale: false });
    await expectRefused(sandbox, c3, ['unblock', 'prd-nope'], 3, 'E_UNKNOWN_PRD');
    await expectRefused(sandbox, c3, ['unblock'], 3, 'E_NO_SESSION');
  });

  it("unblocks a stale session's lock, once", async () => {
    const result = await lanesJson(c3, ['unblock', 'gamma']);
    expect(result).toMatchObject({
      prdId: 'prd-gamma',
      sessionId: STALE_BLOCKED,
      changed: true,
      status: 'in_progress',
    });
    const lock = (await remoteLocks(sandbox)).find((l) => l.prdId === 'prd-gamma');
    expect(lock).toMatchObject({ status: 'in_progress' });
    expect(lock).not.toHaveProperty('blockedReason');
    expect(await remoteEntry(sandbox, 'prd-gamma')).toMatchObject({ status: 'in_progress' });
    const tip = await remoteTip(sandbox, 'main');
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', tip)).toBe(
      `chore: unblock prd-gamma (${STALE_BLOCKED})`,
    );

    const again = await lanesJson(c3, ['unblock', 'gamma']);
    expect(again).toMatchObject({ changed: false });
    expect(await remoteTip(sandbox, 'main')).toBe(tip);
  });

  it("without a PRD unblocks this session's own lock", async () => {
    const result = await lanesJson(c3, ['unblock'], { LANES_SESSION: MINE });
    expect(result).toMatchObject({ prdId: 'prd-epsilon', sessionId: MINE, changed: true });
    expect((await remoteLocks(sandbox)).find((l) => l.prdId === 'prd-epsilon')).toMatchObject({
      status: 'in_progress',
    });
  });
});
