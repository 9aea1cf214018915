import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runLanes } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ALPHA,
  changedBetween,
  holdClaim,
  ME,
  OTHER,
  releaseScenario,
  remoteJson,
  type LocksDoc,
  type RegistryDoc,
} from './release-fixture.js';
import { today } from './lifecycle.js';

const HEARTBEAT_REF = `refs/lanes/heartbeats/${ME}`;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

interface Completed {
  prdId: string;
  status: string;
  mergeCommit: string;
  archivedTo: string;
  branchDeleted: boolean;
}

describe('lanes release with main as the coordination branch', () => {
  it('lands the branch on main in one push: merge, archive, registry, lock, branch, session', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      extraClones: 1,
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const [human] = fixture.extraClones as [string];
    // main moves after the branch started: the release rebases onto it.
    await sandbox.commit(human, 'docs: readme', { 'README.md': '# changed by a human\n' });
    await sandbox.git(human, 'push', '-q', 'origin', 'main');
    const before = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    await sandbox.git(clone, 'push', '-q', 'origin', `HEAD:${HEARTBEAT_REF}`);

    const result = await runLanes(clone, ['release', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const out = result.json as Completed;
    const archivedTo = `docs/completed/${today()}/prd-alpha.json`;
    expect(out).toMatchObject({
      prdId: 'prd-alpha',
      status: 'completed',
      archivedTo,
      branchDeleted: true,
    });

    // One push on top of the old tip: the merge commit, then the completion on it.
    const tip = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    const [complete, ...completeParents] = (
      await sandbox.git(sandbox.remote, 'rev-list', '--parents', '-1', 'main')
    ).split(' ');
    expect(complete).toBe(tip);
    expect(completeParents).toEqual([out.mergeCommit]);
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', 'main')).toBe(
      `chore: complete prd-alpha (${ME})`,
    );
    const mergeParents = (
      await sandbox.git(sandbox.remote, 'rev-list', '--parents', '-1', out.mergeCommit)
    ).split(' ');
    expect(mergeParents).toHaveLength(3);
    // The merge's first parent descends from the tip before the release (queue + slot
    // transactions came in between), the second is the rebased branch.
    await sandbox.git(sandbox.remote, 'merge-base', '--is-ancestor', before, mergeParents[1]!);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/alpha.ts')).toBe('alpha');
    expect(await sandbox.git(sandbox.remote, 'show', 'main:README.md')).toBe(
      '# changed by a human',
    );
    // The merge's tree is exactly the rebased branch (what was tested).
    expect(await sandbox.git(sandbox.remote, 'rev-parse', `${out.mergeCommit}^{tree}`)).toBe(
      await sandbox.git(sandbox.remote, 'rev-parse', `${mergeParents[2]}^{tree}`),
    );

    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.prds).toEqual([]);
    expect(registry.completed).toEqual([
      expect.objectContaining({
        id: 'prd-alpha',
        mergeCommit: out.mergeCommit,
        archivedTo,
        sessionId: ME,
      }),
    ]);
    expect(
      (await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json')).sessions,
    ).toEqual([]);
    expect(await remoteJson(sandbox, 'main', archivedTo)).toMatchObject({ id: 'prd-alpha' });
    const gone = await sandbox.gitResult(
      sandbox.remote,
      'cat-file',
      '-e',
      'main:docs/prds/prd-alpha.json',
    );
    expect(gone.exitCode).not.toBe(0);

    // Remote leftovers gone: the branch and the heartbeat ref.
    const refs = await sandbox.git(sandbox.remote, 'for-each-ref', '--format=%(refname)');
    expect(refs).not.toContain('feature/alpha');
    expect(refs).not.toContain(HEARTBEAT_REF);
    // Local: back on main at the landed tip, branch deleted, no claim, no session, no temp worktree.
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('main');
    expect(await sandbox.git(clone, 'rev-parse', 'HEAD')).toBe(tip);
    expect(await sandbox.git(clone, 'branch', '--list', 'feature/alpha')).toBe('');
    const gitDir = join(clone, '.git');
    expect(await exists(join(gitDir, 'lanes', 'claim.json'))).toBe(false);
    expect(await exists(join(gitDir, 'lanes', 'session'))).toBe(false);
    expect(await sandbox.git(clone, 'worktree', 'list', '--porcelain')).not.toContain('release-');

    const validate = await runLanes(clone, ['validate', '--json']);
    expect(validate.json).toMatchObject({ ok: true });
  });

  it('--no-wait joins the queue behind an earlier release and says where', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      otherPrds: [{ id: 'prd-beta' }],
      otherLocks: [
        { sessionId: OTHER, prdId: 'prd-beta', status: 'queued', queuedAt: '2026-02-19T15:05:00Z' },
      ],
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    // New local work: the release pushes it before queueing.
    const local = await sandbox.commit(clone, 'feat: more (US-002)', { 'src/more.ts': 'm\n' });

    const result = await runLanes(clone, ['release', '--no-wait', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ prdId: 'prd-alpha', status: 'queued', position: 2 });
    const lock = (
      await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json')
    ).sessions.find((l) => l.sessionId === ME);
    expect(lock).toMatchObject({ status: 'queued', queuedAt: expect.any(String) });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'feature/alpha')).toBe(local);
    // Nothing landed, nothing local changed.
    expect(
      await sandbox.git(sandbox.remote, 'show', 'main:src/alpha.ts').catch(() => null),
    ).toBeNull();
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/alpha');
    expect(await exists(join(clone, '.git', 'lanes', 'claim.json'))).toBe(true);
  });

  it('a rebase conflict blocks the lock with the files named and leaves main alone', async () => {
    const fixture = await releaseScenario({
      sessions: [
        { sessionId: ME, prdId: 'prd-alpha', files: { 'README.md': '# the branch version\n' } },
      ],
      extraClones: 1,
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const [human] = fixture.extraClones as [string];
    await sandbox.commit(human, 'docs: readme', { 'README.md': '# the main version\n' });
    await sandbox.git(human, 'push', '-q', 'origin', 'main');
    const before = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    const head = await sandbox.git(clone, 'rev-parse', 'HEAD');

    const result = await runLanes(clone, ['release', '--json']);
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({
      error: { code: 'E_MERGE_CONFLICT', files: ['README.md'], prdId: 'prd-alpha' },
    });
    const lock = (await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json'))
      .sessions[0];
    expect(lock).toMatchObject({
      status: 'blocked',
      blockedReason: expect.stringContaining('README.md'),
    });
    expect(lock?.mergeCommit).toBeUndefined();
    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.prds[0]).toMatchObject({ id: 'prd-alpha', status: 'blocked' });
    // main moved only by the lanes documents (queue, slot, block); the code is the human's.
    const after = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    expect(await changedBetween(sandbox, before, after)).toEqual([
      'docs/prd-registry.json',
      'docs/session-locks.json',
    ]);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:README.md')).toBe('# the main version');
    // The user's checkout is untouched, the claim stays, no temporary worktree is left.
    expect(await sandbox.git(clone, 'rev-parse', 'HEAD')).toBe(head);
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/alpha');
    expect(await sandbox.git(clone, 'status', '--porcelain')).toBe('');
    expect(await sandbox.git(clone, 'worktree', 'list', '--porcelain')).not.toContain('release-');
    expect(await exists(join(clone, '.git', 'lanes', 'claim.json'))).toBe(true);
  });

  it('runs qualityFix between checks and lands the fix with the work (strategy rebase)', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      mergeQueue: {
        qualityCheck: 'echo checking-output; test -f fixed.txt',
        qualityFix: 'echo fixed > fixed.txt',
        attempts: 3,
      },
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];

    const result = await runLanes(clone, ['release', '--strategy', 'rebase', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    // The commands' output goes to stderr; stdout is the one JSON document.
    expect(result.stdout).not.toContain('checking-output');
    expect(result.stderr).toContain('checking-output');
    // Stages with the time since the landing began; `attempts` counts check runs.
    expect(result.stderr).toMatch(/\[\d+\.\ds\] fix 1: echo fixed > fixed.txt/);
    expect(result.stderr).toMatch(/\[\d+\.\ds\] check 2\/3: echo checking-output/);
    const out = result.json as Completed & { checks: number; strategy: string };
    expect(out).toMatchObject({
      status: 'completed',
      checks: 2,
      fixRuns: 1,
      flaky: false,
      strategy: 'rebase',
    });
    // Rebase: main fast-forwarded to the tested tip (the fix commit), completion on top.
    expect(await sandbox.git(sandbox.remote, 'show', 'main:fixed.txt')).toBe('fixed');
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', out.mergeCommit)).toBe(
      'fix(prd-alpha): quality fix after check 1',
    );
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main^')).toBe(out.mergeCommit);
    const merges = await sandbox.git(sandbox.remote, 'rev-list', '--merges', 'main');
    expect(merges).toBe('');
  });

  it('a check that stays red blocks the lock after `attempts` checks', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      mergeQueue: {
        qualityCheck: 'echo still-failing; exit 3',
        qualityFix: 'echo attempt >> fix.log',
        attempts: 2,
      },
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const before = await sandbox.git(sandbox.remote, 'rev-parse', 'main');

    const result = await runLanes(clone, ['release', '--json']);
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({
      error: {
        code: 'E_QUALITY_CHECK',
        checks: 2,
        attempts: 2,
        fixRuns: 1,
        command: 'echo still-failing; exit 3',
        exitCode: 3,
        output: ['still-failing'],
      },
    });
    expect(result.stderr.match(/^still-failing$/gm)).toHaveLength(2);
    const lock = (await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json'))
      .sessions[0];
    expect(lock).toMatchObject({
      status: 'blocked',
      blockedReason: 'quality check failed after 2 attempts: echo still-failing; exit 3',
    });
    const after = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    expect(await changedBetween(sandbox, before, after)).toEqual([
      'docs/prd-registry.json',
      'docs/session-locks.json',
    ]);
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/alpha');
  });

  it('refuses a branch with nothing beyond main and no completed story, changing nothing', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    // An agent that releases before committing anything: its branch is main.
    await sandbox.git(clone, 'reset', '-q', '--hard', 'origin/main');
    await sandbox.git(clone, 'push', '-q', '--force', 'origin', 'feature/alpha');
    const tip = await sandbox.git(sandbox.remote, 'rev-parse', 'main');

    const early = await runLanes(clone, ['release', '--json']);
    expect(early.exitCode, early.stdout + early.stderr).toBe(3);
    expect(early.json).toMatchObject({
      error: { code: 'E_LOCAL_STATE', reason: 'nothing to release', paths: [] },
    });
    expect((early.json as { error: { hint: string } }).error.hint).toMatch(
      /lanes abandon prd-alpha/,
    );
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(tip);
    const locks = JSON.parse(
      await sandbox.git(sandbox.remote, 'show', 'main:docs/session-locks.json'),
    );
    expect(locks.sessions).toEqual([
      expect.objectContaining({ prdId: 'prd-alpha', status: 'in_progress' }),
    ]);
  });

  it('refuses without a claim, for another session, with uncommitted changes, or a bad strategy or priority', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      extraClones: 1,
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const [stranger] = fixture.extraClones as [string];
    const tip = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    const branchTip = await sandbox.git(sandbox.remote, 'rev-parse', 'feature/alpha');

    const none = await runLanes(stranger, ['release', '--json']);
    expect(none.exitCode).toBe(3);
    expect(none.json).toMatchObject({ error: { code: 'E_NO_SESSION' } });

    await sandbox.git(stranger, 'switch', '-q', '-c', 'feature/alpha', 'origin/feature/alpha');
    const notMine = await runLanes(stranger, ['release', '--session', OTHER, '--json']);
    expect(notMine.exitCode).toBe(3);
    expect(notMine.json).toMatchObject({ error: { code: 'E_NOT_OWNER', holder: ME } });

    await sandbox.write(clone, 'src/alpha.ts', 'half done\n');
    const dirty = await runLanes(clone, ['release', '--json']);
    expect(dirty.exitCode).toBe(3);
    expect(dirty.json).toMatchObject({
      error: { code: 'E_LOCAL_STATE', reason: 'uncommitted changes', paths: ['src/alpha.ts'] },
    });

    const usage = await runLanes(clone, ['release', '--strategy', 'octopus', '--json']);
    expect(usage.exitCode).toBe(2);
    expect(usage.json).toMatchObject({ error: { code: 'E_USAGE' } });
    const priority = await runLanes(clone, ['release', '--priority', 'urgent', '--json']);
    expect(priority.exitCode).toBe(2);
    expect(priority.json).toMatchObject({
      error: { code: 'E_USAGE', priority: 'urgent', priorities: ['high', 'normal'] },
    });
    const offline = await runLanes(clone, ['release', '--offline', '--json']);
    expect(offline.exitCode).toBe(2);
    expect(offline.json).toMatchObject({ error: { code: 'E_USAGE' } });

    // Refused means unchanged: the remote's main and branch, the local checkout.
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(tip);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'feature/alpha')).toBe(branchTip);
    expect(await readFile(join(clone, 'src/alpha.ts'), 'utf8')).toBe('half done\n');
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/alpha');
  });
});

describe('lanes release from a linked worktree', () => {
  it('lands the work but leaves the worktree and its checked-out branch alone, and says so', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    // The claim lives in a linked worktree (as `lanes claim --worktree` makes), not the clone.
    await sandbox.git(clone, 'switch', '-q', 'main');
    const linked = join(sandbox.root, 'alpha-worktree');
    await sandbox.git(clone, 'worktree', 'add', '-q', linked, 'feature/alpha');
    await holdClaim(sandbox, linked, ME, 'prd-alpha', 'feature/alpha', 'main');
    const tip = await sandbox.git(linked, 'rev-parse', 'HEAD');

    const result = await runLanes(linked, ['release', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      status: 'completed',
      branchDeleted: false,
      localBranchDeleted: false,
      remoteBranchDeleted: true,
    });
    expect(result.stderr).toContain(`this linked worktree (${linked}) still has feature/alpha`);
    // The branch kept is named as what landed, with the commands that clear it.
    const { notes } = result.json as { notes: string[] };
    expect(notes.join('\n')).not.toContain('commits that were not released');
    expect(notes.join('\n')).toContain(`git branch -D feature/alpha`);
    expect(await sandbox.git(linked, 'branch', '--show-current')).toBe('feature/alpha');
    expect(await sandbox.git(linked, 'rev-parse', 'HEAD')).toBe(tip);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/alpha.ts')).toBe('alpha');
    const gitDir = await sandbox.git(linked, 'rev-parse', '--absolute-git-dir');
    expect(await exists(join(gitDir, 'lanes', 'claim.json'))).toBe(false);
    // What the note says works, from the clone.
    await sandbox.git(clone, 'worktree', 'remove', linked);
    await sandbox.git(clone, 'branch', '-D', 'feature/alpha');
    expect(await sandbox.git(clone, 'branch', '--list', 'feature/alpha')).toBe('');
  });
});

describe('lanes release with a dedicated coordination branch', () => {
  it('lands on main and records the completion on lanes/state (squash)', async () => {
    const fixture = await releaseScenario({
      sessions: [
        {
          sessionId: ME,
          prdId: 'prd-alpha',
          files: { 'src/alpha.ts': 'alpha\n', 'src/b.ts': 'b\n' },
        },
      ],
      coordination: 'lanes/state',
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const mainBefore = await sandbox.git(sandbox.remote, 'rev-parse', 'main');

    const result = await runLanes(clone, ['release', '--strategy', 'squash', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const out = result.json as Completed;
    expect(out).toMatchObject({ status: 'completed', branchDeleted: true });

    // main: one squash commit on the old tip, no lanes documents.
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(out.mergeCommit);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main^')).toBe(mainBefore);
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', 'main')).toBe(
      'Alpha (prd-alpha)',
    );
    expect(await changedBetween(sandbox, mainBefore, 'main')).toEqual(['src/alpha.ts', 'src/b.ts']);
    // lanes/state: recorded, then completed.
    const subjects = await sandbox.git(sandbox.remote, 'log', '-2', '--format=%s', 'lanes/state');
    expect(subjects.split('\n')).toEqual([
      `chore: complete prd-alpha (${ME})`,
      `chore: record merge of prd-alpha (${out.mergeCommit.slice(0, 12)})`,
    ]);
    const registry = await remoteJson<RegistryDoc>(
      sandbox,
      'lanes/state',
      'docs/prd-registry.json',
    );
    expect(registry.completed[0]).toMatchObject({ id: 'prd-alpha', mergeCommit: out.mergeCommit });
    expect(
      (await remoteJson<LocksDoc>(sandbox, 'lanes/state', 'docs/session-locks.json')).sessions,
    ).toEqual([]);
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('main');
    expect(await sandbox.git(clone, 'rev-parse', 'HEAD')).toBe(out.mergeCommit);
  });
});
