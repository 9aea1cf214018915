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
