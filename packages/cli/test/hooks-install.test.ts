import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoordinationState } from '@lanes/core';
import { buildState } from '@lanes/core/testing';
import { writeClaimRecord } from '@lanes/git';
import { ensureWorktreeHooks } from '@lanes/hooks';
import { runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUp,
  commitWithHooks,
  eventually,
  gitWithEnv,
  holdClaim,
  hookLog,
  open,
  pingLines,
} from './hooks-fixture.js';
import { ago, seededSandbox } from './lifecycle.js';

// `lanes hooks install` / `uninstall` in a plain repository with hooks of its own, and
// in a husky 9 repository, each followed by real commits and pushes.

const A = 'developer-a1b2c3';
const C = 'developer-c3d4e5';
const HUSKY_RUNTIME = fileURLToPath(new URL('../../../node_modules/husky/husky', import.meta.url));

function twoPrds(): CoordinationState {
  return buildState({
    prds: [{ id: 'prd-print' }, { id: 'prd-more' }],
    locks: [
      { sessionId: A, prdId: 'prd-print', claimedAt: ago(20), heartbeat: ago(1) },
      { sessionId: C, prdId: 'prd-more', claimedAt: ago(20), heartbeat: ago(1) },
    ],
  });
}

const OWN_POST_COMMIT =
  '#!/bin/sh\necho "own post-commit" >>"$(git rev-parse --git-dir)/own.log"\n';
const OWN_PRE_PUSH = '#!/bin/sh\ncat >"$(git rev-parse --git-dir)/own-pre-push.txt"\n';

describe('lanes hooks install into git’s hooks directory', () => {
  let sandbox: Sandbox;
  let clone: string;
  let hooks: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(twoPrds());
    clone = sandbox.clones[0]!;
    hooks = join(clone, '.git', 'hooks');
    await holdClaim(sandbox, clone, { sessionId: A, prdId: 'prd-print', branch: 'feature/print' });
    await writeFile(join(hooks, 'post-commit'), OWN_POST_COMMIT, { mode: 0o755 });
    await writeFile(join(hooks, 'pre-push'), OWN_PRE_PUSH, { mode: 0o755 });
  });
  afterAll(() => cleanUp(sandbox));

  it('chains the hooks that were there, runs both, and puts them back on uninstall', async () => {
    const installed = await runLanes(clone, ['hooks', 'install', '--json']);
    expect(installed.exitCode).toBe(0);
    expect(installed.json).toMatchObject({
      mode: 'git',
      hooksDir: hooks,
      hooks: [
        { hook: 'post-commit', action: 'chained' },
        { hook: 'post-rewrite', action: 'created' },
        { hook: 'pre-push', action: 'chained' },
      ],
    });
    const again = await runLanes(clone, ['hooks', 'install', '--json']);
    expect((again.json as { hooks: { action: string }[] }).hooks.map((h) => h.action)).toEqual([
      'updated',
      'updated',
      'updated',
    ]);

    const gitDir = join(clone, '.git');
    expect((await commitWithHooks(sandbox, clone, 'feat: US-001 first')).exitCode).toBe(0);
    expect(await readFile(join(gitDir, 'own.log'), 'utf8')).toBe('own post-commit\n');
    expect(pingLines(await hookLog(gitDir))).toHaveLength(1);
    const push = await gitWithEnv(clone, {}, 'push', '-q', 'origin', 'feature/print');
    expect(push.exitCode).toBe(0);
    const head = await sandbox.git(clone, 'rev-parse', 'HEAD');
    expect(await readFile(join(gitDir, 'own-pre-push.txt'), 'utf8')).toMatch(
      new RegExp(`^refs/heads/feature/print ${head} refs/heads/feature/print 0{40}\n$`),
    );

    const removed = await runLanes(clone, ['hooks', 'uninstall', '--json']);
    expect(removed.exitCode).toBe(0);
    expect(removed.json).toMatchObject({
      restored: [join(hooks, 'post-commit'), join(hooks, 'pre-push')],
    });
    expect(await readFile(join(hooks, 'post-commit'), 'utf8')).toBe(OWN_POST_COMMIT);
    expect(await readFile(join(hooks, 'pre-push'), 'utf8')).toBe(OWN_PRE_PUSH);
    await expect(readFile(join(hooks, 'post-rewrite'), 'utf8')).rejects.toThrow(/ENOENT/);
    expect((await sandbox.gitResult(clone, 'config', '--get', 'lanes.bin')).exitCode).toBe(1);

    // Lanes would ping now (no stamp); uninstalled, only the user's hook runs.
    await rm(join(gitDir, 'lanes', 'heartbeat-stamp'));
    await commitWithHooks(sandbox, clone, 'feat: US-002 after uninstall');
    expect(await readFile(join(gitDir, 'own.log'), 'utf8')).toBe(
      'own post-commit\nown post-commit\n',
    );
    expect(pingLines(await hookLog(gitDir))).toHaveLength(1);
  });

  it('refuses what it cannot do, changing nothing', async () => {
    const both = await runLanes(clone, ['hooks', 'install', '--husky', '--git', '--json']);
    expect(both.exitCode).toBe(2);
    expect(both.json).toMatchObject({ error: { code: 'E_USAGE' } });

    const noHusky = await runLanes(clone, ['hooks', 'install', '--husky']);
    expect(noHusky.exitCode).toBe(2);
    expect(noHusky.stderr).toMatch(/no \.husky directory/);

    // A hook and an earlier chained one: a third cannot be chained.
    await writeFile(join(hooks, 'post-commit.lanes-chained'), OWN_POST_COMMIT, { mode: 0o755 });
    try {
      const third = await runLanes(clone, ['hooks', 'install', '--json']);
      expect(third.exitCode).toBe(2);
      expect(third.json).toMatchObject({ error: { code: 'E_USAGE' } });
      expect(await readFile(join(hooks, 'post-commit'), 'utf8')).toBe(OWN_POST_COMMIT);
      await expect(readFile(join(hooks, 'post-rewrite'), 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(join(hooks, 'post-commit.lanes-chained'));
    }

    const unknown = await runLanes(clone, ['hook', 'pre-commit', '--json']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.json).toMatchObject({ error: { code: 'E_USAGE' } });
  });

  it('does not report an uninstall whose config another writer kept locked; the re-run finishes it', async () => {
    expect((await runLanes(clone, ['hooks', 'install', '--json'])).exitCode).toBe(0);
    const lock = join(clone, '.git', 'config.lock');
    await writeFile(lock, '');
    try {
      const locked = await runLanes(clone, ['hooks', 'uninstall', '--json']);
      expect(locked.exitCode).toBe(1);
      expect(locked.json).toMatchObject({ error: { code: 'E_GIT', key: 'lanes.bin' } });
    } finally {
      await rm(lock);
    }
    expect((await sandbox.gitResult(clone, 'config', '--get', 'lanes.bin')).exitCode).toBe(0);
    expect((await runLanes(clone, ['hooks', 'uninstall', '--json'])).exitCode).toBe(0);
    expect((await sandbox.gitResult(clone, 'config', '--get', 'lanes.bin')).exitCode).toBe(1);
    expect(await readFile(join(hooks, 'post-commit'), 'utf8')).toBe(OWN_POST_COMMIT);
  });
});

/** The layout husky 9 writes (`husky` on install): `.husky/_/h`, a stub per hook, core.hooksPath. */
async function huskyInstall(sandbox: Sandbox, root: string): Promise<void> {
  const runtime = join(root, '.husky', '_');
  await mkdir(runtime, { recursive: true });
  await writeFile(join(runtime, '.gitignore'), '*');
  await copyFile(HUSKY_RUNTIME, join(runtime, 'h'));
  for (const hook of ['pre-commit', 'post-commit', 'post-rewrite', 'pre-push', 'commit-msg']) {
    await writeFile(join(runtime, hook), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"', {
      mode: 0o755,
    });
    await chmod(join(runtime, hook), 0o755);
  }
  await sandbox.git(root, 'config', 'core.hooksPath', '.husky/_');
}

describe('lanes hooks install in a husky repository', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(twoPrds());
    clone = sandbox.clones[0]!;
    await sandbox.write(
      clone,
      '.husky/pre-commit',
      'echo "husky pre-commit" >>"$(git rev-parse --git-dir)/husky.log"\n',
    );
    await sandbox.commit(clone, 'chore: husky pre-commit');
    await sandbox.git(clone, 'push', '-q', 'origin', 'main');
    await huskyInstall(sandbox, clone);
    await holdClaim(sandbox, clone, { sessionId: A, prdId: 'prd-print', branch: 'feature/print' });
  });
  afterAll(() => cleanUp(sandbox));

  it('adds lanes to .husky/, runs beside the project’s hooks, also in a new worktree, and leaves again', async () => {
    const installed = await runLanes(clone, ['hooks', 'install', '--json']);
    expect(installed.exitCode).toBe(0);
    expect(installed.json).toMatchObject({
      mode: 'husky',
      hooks: [
        { hook: 'post-commit', action: 'created' },
        { hook: 'post-rewrite', action: 'created' },
        { hook: 'pre-push', action: 'created' },
      ],
    });
    const gitDir = join(clone, '.git');
    // The files are committed, as the install note asks, so every worktree has them.
    const commit = await commitWithHooks(sandbox, clone, 'chore: lanes hooks');
    expect(commit.exitCode).toBe(0);
    expect(await readFile(join(gitDir, 'husky.log'), 'utf8')).toBe('husky pre-commit\n');
    expect(pingLines(await hookLog(gitDir))).toEqual([
      expect.stringMatching(/post-commit: ping \(first ping\)$/),
    ]);
    await sandbox.git(clone, 'push', '-q', 'origin', 'HEAD:refs/heads/main');

    // A linked worktree has no .husky/_ (gitignored) until lanes sets it up, as claim does.
    const worktree = join(sandbox.root, 'wt');
    await sandbox.git(
      clone,
      'worktree',
      'add',
      '-q',
      '-b',
      'feature/more',
      worktree,
      'origin/main',
    );
    const changed = await ensureWorktreeHooks(worktree, { env: sandboxEnv() });
    expect(changed).toEqual([join(worktree, '.husky', '_')]);
    const repo = await open(worktree);
    await writeClaimRecord(repo, {
      sessionId: C,
      prdId: 'prd-more',
      branch: 'feature/more',
      remote: 'origin',
      coordinationBranch: 'main',
      claimedAt: ago(1),
    });
    expect(
      (await commitWithHooks(sandbox, worktree, 'feat: US-002 in the worktree')).exitCode,
    ).toBe(0);
    expect(await readFile(join(repo.gitDir, 'husky.log'), 'utf8')).toBe('husky pre-commit\n');
    await eventually(
      async () => ((await pingLines(await hookLog(repo.gitDir))).length === 1 ? true : undefined),
      'the ping from the worktree',
    );

    const removed = await runLanes(clone, ['hooks', 'uninstall', '--json']);
    expect(removed.exitCode).toBe(0);
    const { removed: paths, toCommit } = removed.json as { removed: string[]; toCommit: string[] };
    // The committed husky files changed: until that is committed, the clones keep lanes.
    expect(toCommit).toEqual(['.husky/post-commit', '.husky/post-rewrite', '.husky/pre-push']);
    expect(paths).toEqual(
      expect.arrayContaining([
        join(clone, '.husky', 'pre-push'),
        join(worktree, '.husky', 'pre-push'),
      ]),
    );
    for (const root of [clone, worktree]) {
      await expect(readFile(join(root, '.husky', 'post-commit'), 'utf8')).rejects.toThrow(/ENOENT/);
      expect(await readFile(join(root, '.husky', 'pre-commit'), 'utf8')).toMatch(
        /husky pre-commit/,
      );
    }
  });
});
