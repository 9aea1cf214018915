import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LanesError } from '@lanes/core';

// A new worktree's path belongs to one start at a time. Checking that it does not exist
// lets two starts for the same path both pass and both claim; creating the folder
// non-recursively decides between them on the file system (the second gets EEXIST), and
// `git worktree add` accepts the empty folder it leaves.

export interface PathReservation {
  /** Removes the folder while it is still empty, and the parents made for it. */
  release(): Promise<void>;
}

/** Creates `path` as an empty folder; refused when it exists already (whoever made it). */
export async function reservePath(path: string): Promise<PathReservation> {
  const firstParentMade = await mkdir(dirname(path), { recursive: true }).catch((error) => {
    throw pathUnusable(path, error);
  });
  try {
    await mkdir(path);
  } catch (error) {
    if (firstParentMade !== undefined) await removeEmpty(dirname(path), firstParentMade);
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw pathUnusable(path, error);
    const empty = (await readdir(path).catch(() => [null])).length === 0;
    throw pathTaken(path, empty);
  }
  return { release: () => removeEmpty(path, firstParentMade ?? path) };
}

/**
 * The reservation of an earlier run of the same start, which may have been killed
 * before it made the folder: made now if missing; only the empty folder to remove.
 */
export async function heldReservation(path: string): Promise<PathReservation> {
  await mkdir(path, { recursive: true }).catch((error) => {
    throw pathUnusable(path, error);
  });
  return { release: () => removeEmpty(path, path) };
}

/**
 * Removes `path` and its parents up to `top` while each is empty: never a folder with
 * anything in it (a worktree that was checked out there stays).
 */
async function removeEmpty(path: string, top: string | undefined): Promise<void> {
  for (let folder = path; top !== undefined && folder.startsWith(top); folder = dirname(folder)) {
    const removed = await rmdir(folder).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
    );
    if (!removed || folder === top) return;
  }
}

/**
 * `empty`: an empty folder is how a start holds its path until `git worktree add` fills
 * it; one from another worktree may be at work there, or the folder was made by hand.
 */
export function pathTaken(path: string, empty = false): LanesError {
  const hint = empty
    ? `another claim or resume may be creating the worktree there; if none is running, remove the empty folder (rmdir ${path}) and run the command again, or pass another path`
    : 'a new worktree needs a path that does not exist yet (another claim or resume may be creating it): pass another one, --worktree <path>';
  return new LanesError(
    'E_LOCAL_STATE',
    `--worktree: ${path} already exists${empty ? ' (empty)' : ''}`,
    {
      hint,
      details: { reason: 'path exists', paths: [path], path },
    },
  );
}

function pathUnusable(path: string, error: unknown): LanesError {
  const why = error instanceof Error ? error.message : String(error);
  return new LanesError('E_LOCAL_STATE', `--worktree: cannot create ${path}: ${why}`, {
    hint: 'pass a path in a folder you can write, --worktree <path>',
    details: { reason: 'path unusable', paths: [path], path },
  });
}
