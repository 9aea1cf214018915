import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionLocksDocument } from '@lanes/core';
import { buildState } from '@lanes/core/testing';
import { readLiveness, writeClaimRecord } from '@lanes/git';
import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUp,
  commitWithHooks,
  eventually,
  gitWithEnv,
  holdClaim,
  hookLog,
  install,
  open,
  pingLines,
  remoteDocument,
} from './hooks-fixture.js';
import { ago, seededSandbox } from './lifecycle.js';

// post-commit and post-rewrite with real commits: the hook scripts installed by
// installHooks call the built CLI, which starts `lanes heartbeat` detached.

const A = 'developer-a1b2c3';
const C = 'developer-c3d4e5';

describe('the commit hooks', () => {
  let sandbox: Sandbox;
  let mine: string;
  let other: string;
  let gitDir: string;

  const heartbeatRef = async (sessionId: string) =>
    (
      await sandbox.gitResult(
        sandbox.remote,
        'rev-parse',
        '-q',
        '--verify',
        `refs/lanes/heartbeats/${sessionId}`,
      )
    ).stdout.trim();
  const seenFrom = async (clone: string, sessionId: string) => {
    const liveness = await readLiveness(await open(clone), 'origin');
    return liveness.find((entry) => entry.sessionId === sessionId);
  };

  beforeAll(async () => {
    const state = buildState({
      prds: [{ id: 'prd-print' }, { id: 'prd-other' }],
      locks: [
        { sessionId: A, prdId: 'prd-print', claimedAt: ago(20), heartbeat: ago(1) },
        { sessionId: C, prdId: 'prd-other', claimedAt: ago(20), heartbeat: ago(1) },
      ],
    });
    state.config.coordination.heartbeatIntervalSeconds = 3600;
    sandbox = await seededSandbox(state, { clones: 2, seeder: 1 });
    [mine, other] = sandbox.clones as [string, string];
    gitDir = join(mine, '.git');
    await holdClaim(sandbox, mine, { sessionId: A, prdId: 'prd-print', branch: 'feature/print' });
    await install(mine);
  });
  afterAll(() => cleanUp(sandbox));

  it('pings after a commit, visibly from another clone, with the subject’s story; then waits out the interval', async () => {
    expect(await seenFrom(other, A)).toBeUndefined();
    // Heartbeat times have whole seconds: fresh means not before this second.
    const committedFrom = Math.floor(Date.now() / 1000) * 1000;
    const first = await commitWithHooks(sandbox, mine, 'feat: US-002 template model', {
      'src/print.ts': 'export const print = 1;\n',
    });
    expect(first.exitCode).toBe(0);

    const seen = await eventually(() => seenFrom(other, A), 'the heartbeat ref on the remote');
    expect(Date.parse(seen.at)).toBeGreaterThanOrEqual(committedFrom);
    const locks = await remoteDocument<SessionLocksDocument>(sandbox, 'docs/session-locks.json');
    expect(locks.sessions.find((lock) => lock.sessionId === A)?.currentStory).toBe('US-002');
    expect(pingLines(await hookLog(gitDir))).toEqual([
      expect.stringMatching(/post-commit: ping \(first ping\) story US-002$/),
    ]);

    // Within heartbeatIntervalSeconds: the next commits decide in sh and send nothing.
    const ref = await heartbeatRef(A);
    expect((await commitWithHooks(sandbox, mine, 'fix: a typo')).exitCode).toBe(0);
    expect((await commitWithHooks(sandbox, mine, 'feat: US-002 more')).exitCode).toBe(0);
    expect(pingLines(await hookLog(gitDir))).toHaveLength(1);
    expect(await heartbeatRef(A)).toBe(ref);
  });

  it('stays quiet while a rebase replays commits, then pings exactly once', async () => {
    // No stamp: without the rebase check the first replayed commit would ping.
    await rm(join(gitDir, 'lanes', 'heartbeat-stamp'), { force: true });
    const before = pingLines(await hookLog(gitDir)).length;
    const ref = await heartbeatRef(A);
    const skip = { LANES_SKIP_HOOKS: '1' };
    await sandbox.git(mine, 'branch', 'base', 'origin/main');
    await gitWithEnv(mine, skip, 'switch', '-q', 'base');
    await commitWithHooks(sandbox, mine, 'main moved on', { 'main.txt': 'm\n' }, skip);
    await gitWithEnv(mine, skip, 'switch', '-q', 'feature/print');

    const rebase = await gitWithEnv(mine, {}, 'rebase', '-q', 'base');
    expect(rebase.exitCode).toBe(0);
    const lines = pingLines(await hookLog(gitDir)).slice(before);
    expect(lines).toEqual([expect.stringMatching(/post-rewrite: ping \(after a rewrite\)/)]);
    await eventually(
      async () => ((await heartbeatRef(A)) !== ref ? true : undefined),
      'the ping after the rebase',
    );
  });

  it('keeps the commit when the ping fails, and logs why under the git dir', async () => {
    await rm(join(gitDir, 'lanes', 'heartbeat-stamp'), { force: true });
    const logged = (await hookLog(gitDir)).length;
    await rename(sandbox.remote, `${sandbox.remote}.gone`);
    try {
      const result = await commitWithHooks(sandbox, mine, 'feat: offline work', {
        'src/offline.ts': 'export {};\n',
      });
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(await sandbox.git(mine, 'log', '-1', '--format=%s')).toBe('feat: offline work');
      const failure = await eventually(async () => {
        const fresh = (await hookLog(gitDir)).slice(logged);
        return fresh.find((line) => /E_REMOTE/.test(line));
      }, 'the failed ping in the log');
      expect(failure).toMatch(/lanes: .*\(E_REMOTE\)/);
    } finally {
      await rename(`${sandbox.remote}.gone`, sandbox.remote);
    }
  });

  it('runs in a linked worktree, for the session that worktree holds', async () => {
    const worktree = join(sandbox.root, 'wt-other');
    await sandbox.git(
      mine,
      'worktree',
      'add',
      '-q',
      '-b',
      'feature/other',
      worktree,
      'origin/main',
    );
    const repo = await open(worktree);
    await writeClaimRecord(repo, {
      sessionId: C,
      prdId: 'prd-other',
      branch: 'feature/other',
      remote: 'origin',
      coordinationBranch: 'main',
      claimedAt: ago(5),
    });
    expect(await seenFrom(other, C)).toBeUndefined();
    const result = await commitWithHooks(sandbox, worktree, 'feat: US-001 other work', {
      'src/other.ts': 'export {};\n',
    });
    expect(result.exitCode).toBe(0);
    await eventually(() => seenFrom(other, C), 'the worktree session’s heartbeat');
    expect(pingLines(await hookLog(repo.gitDir))).toEqual([
      expect.stringMatching(/post-commit: ping \(first ping\) story US-001$/),
    ]);
  });
});
