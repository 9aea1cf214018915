import { unlink } from 'node:fs/promises';
import type { Repository } from '../repository.js';
import { readSessionId, sessionFile } from '../session.js';

/**
 * Forgets the session recorded for this worktree when it is `sessionId` (its work is
 * done); the next claim starts a new one. A different recorded session is kept.
 */
export async function forgetSessionId(
  repo: Pick<Repository, 'gitDir'>,
  sessionId: string,
): Promise<boolean> {
  const recorded = await readSessionId(repo, {}).catch(() => null);
  if (recorded !== sessionId) return false;
  await unlink(sessionFile(repo)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return true;
}
