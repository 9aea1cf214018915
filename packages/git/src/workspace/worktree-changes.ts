import type { Git } from '../runner.js';

/**
 * Every file a worktree changed and has not committed: staged, unstaged and untracked
 * (a new file is an edit too), renames as both paths. One `git status`.
 */
export async function worktreeChangedFiles(git: Git): Promise<string[]> {
  const out = await git.check([
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--no-renames',
  ]);
  return out
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3))
    .sort();
}

/** Whether `path` (from the worktree's top) is a file there that git does not track. */
export async function isUntrackedFile(git: Git, path: string): Promise<boolean> {
  const out = await git.check([
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--',
    `:(top,literal)${path}`,
  ]);
  return out.split('\0').includes(`?? ${path}`);
}
