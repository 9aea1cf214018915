import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withPorcelain } from '../porcelain.js';
import type { Repository } from '../repository.js';
import type { Git } from '../runner.js';

// A worktree lanes owns for a while (the merge queue rebases and tests in one), so the
// user's checkout, index and branch are never touched. Hooks are off inside it: its
// commits are lanes' own bookkeeping, not the user's.

/** `git -c …` arguments that run no hook at all (husky's, lanes', anyone's). */
export const HOOKS_OFF = 'core.hooksPath=/dev/null';
export const WITHOUT_HOOKS: readonly string[] = ['-c', HOOKS_OFF];

/** Environment for git calls inside lanes-owned worktrees: lanes' own hooks stay quiet too. */
export const QUIET_HOOKS_ENV = { LANES_SKIP_HOOKS: '1' } as const;

/**
 * A worktree at `path` with a detached HEAD on `sha`, replacing whatever an interrupted
 * run left there. Returns the port acting in it.
 */
export async function addDetachedWorktree(
  repo: Repository,
  path: string,
  sha: string,
): Promise<Git> {
  await discardWorktree(repo, path);
  await repo.git.check([...WITHOUT_HOOKS, 'worktree', 'add', '--quiet', '--detach', path, sha], {
    env: QUIET_HOOKS_ENV,
  });
  return repo.git.at(path);
}

/** Removes a lanes-owned worktree and its files; absent is fine. */
export async function discardWorktree(repo: Repository, path: string): Promise<void> {
  await repo.git.run(['worktree', 'remove', '--force', path]);
  await rm(path, { recursive: true, force: true });
  await repo.git.run(['worktree', 'prune']);
}

/**
 * Removes every lanes-owned worktree inside `dir` (what a killed run left behind) and
 * prunes git's records of worktrees whose directory is gone. Absent is fine; running
 * it twice does nothing the second time.
 */
export async function discardWorktreesIn(repo: Repository, dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) await discardWorktree(repo, join(dir, name));
  await repo.git.run(['worktree', 'prune']);
}

/**
 * Moves the detached HEAD of a lanes-owned worktree to `sha`, dropping what a command
 * run in it changed in tracked files (untracked ones, such as an install's, stay).
 */
export async function detachWorktreeAt(worktree: Git, sha: string): Promise<void> {
  await withPorcelain(worktree, (porcelain) => porcelain.checkout(['--force', '--detach', sha]), {
    config: [HOOKS_OFF],
    env: QUIET_HOOKS_ENV,
  });
}
