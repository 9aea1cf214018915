import type { StatusResult } from 'simple-git';
import { withPorcelain } from '../porcelain.js';
import type { Git } from '../runner.js';

// What a worktree changed and has not committed, each answer one `git status`.

function worktreeStatus(git: Git, args: string[]): Promise<StatusResult> {
  return withPorcelain(git, (porcelain) => porcelain.status(args));
}

/** Every path a status names, a rename by both of its paths. */
function statusPaths(status: StatusResult): string[] {
  return status.files.flatMap(({ path, from }) =>
    from === undefined || from === path ? [path] : [from, path],
  );
}

/** Tracked files with uncommitted changes (staged or not); untracked files are kept by a switch. */
export async function uncommittedChanges(git: Git): Promise<string[]> {
  return statusPaths(await worktreeStatus(git, ['--untracked-files=no']));
}

/**
 * Every file a worktree changed and has not committed: staged, unstaged and untracked
 * (a new file is an edit too), renames as both paths.
 */
export async function worktreeChangedFiles(git: Git): Promise<string[]> {
  return statusPaths(await worktreeStatus(git, ['--untracked-files=all', '--no-renames'])).sort();
}

/** Whether `path` (from the worktree's top) is a file there that git does not track. */
export async function isUntrackedFile(git: Git, path: string): Promise<boolean> {
  const status = await worktreeStatus(git, [
    '--untracked-files=all',
    '--',
    `:(top,literal)${path}`,
  ]);
  return status.not_added.includes(path);
}

/** Those of `paths` that differ from HEAD in the worktree or the index, new files included. */
export async function changedAmong(worktree: Git, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const status = await worktreeStatus(worktree, ['--untracked-files=all', '--', ...paths]);
  const changed = new Set(statusPaths(status));
  return paths.filter((path) => changed.has(path));
}

/** Paths with unresolved conflicts in the worktree's index. */
export async function conflictingFiles(worktree: Git): Promise<string[]> {
  return [...new Set((await worktreeStatus(worktree, [])).conflicted)].sort();
}
