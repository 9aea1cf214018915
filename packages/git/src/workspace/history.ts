import type { Git } from '../runner.js';

// Questions about commits that are already in the object store.

/** Whether `ancestor` is `descendant` or one of its ancestors (false for unknown commits). */
export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  const result = await git.run(['merge-base', '--is-ancestor', ancestor, descendant]);
  return result.exitCode === 0;
}

export function treeOf(git: Git, commit: string): Promise<string> {
  return git.check(['rev-parse', '--verify', `${commit}^{tree}`]);
}

/** Subjects of the commits in `from..to`, oldest first. */
export async function commitSubjects(git: Git, from: string, to: string): Promise<string[]> {
  const out = await git.check(['log', '--reverse', '--format=%s', `${from}..${to}`]);
  return out === '' ? [] : out.split('\n');
}

/** Paths that differ between two commits. */
export async function changedPaths(git: Git, from: string, to: string): Promise<string[]> {
  const out = await git.check(['diff-tree', '-r', '--name-only', '--no-renames', '-z', from, to]);
  return out.split('\0').filter((path) => path !== '');
}

/**
 * The tree of merging two commits (at their merge base), built in the object store
 * without a worktree; null when they conflict.
 */
export async function mergedTree(git: Git, ours: string, theirs: string): Promise<string | null> {
  const result = await git.run(['merge-tree', '--write-tree', '--no-messages', ours, theirs]);
  if (result.exitCode === 1) return null;
  if (result.exitCode !== 0) await git.check(['merge-tree', '--write-tree', ours, theirs]);
  return result.stdout.split('\n')[0]!.trim();
}
