import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CoordinationState } from '@lanes/core';
import { buildState } from '@lanes/core/testing';
import { claimRecordFile, openRepository, ping, sessionFile, writeClaimRecord } from '@lanes/git';
import { createSandbox, runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ago, seed, today } from './lifecycle.js';

const OWN = 'developer-aaaaaa';
const HELPER = 'developer-9b9b9b';
const DIRTY = 'developer-cccccc';
const LINKED = 'developer-7e7e7e';
const STALE = 'developer-5a5a5a';

function state(): CoordinationState {
  const live = (sessionId: string, prdId: string) => ({
    sessionId,
    prdId,
    claimedAt: ago(30),
    heartbeat: ago(1),
  });
  const stale = (sessionId: string, prdId: string) => ({
    sessionId,
    prdId,
    claimedAt: ago(120),
    heartbeat: ago(60),
  });
  return buildState({
    prds: [
      'prd-own',
      'prd-stale',
      'prd-live',
      'prd-forced',
      'prd-kept',
      'prd-local',
      'prd-guarded',
      'prd-dirty',
      'prd-linked',
      'prd-ready',
    ].map((id) => ({ id })),
    locks: [
      { ...live(OWN, 'prd-own'), completedStories: ['US-001'], currentStory: 'US-002' },
      stale(STALE, 'prd-stale'),
      live('developer-1e1e1e', 'prd-live'),
      live('developer-2e2e2e', 'prd-forced'),
      stale('developer-3e3e3e', 'prd-kept'),
      stale('developer-4e4e4e', 'prd-local'),
      stale('developer-6e6e6e', 'prd-guarded'),
      live(DIRTY, 'prd-dirty'),
      live(LINKED, 'prd-linked'),
    ],
  });
}

interface AbandonJson {
  prdId: string;
  sessionId: string;
  abandonedBy: string;
  archivedTo: string;
  branch: string;
  branchTip: string | null;
  branchDeleted: boolean;
  localBranchDeleted: boolean;
  remoteBranchDeleted: boolean;
  switchedTo: string | null;
}

describe('lanes stale and lanes abandon', () => {
  let sandbox: Sandbox;
  let owner: string; // holds prd-own, on feature/own
  let helper: string; // session HELPER, holds nothing
  let dirty: string; // holds prd-dirty, on feature/dirty with uncommitted changes
  let linked: string; // a linked worktree of helper's clone, holding prd-linked
  let seedCommit: string;
  const tips: Record<string, string> = {};

  const lanes = (cwd: string, args: string[], session?: string) =>
    runLanes(cwd, args, { env: session ? { LANES_SESSION: session } : {} });
  const remoteTip = async (branch: string) => {
    const result = await sandbox.gitResult(
      sandbox.remote,
      'rev-parse',
      '--verify',
      '-q',
      `refs/heads/${branch}`,
    );
    return result.exitCode === 0 ? result.stdout.trim() : null;
  };
  const remoteFile = (path: string) => sandbox.git(sandbox.remote, 'show', `main:${path}`);
  const remoteJson = async <T>(path: string) => JSON.parse(await remoteFile(path)) as T;
  /** Everything a refused command must leave alone: remote refs, and each clone's HEAD, branch, changes. */
  const fingerprint = async () => {
    const parts = [await sandbox.git(sandbox.remote, 'for-each-ref')];
    for (const cwd of [owner, helper, dirty, linked]) {
      parts.push(
        await sandbox.git(cwd, 'rev-parse', 'HEAD'),
        await sandbox.git(cwd, 'branch', '--show-current'),
        await sandbox.git(cwd, 'status', '--porcelain'),
        await sandbox.git(cwd, 'for-each-ref', 'refs/heads'),
      );
    }
    return parts.join('\n');
  };
  const writeSession = async (cwd: string, sessionId: string) => {
    const file = sessionFile(await openRepository(cwd, { env: sandboxEnv() }));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${sessionId}\n`);
  };
  const pushBranch = async (cwd: string, branch: string, push = true) => {
    await sandbox.git(cwd, 'switch', '-q', '-c', branch, 'main');
    tips[branch] = await sandbox.commit(cwd, `work on ${branch}`, {
      [`src/${branch.replace('/', '-')}.ts`]: `// ${branch}\n`,
    });
    if (push) await sandbox.git(cwd, 'push', '-q', 'origin', branch);
  };

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 3 });
    [owner, helper, dirty] = sandbox.clones as [string, string, string];
    seedCommit = await seed(sandbox, owner, state());
    for (const cwd of [helper, dirty]) await sandbox.git(cwd, 'pull', '-q', 'origin', 'main');

    await pushBranch(owner, 'feature/own');
    await writeSession(owner, OWN);
    await writeClaimRecord(await openRepository(owner, { env: sandboxEnv() }), {
      sessionId: OWN,
      prdId: 'prd-own',
      branch: 'feature/own',
      remote: 'origin',
      coordinationBranch: 'main',
      claimedAt: ago(30),
    });
    for (const branch of ['stale', 'live', 'forced', 'kept', 'guarded']) {
      await pushBranch(helper, `feature/${branch}`);
      await sandbox.git(helper, 'switch', '-q', 'main');
    }
    await pushBranch(helper, 'feature/local', false);
    await sandbox.git(helper, 'switch', '-q', 'main');

    await pushBranch(dirty, 'feature/dirty');
    await writeSession(dirty, DIRTY);
    await sandbox.write(dirty, 'README.md', '# changed, not committed\n');

    linked = join(sandbox.root, 'linked');
    await sandbox.git(helper, 'worktree', 'add', '-q', '-b', 'feature/linked', linked, 'main');
    tips['feature/linked'] = await sandbox.commit(linked, 'linked work', {
      'src/linked.ts': '1\n',
    });
    await sandbox.git(linked, 'push', '-q', 'origin', 'feature/linked');
    await writeSession(linked, LINKED);

    // The stale session's heartbeat ref, as old as its lock: abandon removes it.
    await ping(
      await openRepository(helper, { env: sandboxEnv() }),
      'origin',
      STALE,
      { prdId: 'prd-stale' },
      new Date(Date.now() - 60 * 60_000),
    );

    // The remote refuses to delete this one branch, as a protected branch would be.
    const hook = join(sandbox.remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      '#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = refs/heads/feature/guarded ] && [ "$new" = 0000000000000000000000000000000000000000 ]; then\n    echo "feature/guarded is protected" >&2; exit 1\n  fi\ndone\n',
    );
    await chmod(hook, 0o755);
  });
  afterAll(() => sandbox.cleanup());

  it('lists the stale sessions, with their age and the choices', async () => {
    const json = await lanes(helper, ['stale', '--json'], HELPER);
    expect(json.exitCode).toBe(0);
    const sessions = (json.json as { sessions: Record<string, unknown>[] }).sessions;
    expect(sessions.map((s) => [s.prdId, s.sessionId, s.stale])).toEqual([
      ['prd-stale', STALE, true],
      ['prd-kept', 'developer-3e3e3e', true],
      ['prd-local', 'developer-4e4e4e', true],
      ['prd-guarded', 'developer-6e6e6e', true],
    ]);
    expect(sessions[0]).toMatchObject({
      branch: 'feature/stale',
      status: 'in_progress',
      currentStory: null,
      completedStories: [],
      lastSeen: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });

    const text = await lanes(helper, ['stale'], HELPER);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('4 stale sessions (not seen for more than 10 minutes)');
    expect(text.stdout).toMatch(
      /developer-5a5a5a · 0\/3 · last seen (59m|1h) ago · feature\/stale/,
    );
    expect(text.stdout).toContain('lanes resume prd-stale');
    expect(text.stdout).toContain('lanes abandon prd-stale --reason "…"');
    expect(text.stdout).toContain('skip:');
    expect(text.stdout).not.toContain('prd-live');
    for (const row of text.stdout.split('\n')) expect([...row].length).toBeLessThanOrEqual(80);
  });

  it("abandons this worktree's own PRD: archive, registry, lock, branch, claim record", async () => {
    const before = today();
    const result = await lanes(owner, ['abandon', '--reason', 'not needed any more', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const out = result.json as AbandonJson;
    const dir = `docs/abandoned/${out.archivedTo.slice(15, 25)}-prd-own/`;
    expect([before, today()]).toContain(out.archivedTo.slice(15, 25));
    expect(out).toMatchObject({
      prdId: 'prd-own',
      sessionId: OWN,
      archivedTo: dir,
      branch: 'feature/own',
      branchTip: tips['feature/own'],
      branchDeleted: true,
      localBranchDeleted: true,
      remoteBranchDeleted: true,
      switchedTo: 'main',
    });

    // FORMATS.md: the folder holds exactly the PRD file, moved unchanged, and reason.md.
    const archived = await sandbox.git(sandbox.remote, 'ls-tree', '-r', '--name-only', 'main', dir);
    expect(archived.split('\n')).toEqual([`${dir}prd-own.json`, `${dir}reason.md`]);
    expect(await remoteFile(`${dir}prd-own.json`)).toBe(
      await sandbox.git(owner, 'show', `${seedCommit}:docs/prds/prd-own.json`),
    );
    const reason = await remoteFile(`${dir}reason.md`);
    for (const fact of [
      'prd-own',
      OWN,
      'not needed any more',
      'feature/own',
      tips['feature/own']!,
      '- US-001',
    ]) {
      expect(reason).toContain(fact);
    }
    expect(
      (await sandbox.gitResult(sandbox.remote, 'cat-file', '-e', 'main:docs/prds/prd-own.json'))
        .exitCode,
    ).not.toBe(0);
    const registry = await remoteJson<{
      prds: { id: string }[];
      abandoned: Record<string, unknown>[];
    }>('docs/prd-registry.json');
    expect(registry.prds.map((p) => p.id)).not.toContain('prd-own');
    expect(registry.abandoned).toContainEqual({
      id: 'prd-own',
      title: 'Own',
      abandonedAt: expect.any(String),
      archivedTo: dir,
      reason: 'not needed any more',
      sessionId: OWN,
    });
    const locks = await remoteJson<{ sessions: { prdId: string }[] }>('docs/session-locks.json');
    expect(locks.sessions.map((l) => l.prdId)).not.toContain('prd-own');
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', 'main')).toBe(
      `chore: abandon prd-own (${OWN})`,
    );

    expect(await remoteTip('feature/own')).toBeNull();
    expect(await sandbox.git(owner, 'branch', '--show-current')).toBe('main');
    expect(await sandbox.git(owner, 'branch', '--list', 'feature/own')).toBe('');
    expect(existsSync(join(owner, dir, 'reason.md'))).toBe(true);
    expect(existsSync(claimRecordFile(await openRepository(owner, { env: sandboxEnv() })))).toBe(
      false,
    );
  });

  it("abandons a stale session's PRD and removes its heartbeat ref", async () => {
    expect(
      await sandbox.git(sandbox.remote, 'for-each-ref', `refs/lanes/heartbeats/${STALE}`),
    ).not.toBe('');
    const result = await lanes(
      helper,
      ['abandon', 'stale', '--reason', 'its agent crashed', '--json'],
      HELPER,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      prdId: 'prd-stale',
      sessionId: STALE,
      abandonedBy: HELPER,
      branchTip: tips['feature/stale'],
      branchDeleted: true,
      switchedTo: null,
    });
    expect(await remoteTip('feature/stale')).toBeNull();
    expect(await sandbox.git(helper, 'branch', '--list', 'feature/stale')).toBe('');
    expect(
      await sandbox.git(sandbox.remote, 'for-each-ref', `refs/lanes/heartbeats/${STALE}`),
    ).toBe('');
  });

  it("refuses a live session's PRD without --force, changing nothing", async () => {
    const before = await fingerprint();
    const result = await lanes(
      helper,
      ['abandon', 'prd-live', '--reason', 'mine now', '--json'],
      HELPER,
    );
    expect(result.exitCode).toBe(3);
    expect(result.json).toMatchObject({
      error: {
        code: 'E_NOT_OWNER',
        holder: 'developer-1e1e1e',
        stale: false,
        hint: expect.stringContaining('--force'),
      },
    });
    const text = await lanes(helper, ['abandon', 'prd-live', '--reason', 'mine now'], HELPER);
    expect(text.stderr).toContain('hint:');
    expect(text.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(await fingerprint()).toBe(before);
  });

  it("abandons a live session's PRD with --force", async () => {
    const result = await lanes(
      helper,
      ['abandon', 'prd-forced', '--reason', 'superseded', '--force', '--json'],
      HELPER,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      prdId: 'prd-forced',
      sessionId: 'developer-2e2e2e',
      branchDeleted: true,
    });
    expect(await remoteTip('feature/forced')).toBeNull();
  });

  it('refuses an unknown PRD, a malformed id and a missing reason, changing nothing', async () => {
    const before = await fingerprint();
    const cases: [string[], number, string, RegExp][] = [
      [['prd-nope', '--reason', 'x'], 3, 'E_UNKNOWN_PRD', /prd-nope/],
      [['Not_An_Id', '--reason', 'x'], 2, 'E_USAGE', /<prd>/],
      [['prd-live'], 2, 'E_USAGE', /--reason/],
      [['prd-live', '--reason', '   '], 2, 'E_USAGE', /--reason/],
      [['prd-live', '--reason'], 2, 'E_USAGE', /reason/],
    ];
    for (const [args, exitCode, code, message] of cases) {
      const result = await lanes(helper, ['abandon', ...args, '--json'], HELPER);
      expect(result.exitCode, args.join(' ')).toBe(exitCode);
      expect(result.json).toMatchObject({
        error: { code, message: expect.stringMatching(message) },
      });
    }
    expect(await fingerprint()).toBe(before);
  });

  it('keeps the branch with --keep-branch', async () => {
    const result = await lanes(
      helper,
      ['abandon', 'prd-kept', '--reason', 'parked', '--keep-branch', '--json'],
      HELPER,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      branch: 'feature/kept',
      branchTip: tips['feature/kept'],
      branchDeleted: false,
      localBranchDeleted: false,
      remoteBranchDeleted: false,
    });
    expect(await remoteTip('feature/kept')).toBe(tips['feature/kept']);
    expect(await sandbox.git(helper, 'rev-parse', 'refs/heads/feature/kept')).toBe(
      tips['feature/kept'],
    );
  });

  it('records the local tip of a branch the remote never had, and deletes it here', async () => {
    const result = await lanes(
      helper,
      ['abandon', 'prd-local', '--reason', 'never pushed', '--json'],
      HELPER,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      branchTip: tips['feature/local'],
      branchDeleted: true,
      localBranchDeleted: true,
      remoteBranchDeleted: false,
    });
    expect(await sandbox.git(helper, 'branch', '--list', 'feature/local')).toBe('');
    const dir = (result.json as AbandonJson).archivedTo;
    expect(await remoteFile(`${dir}reason.md`)).toContain(tips['feature/local']!);
  });

  it('still abandons when the remote refuses to delete the branch, and says so', async () => {
    const result = await lanes(
      helper,
      ['abandon', 'prd-guarded', '--reason', 'dropped', '--json'],
      HELPER,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      branchDeleted: false,
      remoteBranchDeleted: false,
      localBranchDeleted: true,
    });
    expect(result.stderr).toContain('feature/guarded');
    expect(await remoteTip('feature/guarded')).toBe(tips['feature/guarded']);
  });

  it('refuses before the transaction when uncommitted changes on the branch would be lost', async () => {
    const before = await fingerprint();
    const result = await lanes(dirty, ['abandon', '--reason', 'x', '--json']);
    expect(result.exitCode).toBe(3);
    expect(result.json).toMatchObject({
      error: { code: 'E_LOCAL_STATE', reason: 'uncommitted changes', paths: ['README.md'] },
    });
    expect(await fingerprint()).toBe(before);
  });

  it('from a linked worktree whose main is checked out elsewhere, detaches at main', async () => {
    const result = await lanes(linked, ['abandon', '--reason', 'done elsewhere', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      prdId: 'prd-linked',
      sessionId: LINKED,
      branchDeleted: true,
      switchedTo: expect.stringContaining('detached'),
    });
    expect(await sandbox.git(linked, 'branch', '--show-current')).toBe('');
    expect(await sandbox.git(helper, 'branch', '--list', 'feature/linked')).toBe('');
  });

  it('without a session: names the PRD or refuses; an unclaimed PRD can be abandoned by anyone', async () => {
    const fresh = await sandbox.addClone('fresh');
    let result = await lanes(fresh, ['abandon', '--reason', 'x', '--json']);
    expect(result.exitCode).toBe(3);
    expect(result.json).toMatchObject({ error: { code: 'E_NO_SESSION' } });

    result = await lanes(fresh, ['abandon', 'prd-ready', '--reason', 'out of scope', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const out = result.json as AbandonJson;
    expect(out).toMatchObject({ prdId: 'prd-ready', branchTip: null, branchDeleted: true });
    // The worktree got a session of its own: it is who abandoned it.
    expect(out.sessionId).toMatch(/^developer-[0-9a-f]{6}$/);
    expect(out.abandonedBy).toBe(out.sessionId);
  });

  it('leaves a state lanes validate accepts', async () => {
    const result = await lanes(helper, ['validate', '--json'], HELPER);
    expect(result.json).toEqual({ ok: true, source: 'origin/main', problems: [] });
    const locks = await remoteJson<{ sessions: { prdId: string }[] }>('docs/session-locks.json');
    expect(locks.sessions.map((l) => l.prdId)).toEqual(['prd-live', 'prd-dirty']);
  });
});
