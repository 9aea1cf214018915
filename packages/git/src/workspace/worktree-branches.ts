import { withPorcelain } from '../porcelain.js';
import { assertBranchName } from '../refs.js';
import type { Git } from '../runner.js';

// Which worktree has which branch checked out. git refuses to delete or switch to a
// branch that another worktree of the same repository has checked out, so commands
// ask first and choose another way instead of failing halfway.

export interface WorktreeEntry {
  /** Absolute path of the worktree. */
  path: string;
  /** The checked-out branch (short name), or null when detached or bare. */
  branch: string | null;
}

/** Every worktree of the repository, from `git worktree list --porcelain -z`. */
export async function listWorktrees(git: Git): Promise<WorktreeEntry[]> {
  const output = await git.check(['worktree', 'list', '--porcelain', '-z']);
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of output.split('\0')) {
    if (field.startsWith('worktree ')) {
      current = { path: field.slice('worktree '.length), branch: null };
      entries.push(current);
    } else if (field.startsWith('branch ') && current !== undefined) {
      current.branch = field.slice('branch '.length).replace(/^refs\/heads\//, '');
    }
  }
  return entries;
}

/** The path of the worktree that has `branch` checked out, or null when none has. */
export async function worktreeOfBranch(git: Git, branch: string): Promise<string | null> {
  assertBranchName(branch);
  const found = (await listWorktrees(git)).find((entry) => entry.branch === branch);
  return found?.path ?? null;
}

/**
 * Detaches HEAD at `sha`, keeping local changes git can carry over. Used when the
 * branch to return to is checked out in another worktree.
 */
export async function detachAt(git: Git, sha: string): Promise<void> {
  await withPorcelain(git, (porcelain) => porcelain.checkout(['--detach', sha]));
}
