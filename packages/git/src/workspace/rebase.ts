import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { withPorcelain } from '../porcelain.js';
import type { Git } from '../runner.js';
import { HOOKS_OFF, QUIET_HOOKS_ENV } from './detached-worktree.js';

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

function rebase(worktree: Git, onto: string, onConflict: 'abort' | 'stop'): Promise<RebaseOutcome> {
  return withPorcelain(
    worktree,
    async (porcelain): Promise<RebaseOutcome> => {
      try {
        await porcelain.rebase(['--quiet', '--no-update-refs', '--no-autosquash', onto]);
        return { kind: 'rebased', tip: await porcelain.revparse(['--verify', 'HEAD']) };
      } catch (failure) {
        const files = [...new Set((await porcelain.status()).conflicted)].sort();
        // A failure that is not a conflict is always undone: nothing is left for the user.
        if (onConflict === 'abort' || files.length === 0) {
          await porcelain.rebase(['--abort']).catch(() => {});
        }
        if (files.length === 0) throw failure;
        return { kind: 'conflict', files };
      }
    },
    {
      config: [HOOKS_OFF, 'rebase.autoStash=false'],
      env: { ...QUIET_HOOKS_ENV, GIT_EDITOR: 'true', GIT_SEQUENCE_EDITOR: 'true' },
      timeoutMs: REBASE_TIMEOUT_MS,
    },
  );
}

/** Whether a rebase (or `git am`) is stopped in this worktree. */
export async function rebaseInProgress(worktree: Git): Promise<boolean> {
  const gitDir = await worktree.check(['rev-parse', '--absolute-git-dir']);
  return ['rebase-merge', 'rebase-apply'].some((dir) => existsSync(join(gitDir, dir)));
}
