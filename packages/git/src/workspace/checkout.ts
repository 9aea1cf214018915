import { LanesError } from '@lanes/core';
import { withPorcelain } from '../porcelain.js';
import { assertBranchName } from '../refs.js';
import type { Repository } from '../repository.js';
import type { Git } from '../runner.js';

// Operations on the user's own checkout. Unlike transactions these do touch the
// worktree, so each checks first and refuses before changing anything.

/** The checked-out branch, or null on a detached HEAD. */
export async function currentBranch(git: Git): Promise<string | null> {
  const result = await git.run(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

export async function localBranchSha(git: Git, branch: string): Promise<string | null> {
  const result = await git.run([
    'rev-parse',
    '--verify',
    '--quiet',
    `refs/heads/${branch}^{commit}`,
  ]);
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** Creates (or resets, when it does not exist yet) a local branch at `sha` and checks it out. */
export async function switchToNewBranch(git: Git, branch: string, sha: string): Promise<void> {
  assertBranchName(branch);
  await withPorcelain(git, (porcelain) => porcelain.checkoutBranch(branch, sha));
}

/** Checks out an existing local branch. */
export async function switchToBranch(git: Git, branch: string): Promise<void> {
  assertBranchName(branch);
  // `--`: the name is a branch, never a path to restore.
  await withPorcelain(git, (porcelain) => porcelain.checkout([branch, '--']));
}

/** Fast-forwards the checked-out branch to `sha`; false when it cannot be done cleanly. */
export async function fastForwardTo(git: Git, sha: string): Promise<boolean> {
  const result = await git.run(['merge', '--ff-only', '--quiet', sha], {
    env: { LANES_SKIP_HOOKS: '1' },
  });
  return result.exitCode === 0;
}

/** A new linked worktree at `path` on `branch`, created at `sha` when the branch is new. */
export async function addWorktree(
  repo: Repository,
  path: string,
  branch: string,
  sha: string,
): Promise<void> {
  assertBranchName(branch);
  const exists = (await localBranchSha(repo.git, branch)) !== null;
  const args = exists
    ? ['worktree', 'add', '--quiet', path, branch]
    : ['worktree', 'add', '--quiet', '--no-track', '-b', branch, path, sha];
  await repo.git.check(args);
}

export async function removeWorktree(repo: Repository, path: string): Promise<void> {
  await repo.git.run(['worktree', 'remove', '--force', path]);
  await repo.git.run(['worktree', 'prune']);
}

/** Deletes a local branch that is not checked out anywhere; false when git refuses. */
export async function deleteLocalBranch(git: Git, branch: string): Promise<boolean> {
  assertBranchName(branch);
  const result = await git.run(['branch', '--quiet', '-D', branch]);
  return result.exitCode === 0;
}

export function dirtyWorktreeError(paths: string[]): LanesError {
  const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ', …' : '');
  return new LanesError('E_LOCAL_STATE', `uncommitted changes would be lost: ${shown}`, {
    hint: 'commit or stash them first, or use --worktree to work in a new linked worktree',
    details: { reason: 'uncommitted changes', paths, files: paths },
  });
}
