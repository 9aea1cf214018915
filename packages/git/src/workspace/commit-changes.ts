import type { Git } from '../runner.js';
import { gitFailure } from '../runner.js';
import { QUIET_HOOKS_ENV, WITHOUT_HOOKS } from './detached-worktree.js';

/**
 * Commits every change in a lanes-owned worktree (tracked, new and deleted files that
 * .gitignore does not exclude) on its HEAD. Returns the new commit, or null when there
 * was nothing to commit.
 */
export async function commitAllChanges(worktree: Git, message: string): Promise<string | null> {
  await worktree.check(['add', '--all']);
  const diff = ['diff', '--cached', '--quiet'];
  const staged = await worktree.run(diff);
  if (staged.exitCode === 0) return null;
  if (staged.exitCode !== 1) throw gitFailure(diff, staged);
  await worktree.check(
    [...WITHOUT_HOOKS, 'commit', '--quiet', '--no-verify', '--no-gpg-sign', '-F', '-'],
    { input: message.endsWith('\n') ? message : `${message}\n`, env: QUIET_HOOKS_ENV },
  );
  return worktree.check(['rev-parse', '--verify', 'HEAD']);
}

/**
 * Commits exactly `paths` on the checked-out branch, as the user would: the
 * repository's own hooks run (a pre-commit or commit-msg hook may refuse), and nothing
 * else that is staged goes in. Returns the new commit.
 */
export async function commitPaths(
  worktree: Git,
  paths: readonly string[],
  message: string,
): Promise<string> {
  await worktree.check(['add', '--', ...paths]);
  // The repository's hooks (lint-staged, commitlint) may take a while; a minute is generous.
  await worktree.check(['commit', '--quiet', '-F', '-', '--', ...paths], {
    input: message.endsWith('\n') ? message : `${message}\n`,
    timeoutMs: Math.max(worktree.timeoutMs, 120_000),
  });
  return worktree.check(['rev-parse', '--verify', 'HEAD']);
}
