import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Git } from '../runner.js';
import { gitFailure } from '../runner.js';
import { QUIET_HOOKS_ENV, WITHOUT_HOOKS } from './detached-worktree.js';

export type RebaseOutcome =
  | { kind: 'rebased'; tip: string }
  /** The rebase stopped on conflicts (aborted or left stopped, per caller); the files git could not merge. */
  | { kind: 'conflict'; files: string[] };

// A rebase replays commit by commit; a long branch on a slow disk needs more than the
// port's default bound.
const REBASE_TIMEOUT_MS = 10 * 60_000;

/**
 * Rebases the detached HEAD of `worktree` onto `onto`. On a conflict the rebase is
 * aborted (the worktree is back where it was) and the conflicting files are returned.
 * The user's rebase settings that would touch other refs or ask questions are off.
 */
export function rebaseOnto(worktree: Git, onto: string): Promise<RebaseOutcome> {
  return rebase(worktree, onto, 'abort');
}

/**
 * Rebases the checked-out branch of the user's worktree onto `onto`, the way they would
 * by hand; on a conflict the rebase is left stopped (not aborted) so they can resolve
 * it with their own tools and `git rebase --continue`.
 */
export function rebaseCheckedOutBranch(worktree: Git, onto: string): Promise<RebaseOutcome> {
  return rebase(worktree, onto, 'stop');
}

async function rebase(
  worktree: Git,
  onto: string,
  onConflict: 'abort' | 'stop',
): Promise<RebaseOutcome> {
  const args = [
    ...WITHOUT_HOOKS,
    '-c',
    'rebase.autoStash=false',
    'rebase',
    '--quiet',
    '--no-update-refs',
    '--no-autosquash',
    onto,
  ];
  const result = await worktree.run(args, {
    env: { ...QUIET_HOOKS_ENV, GIT_EDITOR: 'true', GIT_SEQUENCE_EDITOR: 'true' },
    timeoutMs: REBASE_TIMEOUT_MS,
  });
  if (result.exitCode === 0) {
    return { kind: 'rebased', tip: await worktree.check(['rev-parse', '--verify', 'HEAD']) };
  }
  const files = await conflictingFiles(worktree);
  // A failure that is not a conflict is always undone: nothing is left for the user.
  if (onConflict === 'abort' || files.length === 0) {
    await worktree.run([...WITHOUT_HOOKS, 'rebase', '--abort'], { env: QUIET_HOOKS_ENV });
  }
  if (files.length === 0) throw gitFailure(args, result);
  return { kind: 'conflict', files };
}

/** Paths with unresolved conflicts in the worktree's index. */
export async function conflictingFiles(worktree: Git): Promise<string[]> {
  const out = await worktree.check(['diff', '--name-only', '--diff-filter=U', '-z']);
  return [...new Set(out.split('\0').filter((path) => path !== ''))].sort();
}

/** Whether a rebase (or `git am`) is stopped in this worktree. */
export async function rebaseInProgress(worktree: Git): Promise<boolean> {
  const gitDir = await worktree.check(['rev-parse', '--absolute-git-dir']);
  return ['rebase-merge', 'rebase-apply'].some((dir) => existsSync(join(gitDir, dir)));
}
